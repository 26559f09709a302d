from sqlalchemy import func, select

from participation.demo.seed import seed_demo
from participation.extensions import db
from participation.ideas.demo import seed_demo_ideas
from participation.ideas.models import Comment, Idea


def test_the_demo_city_gets_ideas_with_support_and_reactions_once(client):
    seed_demo()
    assert seed_demo_ideas() >= 5
    assert seed_demo_ideas() == 0  # running it again adds nothing
    assert db.session.scalar(select(func.sum(Idea.support_count))) > 0
    assert db.session.scalar(select(func.count(Comment.id))) > 0
    assert db.session.scalar(select(func.count(Idea.id)).where(Idea.channel != "online")) == 1
    assert client.get("/trajecten/ruimte-voor-gent-2040/ideeen").status_code == 200
