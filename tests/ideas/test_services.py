"""Rules of ideas, called directly."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from participation.core.models import utcnow
from participation.core.transactions import all_or_nothing
from participation.extensions import db
from participation.ideas import services, states
from participation.ideas.models import Comment, Idea, IdeaFollow, IdeaStatusChange, IdeaVersion, ProcessFollow, Support
from tests.ideas.conftest import image_bytes


def test_an_idea_in_a_post_moderated_process_is_published_at_once(make_idea):
    idea = make_idea()
    assert idea.status == "published"
    assert idea.published_at is not None
    assert [(c.from_status, c.to_status) for c in idea.status_changes] == [(None, "published")]


def test_an_idea_in_a_pre_moderated_process_awaits_moderation_until_published(make_idea, make_process, make_user):
    idea = make_idea(make_process(moderation_mode="pre"))
    assert idea.status == "awaiting_moderation"
    moderator = make_user("moderator")
    services.publish_idea(idea, moderator)
    assert idea.status == "published"
    assert [c.to_status for c in idea.status_changes] == ["awaiting_moderation", "published"]
    assert idea.status_changes[-1].changed_by_id == moderator.id


def test_an_impossible_status_change_is_refused(make_idea):
    idea = make_idea()
    with pytest.raises(services.InvalidTransition):
        services.change_idea_status(idea, "implemented")


def test_submitting_outside_the_ideation_phase_is_refused(make_process, make_user):
    process = make_process(phases=(("review", -5, 10),))
    with pytest.raises(services.PhaseClosed):
        services.submit_idea(process, make_user(), title="Te laat", description="Toch nog een idee")
    assert db.session.scalar(select(func.count(Idea.id))) == 0


def test_the_author_follows_their_own_idea(make_idea):
    idea = make_idea()
    assert db.session.scalar(select(IdeaFollow).where(IdeaFollow.idea_id == idea.id, IdeaFollow.user_id == idea.author_id))


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>Hallo",
        '<img src=x onerror="alert(1)">Hallo',
        "[klik](javascript:alert(1))",
        '<a href="javascript:alert(1)" onclick="x()">klik</a>',
        "<iframe src='https://evil.example'></iframe><svg onload=alert(1)>",
    ],
)
def test_xss_payloads_in_title_and_description_end_up_inert(make_idea, payload):
    idea = make_idea(title=f"Titel {payload}"[:120], description=f"Tekst {payload}")
    # The title is plain text: kept as typed, and Jinja escapes it on every page (see test_routes.py).
    assert idea.title == f"Titel {payload}"[:120]
    lowered = idea.description_html.lower()
    assert "<script" not in lowered and "onerror" not in lowered and "javascript:" not in lowered
    assert "<iframe" not in lowered and "<svg" not in lowered and "onclick" not in lowered


def test_description_keeps_limited_markdown_with_nofollow_links(make_idea):
    idea = make_idea(description="**Vet** en *schuin*\n\n- een\n- twee\n\n[site](https://gent.be)")
    html = idea.description_html
    assert "<strong>Vet</strong>" in html and "<em>schuin</em>" in html and "<li>een</li>" in html
    assert 'rel="nofollow' in html


def test_an_over_long_title_is_refused(make_process, make_user):
    with pytest.raises(services.InvalidIdea) as refused:
        services.submit_idea(make_process(), make_user(), title="x" * 121, description="tekst")
    assert refused.value.field == "title"


def test_a_theme_outside_the_process_is_refused(make_process, make_user):
    from participation.city.models import Theme

    process = make_process()
    themes = list(db.session.scalars(select(Theme).order_by(Theme.id)))
    process.themes = [themes[0]]
    with pytest.raises(services.InvalidIdea):
        services.submit_idea(process, make_user(), title="Idee", description="tekst", theme_id=themes[1].id)


def test_supporting_twice_keeps_one_support(make_idea, make_user):
    idea = make_idea()
    citizen = make_user()
    services.support_idea(idea, citizen)
    with pytest.raises(services.AlreadySupported):
        services.support_idea(idea, citizen)
    assert idea.support_count == 1
    assert db.session.scalar(select(func.count(Support.id)).where(Support.idea_id == idea.id)) == 1


def test_support_can_be_withdrawn_and_given_again(make_idea, make_user):
    idea = make_idea()
    citizen = make_user()
    services.support_idea(idea, citizen)
    services.withdraw_support(idea, citizen)
    assert idea.support_count == 0
    with pytest.raises(services.NotSupported):
        services.withdraw_support(idea, citizen)
    services.support_idea(idea, citizen)
    assert idea.support_count == 1


def test_supporting_outside_ideation_is_refused(make_idea, make_user):
    idea = make_idea()
    with pytest.raises(services.PhaseClosed):
        services.support_idea(idea, make_user(), today=utcnow().date() + timedelta(days=30))
    assert idea.support_count == 0


def test_an_idea_awaiting_moderation_cannot_be_supported(make_idea, make_process, make_user):
    idea = make_idea(make_process(moderation_mode="pre"))
    with pytest.raises(services.NotAllowed):
        services.support_idea(idea, make_user())


def test_the_support_counter_is_updated_in_the_database_not_in_python(make_idea, make_user):
    idea = make_idea()
    one, two = make_user(), make_user()
    services.support_idea(idea, one)
    # Another request changed the counter in between: a Python-side +1 would lose it.
    db.session.execute(Idea.__table__.update().where(Idea.id == idea.id).values(support_count=Idea.support_count + 5))
    services.support_idea(idea, two)
    assert idea.support_count == 7


def test_replies_stay_one_level_deep_and_comment_count_follows(make_idea, make_user):
    idea = make_idea()
    first = services.add_comment(idea, make_user(), "Goed idee!")
    reply = services.add_comment(idea, make_user(), "Akkoord", parent=first)
    reply_to_reply = services.add_comment(idea, make_user(), "Ik ook", parent=reply)
    assert reply.parent_id == first.id and reply_to_reply.parent_id == first.id
    assert idea.comment_count == 3


def test_a_deleted_comment_stays_as_a_placeholder(make_idea, make_user):
    idea = make_idea()
    author = make_user()
    comment = services.add_comment(idea, author, "Oeps")
    services.delete_comment(comment, author)
    db.session.refresh(idea)
    assert comment.is_deleted and comment.body == ""
    assert db.session.get(Comment, comment.id) is not None
    assert idea.comment_count == 0


def test_a_comment_can_be_edited_only_in_the_first_15_minutes(make_idea, make_user):
    idea = make_idea()
    author = make_user()
    comment = services.add_comment(idea, author, "Eerste versie")
    services.edit_comment(comment, author, "Tweede versie")
    assert comment.body == "Tweede versie" and comment.edited_at is not None
    with pytest.raises(services.NotAllowed):
        services.edit_comment(comment, author, "Te laat", now=utcnow() + timedelta(minutes=16))
    with pytest.raises(services.NotAllowed):
        services.edit_comment(comment, make_user(), "Niet van mij")


def test_editing_keeps_the_earlier_version(make_idea):
    idea = make_idea(title="Eerste titel", description="Eerste tekst")
    services.edit_idea(idea, idea.author, title="Tweede titel", description="Tweede tekst")
    versions = list(db.session.scalars(select(IdeaVersion).where(IdeaVersion.idea_id == idea.id)))
    assert [(v.number, v.title) for v in versions] == [(1, "Eerste titel")]
    assert idea.title == "Tweede titel" and "tweede" in idea.search_text


def test_an_idea_under_review_can_no_longer_be_edited(make_idea):
    idea = make_idea()
    services.change_idea_status(idea, "under_review")
    with pytest.raises(services.IdeaNotEditable):
        services.edit_idea(idea, idea.author, title="Nieuw", description="Nieuw")


def test_a_coauthor_accepts_an_invitation_and_may_then_edit(make_idea, make_user, outbox):
    idea = make_idea()
    friend = make_user()
    services.invite_coauthor(idea, idea.author, friend.email.upper())
    assert outbox(friend.email)[-1].kind == "idea_coauthor_invitation"
    assert not services.is_author(friend, idea)
    services.accept_coauthor_invitation(idea, friend)
    assert services.is_author(friend, idea)
    with pytest.raises(services.InvalidInvitation):
        services.invite_coauthor(idea, idea.author, friend.email)


def test_an_unverified_account_cannot_claim_an_invitation(make_idea, make_user):
    idea = make_idea()
    stranger = make_user(verified=False)
    services.invite_coauthor(idea, idea.author, stranger.email)
    with pytest.raises(services.NotAllowed):
        services.accept_coauthor_invitation(idea, stranger)


def test_staff_enter_a_paper_idea_for_someone_without_an_account(make_process, make_user):
    process = make_process(moderation_mode="pre")
    staff = make_user("staff")
    idea = services.enter_offline_idea(
        process, staff, channel="paper", author_name="Marleen V.", contact="09 123 45 67",
        title="Bank aan de bushalte", description="Voor wie slecht te been is.",
    )
    assert idea.author is None and idea.author_name == "Marleen V." and idea.is_offline
    assert idea.status == "published" and idea.entered_by_id == staff.id
    services.support_idea(idea, make_user())
    assert idea.support_count == 1


def test_an_offline_idea_needs_a_name_or_an_account(make_process, make_user):
    with pytest.raises(services.InvalidIdea) as refused:
        services.enter_offline_idea(make_process(), make_user("staff"), channel="phone", author_name="", title="Idee", description="tekst")
    assert refused.value.field == "author_name"


def test_staff_enter_a_phone_idea_for_an_account_holder_who_then_follows_it(make_process, make_user):
    citizen = make_user()
    idea = services.enter_offline_idea(
        make_process(), make_user("staff"), channel="phone", author_name="", account_email=citizen.email,
        title="Idee", description="tekst",
    )
    assert idea.author_id == citizen.id
    assert db.session.scalar(select(IdeaFollow).where(IdeaFollow.user_id == citizen.id))


def test_following_twice_is_following_once(make_idea, make_user):
    idea = make_idea()
    citizen = make_user()
    services.follow_idea(idea, citizen)
    services.follow_idea(idea, citizen)
    services.follow_process(idea.process, citizen)
    services.follow_process(idea.process, citizen)
    assert db.session.scalar(select(func.count(IdeaFollow.id)).where(IdeaFollow.user_id == citizen.id)) == 1
    assert db.session.scalar(select(func.count(ProcessFollow.id)).where(ProcessFollow.user_id == citizen.id)) == 1
    services.unfollow_idea(idea, citizen)
    services.unfollow_process(idea.process, citizen)
    assert db.session.scalar(select(func.count(IdeaFollow.id)).where(IdeaFollow.user_id == citizen.id)) == 0


def test_images_are_re_encoded_without_exif_or_gps(make_process, make_user, upload_folder):
    idea = services.submit_idea(
        make_process(), make_user(), title="Met foto", description="tekst",
        images=[(1, io.BytesIO(image_bytes("JPEG")), "De lege hoek"), (2, io.BytesIO(image_bytes("PNG", with_gps=False)), "Plan")],
    )
    assert [image.alt_text for image in idea.images] == ["De lege hoek", "Plan"]
    stored = Image.open(upload_folder / idea.images[0].filename)
    assert not stored.getexif()
    assert b"SpyCam" not in (upload_folder / idea.images[0].filename).read_bytes()


@pytest.mark.parametrize(
    "data, alt, field",
    [
        (b"not an image at all", "iets", "image_1"),
        (b"GIF89a" + b"\x00" * 20, "iets", "image_1"),
        (None, "", "image_1_alt"),
    ],
)
def test_bad_images_are_refused_and_nothing_is_saved(make_process, make_user, upload_folder, data, alt, field):
    data = data if data is not None else image_bytes()
    process, citizen = make_process(), make_user()
    with pytest.raises(services.InvalidIdea) as refused:
        with all_or_nothing():
            services.submit_idea(process, citizen, title="Met foto", description="tekst", images=[(1, io.BytesIO(data), alt)])
    assert refused.value.field == field
    assert db.session.scalar(select(func.count(Idea.id))) == 0
    assert db.session.scalar(select(func.count(IdeaStatusChange.id))) == 0


def test_more_than_three_images_are_refused(make_process, make_user, upload_folder):
    images = [(n, io.BytesIO(image_bytes()), "foto") for n in (1, 2, 3, 4)]
    with pytest.raises(services.InvalidIdea):
        services.submit_idea(make_process(), make_user(), title="Foto's", description="tekst", images=images)


def test_the_transition_table_only_publishes_from_moderation_or_hidden():
    assert states.can_move("awaiting_moderation", "published")
    assert not states.can_move("implemented", "published")
    assert states.initial_status("pre") == "awaiting_moderation"
    assert states.initial_status("pre", entered_by_staff=True) == "published"


def test_an_oversized_image_is_refused(make_process, make_user, upload_folder):
    process, citizen = make_process(), make_user()
    too_big = io.BytesIO(b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024))
    with pytest.raises(services.InvalidIdea) as refused:
        with all_or_nothing():
            services.submit_idea(process, citizen, title="Grote foto", description="tekst", images=[(2, too_big, "foto")])
    assert refused.value.field == "image_2"
    assert db.session.scalar(select(func.count(Idea.id))) == 0


def test_similar_ideas_rank_shared_words_and_skip_unrelated_ones(make_process, make_idea, make_user):
    from participation.ideas.queries import similar_ideas

    process = make_process()
    author = make_user()
    close = make_idea(process, author, title="Overdekte fietsenstalling aan station Gent-Dampoort", description="Meer fietsenstalling plaatsen")
    make_idea(process, author, title="Speeltuin in het Citadelpark", description="Schommels en een zandbak")
    found = similar_ideas(process, "Een grote fietsenstalling bij het station Dampoort")
    assert [idea.id for idea, _score in found] == [close.id]
