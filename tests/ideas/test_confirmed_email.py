"""An unconfirmed address may read and follow, but not post ideas or reactions or support: it is told
so where the button would be, and can ask for the confirmation mail again."""
from __future__ import annotations

from sqlalchemy import func, select

from participation.extensions import db
from participation.ideas.models import Comment, Idea, Support

IDEA = {"title": "Meer bomen op het Sint-Pietersplein", "description": "Schaduw.", "theme_id": "0", "district_id": "0", "submit": "1"}


def test_a_newcomer_sees_why_they_cannot_post_an_idea_yet_and_asks_for_the_mail_again(client, make_process, make_user, login, outbox):
    process = make_process()
    newcomer = make_user(verified=False)
    login(newcomer)
    page = client.get(f"/trajecten/{process.slug}/ideeen/nieuw")
    text = page.get_data(as_text=True)
    assert page.status_code == 403 and "Bevestig eerst je e-mailadres" in text and newcomer.email in text
    assert client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data=IDEA).status_code == 403
    assert db.session.scalar(select(func.count(Idea.id))) == 0
    resent = client.post("/account/bevestiging-opnieuw", data={"next": f"/trajecten/{process.slug}/ideeen/nieuw"})
    assert resent.status_code == 302 and resent.headers["Location"].endswith(f"/trajecten/{process.slug}/ideeen/nieuw")
    assert [mail.kind for mail in outbox(newcomer.email)][-1] == "email_verification"


def test_an_unconfirmed_account_reads_and_follows_but_does_not_react_or_support(client, make_idea, make_user, login):
    idea = make_idea()
    login(make_user(verified=False))
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "Bevestig eerst je e-mailadres" in page and "Reactie plaatsen" not in page
    assert client.post(f"/ideeen/{idea.id}/volgen").status_code == 302
    assert client.post(f"/ideeen/{idea.id}/reacties", data={"body": "Goed idee"}).status_code == 403
    assert client.post(f"/ideeen/{idea.id}/steunen").status_code == 403
    assert db.session.scalar(select(func.count(Comment.id))) == 0
    assert db.session.scalar(select(func.count(Support.id))) == 0


def test_once_confirmed_the_same_person_posts_and_supports(client, make_idea, make_user, login):
    idea = make_idea()
    login(make_user())  # make_user confirms the address unless told otherwise
    assert client.post(f"/ideeen/{idea.id}/reacties", data={"body": "Goed idee"}).status_code == 302
    assert client.post(f"/ideeen/{idea.id}/steunen").status_code == 302


def test_staff_link_a_paper_idea_to_an_unconfirmed_account(client, make_process, make_user, login):
    # Staff act here, having seen the person or their letter: the account's confirmation does not matter.
    process = make_process()
    participant = make_user(verified=False)
    login(make_user("staff"))
    response = client.post(
        f"/beheer/trajecten/{process.slug}/ideeen/offline", data={**IDEA, "channel": "paper", "account_email": participant.email}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Idea)).author_id == participant.id
