"""Issue 17: text is kept as typed. A person who writes "a <3 b" or "prijs < 100 euro" in a title, a
reaction, a name or a reason finds exactly those words back; the page shows them as text because Jinja
escapes them. Only Markdown descriptions are rich text and go through the HTML allowlist.

The policy checked here: Unicode is normalised to NFC, characters no one types are dropped (control
characters, and the bidi overrides such as U+202E that would turn the rest of a line around on the page),
and the ends are trimmed. Nothing that looks like markup is removed.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from participation.accounts import services as account_services
from participation.budgeting import services as budget_services
from participation.crowdfunding import rewards
from participation.crowdfunding import services as campaign_services
from participation.extensions import db
from participation.feedback import services as feedback_services
from participation.ideas import services as idea_services
from participation.ideas import states as idea_states
from participation.moderation import services as moderation
from participation.outcomes import services as outcome_services
from participation.processes import services as process_services

# (what someone types, what is stored)
CORPUS = [
    ("<script>alert(1)</script> park", "<script>alert(1)</script> park"),
    ("a <3 b", "a <3 b"),
    ("prijs < 100 euro", "prijs < 100 euro"),
    ("Tom & Jerry", "Tom & Jerry"),
    ("\"quotes\" and 'apostrophes'", "\"quotes\" and 'apostrophes'"),
    ("e\u0301 (decomposed é)", "\u00e9 (decomposed é)"),  # NFC: the same é as a keyboard types
    ("emoji 🌳", "emoji 🌳"),
    ("RTL \u202e text", "RTL  text"),  # the override goes, the words and spaces around it stay
    ("<b>vet</b>", "<b>vet</b>"),
    ("bij het\x00 station  ", "bij het station"),  # NUL dropped (PostgreSQL refuses it), the end trimmed
]
TYPED = [typed for typed, _ in CORPUS]


@pytest.fixture
def idea(make_process, make_user):
    return idea_services.submit_idea(make_process(), make_user(), title="Bankjes aan de Leie", description="Om te rusten.")


@pytest.mark.parametrize(("typed", "stored"), CORPUS, ids=range(len(CORPUS)))
def test_a_citizen_finds_their_idea_title_and_reaction_as_typed(make_process, make_user, typed, stored):
    citizen = make_user()
    idea = idea_services.submit_idea(make_process(), citizen, title=typed, description="Meer groen in de straat.")
    comment = idea_services.add_comment(idea, make_user(), f"Eerste regel.\r\n{typed}")
    assert idea.title == stored
    assert comment.body == f"Eerste regel.\n{stored}"  # a reaction keeps its line breaks


@pytest.mark.parametrize(("typed", "stored"), CORPUS, ids=range(len(CORPUS)))
def test_staff_enter_a_paper_idea_with_the_sender_s_name_as_written(make_process, make_user, typed, stored):
    idea = idea_services.enter_offline_idea(
        make_process(), make_user("staff"), channel="paper", author_name=typed, contact=typed,
        title=typed, description="Ingediend op papier.",
    )
    assert (idea.title, idea.offline_author_name, idea.offline_contact) == (stored, stored, stored)


@pytest.mark.parametrize(("typed", "stored"), CORPUS, ids=range(len(CORPUS)))
def test_a_display_name_is_kept_as_typed(make_user, typed, stored):
    user = account_services.register_user(f"nieuw{len(typed)}@example.be", typed, "een lang genoeg wachtwoord 42")
    assert user.display_name == stored
    account_services.update_profile(
        user, display_name=f"Nieuw: {typed}", language="nl", home_district_id=None, notification_frequency=user.notification_frequency,
        email_kinds=[],
    )
    assert user.display_name == f"Nieuw: {stored}"


@pytest.mark.parametrize(("typed", "stored"), CORPUS, ids=range(len(CORPUS)))
def test_a_report_a_decision_and_an_appeal_keep_their_words(idea, make_user, typed, stored):
    comment = idea_services.add_comment(idea, make_user(), "Koop nu goedkope zonnebrillen")
    report = moderation.report(make_user(), "comment", comment, reason="other", text=typed)
    decision = moderation.decide(make_user("moderator"), moderation.item_for("comment", comment.id), "hide", reason=typed)
    appeal = moderation.lodge_appeal(comment.author, decision, typed)
    moderation.decide_appeal(make_user("moderator"), appeal, grant=False, answer=typed)
    assert (report.text, decision.reason, appeal.text, appeal.answer) == (stored, stored, stored, stored)


@pytest.mark.parametrize(("typed", "stored"), CORPUS, ids=range(len(CORPUS)))
def test_a_campaign_keeps_its_title_summary_rewards_and_needs_as_typed(make_user, typed, stored):
    campaign = campaign_services.save_campaign(
        None, owner=make_user(), title=typed, organisation_name=typed, summary=typed, story="Een **moestuin**.",
        goal="500", deadline=date.today() + timedelta(days=20), funding_model="all_or_nothing",
    )
    tier = rewards.add_reward_tier(campaign, title=typed, description=typed, min_amount="10")
    need = rewards.add_need(campaign, kind="volunteers", title=typed, quantity=3)
    assert (campaign.title, campaign.organisation_name, campaign.summary) == (stored, stored, stored)
    assert (tier.title, tier.description, need.title) == (stored, stored, stored)


@pytest.mark.parametrize(("typed", "stored"), CORPUS, ids=range(len(CORPUS)))
def test_the_city_s_notes_and_answers_are_kept_as_typed(idea, make_user, make_process, typed, stored):
    staff = make_user("staff")
    response = feedback_services.respond_to_idea(idea, staff, status=idea_states.ACCEPTED, explanation=typed)
    milestone = feedback_services.add_milestone(idea, staff, title=typed, planned_on=date(2027, 3, 1))
    note = idea_services.change_idea_status(idea, idea_states.IN_PROGRESS, staff, note=typed)
    process = make_process(title=typed)
    report = outcome_services.save_report(process, staff, title=typed, body="Wat we deden.")
    assert (response.note, milestone.title, note.note, process.title, report.title) == (stored,) * 5


@pytest.mark.parametrize(("typed", "stored"), CORPUS, ids=range(len(CORPUS)))
def test_a_process_and_its_budget_round_keep_their_words(make_process, make_user, typed, stored):
    staff, process = make_user("staff"), make_process(phases=())
    process_services.save_process(
        process, author=staff, title=typed, slug=process.slug, policy_goal=f"Doel:\n{typed}", description="",
        moderation_mode="post", theme_ids=[], district_ids=[], previous_edition_id=None,
    )
    phase = process_services.add_phase(process, kind="voting", starts_on=date.today(), ends_on=date.today() + timedelta(days=9), description=typed)
    round_ = budget_services.save_round(None, process=process, actor=staff, title=typed, description="", district_id=None,
                                        vote_method="knapsack", budget_cents=100_000_00)
    project = budget_services.save_project(None, round_=round_, actor=staff, title=typed, description="", cost_cents=10_000_00)
    budget_services.review_project(project, staff, verdict="feasible", explanation=typed, cost_cents=10_000_00)
    assert (process.title, process.policy_goal, phase.description) == (stored, f"Doel:\n{stored}", stored)
    assert (round_.title, project.title, project.feasibility_explanation) == (stored, stored, stored)


@pytest.mark.parametrize("typed", TYPED, ids=range(len(TYPED)))
def test_the_idea_page_shows_the_title_and_a_reaction_as_text(client, login, make_process, make_user, typed):
    idea = idea_services.submit_idea(make_process(), make_user(), title=typed, description="Meer groen in de straat.")
    db.session.commit()
    login(make_user())
    client.post(f"/ideeen/{idea.id}/reacties", data={"body": f"Reactie: {typed}"})
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "<script>alert" not in page and "<b>vet</b>" not in page and "\u202e" not in page
    if "<" in typed:
        escaped = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped in page and f"Reactie: {escaped}" in page


def test_the_words_in_angle_brackets_are_on_the_page(client, login, make_process, make_user):
    idea = idea_services.submit_idea(make_process(), make_user(), title="<script>alert(1)</script> park", description="Groen.")
    db.session.commit()
    login(make_user())
    client.post(f"/ideeen/{idea.id}/reacties", data={"body": "Ik hou van dit plein, a <3 b, prijs < 100 euro"})
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; park" in page
    assert "Ik hou van dit plein, a &lt;3 b, prijs &lt; 100 euro" in page
    assert "<script>alert" not in page


# --- The remaining free-text fields (issue 17, B) ----------------------------------------------


def _live_campaign(owner, staff):
    campaign = campaign_services.save_campaign(
        None, owner=owner, title="Moestuin op het plein", organisation_name=None, summary="Bakken voor iedereen", story="Een **moestuin**.",
        goal="500", deadline=date.today() + timedelta(days=20), funding_model="all_or_nothing",
    )
    campaign_services.submit_campaign(campaign, owner)
    campaign_services.approve_campaign(campaign, staff)
    campaign_services.launch_campaign(campaign, owner)
    return campaign


def _reasons(campaign) -> list[str]:
    from participation.crowdfunding.models import CampaignEvent

    return [event.reason for event in db.session.scalars(
        db.select(CampaignEvent).where(CampaignEvent.campaign_id == campaign.id).order_by(CampaignEvent.id)
    ) if event.reason]


@pytest.mark.parametrize(("typed", "stored"), CORPUS, ids=range(len(CORPUS)))
def test_the_city_s_reasons_for_a_campaign_decision_are_kept_as_typed(make_user, typed, stored):
    owner, staff = make_user(), make_user("staff")
    campaign = campaign_services.save_campaign(
        None, owner=owner, title="Moestuin op het plein", organisation_name=None, summary="", story="Een **moestuin**.",
        goal="500", deadline=date.today() + timedelta(days=20), funding_model="all_or_nothing",
    )
    campaign_services.submit_campaign(campaign, owner)
    campaign_services.request_changes(campaign, staff, typed)
    campaign_services.submit_campaign(campaign, owner)
    campaign_services.approve_campaign(campaign, staff, f"Goedgekeurd.\r\n{typed}")
    campaign_services.launch_campaign(campaign, owner)
    campaign_services.cancel_campaign(campaign, staff, typed)
    assert _reasons(campaign) == [stored, f"Goedgekeurd.\n{stored}", stored]


@pytest.mark.parametrize(("typed", "stored"), CORPUS, ids=range(len(CORPUS)))
def test_pledge_and_refund_notes_are_kept_as_typed(make_user, typed, stored):
    from participation.crowdfunding.models import PledgeTransaction
    from participation.crowdfunding.payments import bank_transfers, pledges, refunds

    owner, staff = make_user(), make_user("staff")
    campaign = _live_campaign(owner, staff)
    paid = pledges.record_pledge(campaign, make_user(), amount="25", method="bank_transfer")
    bank_transfers.mark_transfer_received(paid, staff, note=typed)
    refunds.refund_pledge(paid, staff, f"Dubbel betaald.\r\n{typed}")
    withdrawn = pledges.record_pledge(campaign, make_user(), amount="10", method="bank_transfer")
    pledges.cancel_pledge(withdrawn, withdrawn.backer, note=typed)
    open_one = pledges.record_pledge(campaign, make_user(), amount="15", method="bank_transfer")
    campaign_services.cancel_campaign(campaign, staff, typed)  # the open pledge is cancelled with the campaign's reason

    def notes(pledge) -> list[str]:
        return [row.note for row in db.session.scalars(
            db.select(PledgeTransaction).where(PledgeTransaction.pledge_id == pledge.id).order_by(PledgeTransaction.id)
        ) if row.note]

    assert notes(paid) == [stored, f"Dubbel betaald.\n{stored}"]
    assert notes(withdrawn) == [stored]
    assert notes(open_one) == [stored]


@pytest.mark.parametrize(("typed", "stored"), CORPUS, ids=range(len(CORPUS)))
def test_an_answer_template_keeps_its_name_and_texts_as_typed(make_user, typed, stored):
    from participation.feedback.services.answer_templates import save_answer_template

    template = save_answer_template(
        None, make_user("staff"), name=f"Sjabloon {typed}", body_nl=f"Beste,\r\n\r\n  {typed}", body_fr=typed, body_en=f"{typed}\n",
    )
    assert template.name == f"Sjabloon {stored}"
    assert template.body_nl == f"Beste,\n\n  {stored}"  # paragraphs and the indent of a line stay
    assert (template.body_fr, template.body_en) == (stored, stored)


@pytest.mark.parametrize(("typed", "stored"), CORPUS, ids=range(len(CORPUS)))
def test_a_campaign_update_title_and_a_block_reason_are_kept_as_typed(make_user, typed, stored):
    owner, staff = make_user(), make_user("staff")
    campaign = _live_campaign(owner, staff)
    update = campaign_services.post_update(campaign, owner, title=typed, body="De eerste bakken staan er.")
    decision = moderation.block_user(make_user("moderator"), make_user(), reason=f"Spam.\r\n{typed}")
    assert update.title == stored
    assert decision.reason == f"Spam.\n{stored}"


@pytest.mark.parametrize(("typed", "stored"), CORPUS, ids=range(len(CORPUS)))
def test_image_descriptions_are_kept_as_typed(make_user, make_process, typed, stored):
    from io import BytesIO

    from PIL import Image

    def png() -> BytesIO:
        buffer = BytesIO()
        Image.new("RGB", (20, 10), (0, 120, 60)).save(buffer, format="PNG")
        buffer.seek(0)
        return buffer

    staff, process = make_user("staff"), make_process(phases=())
    process_services.save_process(
        process, author=staff, title=process.title, slug=process.slug, policy_goal=process.policy_goal, description="",
        moderation_mode="post", theme_ids=[], district_ids=[], previous_edition_id=None, image=png(), image_alt=typed,
    )
    idea = idea_services.submit_idea(make_process(), make_user(), title="Bankjes", description="Om te rusten.", images=[(1, png(), typed)])
    assert process.image_alt == stored
    assert idea.images[0].alt_text == stored
