"""Implementation tracking: progress percentage, milestones and update posts."""
from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from participation.core.errors import NotAllowed
from participation.extensions import db
from participation.feedback import services
from tests.ideas.conftest import image_bytes


@pytest.fixture
def accepted_idea(make_idea, make_user):
    idea, staff = make_idea(), make_user("staff")
    services.respond_to_idea(idea, staff, status="accepted", explanation="We voeren het uit.")
    return idea, staff


def test_staff_post_progress_with_text(accepted_idea):
    idea, staff = accepted_idea
    row = services.post_update(idea, staff, body="De **werken** zijn gestart. <script>alert(1)</script>", progress_percent=40)
    assert idea.progress_percent == 40
    assert row.kind == "update" and row.progress_percent == 40
    assert "<strong>werken</strong>" in row.body_html and "<script" not in row.body_html
    assert row.to_status is None


@pytest.mark.parametrize("percent", [-1, 101, 250])
def test_progress_outside_0_to_100_is_refused(accepted_idea, percent):
    idea, staff = accepted_idea
    with pytest.raises(services.InvalidProgress) as refused:
        services.post_update(idea, staff, progress_percent=percent)
    assert refused.value.field == "progress_percent"
    assert idea.progress_percent == 0


@pytest.mark.parametrize("percent", [0, 100])
def test_progress_bounds_are_allowed(accepted_idea, percent):
    idea, staff = accepted_idea
    if percent == 0:
        services.post_update(idea, staff, progress_percent=50)
    services.post_update(idea, staff, progress_percent=percent)
    assert idea.progress_percent == percent


def test_the_database_keeps_progress_between_0_and_100(accepted_idea):
    idea, _staff = accepted_idea
    idea.progress_percent = 101
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.flush()
    db.session.rollback()


def test_an_update_needs_text_or_a_new_percentage(accepted_idea):
    idea, staff = accepted_idea
    with pytest.raises(services.InvalidProgress) as refused:
        services.post_update(idea, staff, body="   ", progress_percent=0)
    assert refused.value.field == "body"


def test_a_photo_needs_alt_text_and_is_stored_without_exif(accepted_idea, upload_folder):
    idea, staff = accepted_idea
    with pytest.raises(services.InvalidProgress) as refused:
        services.post_update(idea, staff, body="Foto van de werf", image=(io.BytesIO(image_bytes()), " "))
    assert refused.value.field == "image_alt"
    row = services.post_update(idea, staff, body="Foto van de werf", image=(io.BytesIO(image_bytes()), "De werf met graafmachine"))
    assert row.image_alt == "De werf met graafmachine"
    from PIL import Image

    with Image.open(upload_folder / row.image_filename) as stored:
        assert not stored.getexif()


def test_a_corrupt_photo_is_refused_on_its_field(accepted_idea, upload_folder):
    idea, staff = accepted_idea
    with pytest.raises(services.InvalidProgress) as refused:
        services.post_update(idea, staff, body="Foto", image=(io.BytesIO(b"not an image"), "Werf"))
    assert refused.value.field == "image"


def test_milestones_are_dated_and_can_be_reached(accepted_idea):
    idea, staff = accepted_idea
    milestone = services.add_milestone(idea, staff, title="Start van de werken", planned_on=date(2027, 3, 1))
    assert milestone.kind == "milestone" and not milestone.is_done and milestone.done_on is None
    services.set_milestone_done(idea, milestone, staff, done=True, today=date(2027, 3, 4))
    assert milestone.is_done and milestone.done_on == date(2027, 3, 4)
    services.set_milestone_done(idea, milestone, staff, done=False)
    assert not milestone.is_done and milestone.done_on is None


@pytest.mark.parametrize(("title", "planned_on", "field"), [("", date(2027, 1, 1), "title"), ("Start", None, "planned_on"), ("x" * 161, date(2027, 1, 1), "title")])
def test_a_milestone_needs_a_title_and_a_date(accepted_idea, title, planned_on, field):
    idea, staff = accepted_idea
    with pytest.raises(services.InvalidProgress) as refused:
        services.add_milestone(idea, staff, title=title, planned_on=planned_on)
    assert refused.value.field == field


def test_progress_is_only_tracked_for_ideas_the_city_carries_out(make_idea, make_user):
    idea, staff = make_idea(), make_user("staff")
    with pytest.raises(NotAllowed):
        services.post_update(idea, staff, body="Te vroeg", progress_percent=10)
    services.respond_to_idea(idea, staff, status="rejected", explanation="Niet haalbaar.")
    with pytest.raises(NotAllowed):
        services.add_milestone(idea, staff, title="Start", planned_on=date(2027, 1, 1))


def test_only_staff_track_progress(accepted_idea, make_user):
    idea, _staff = accepted_idea
    with pytest.raises(NotAllowed):
        services.post_update(idea, make_user("moderator"), body="Ik ook", progress_percent=10)


def test_a_milestone_of_another_idea_cannot_be_marked(accepted_idea, make_idea, make_user):
    idea, staff = accepted_idea
    other = make_idea()
    services.respond_to_idea(other, staff, status="accepted", explanation="Ook goed.")
    milestone = services.add_milestone(other, staff, title="Start", planned_on=date(2027, 1, 1))
    with pytest.raises(NotAllowed):
        services.set_milestone_done(idea, milestone, staff, done=True)
