"""Issue 17: a field with a length limit says so, counts as one types, and refuses too-long text with a
message instead of cutting it. The column is the limit: every form field that fills a String(n) column
refuses more than n characters, and no service cuts what someone typed to make it fit."""
from __future__ import annotations

import importlib
import inspect
from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import StringField

from participation.accounts.models import User
from participation.budgeting.models import BudgetRound, Project
from participation.core.forms import MaxLength
from participation.core.images import ALT_WITHOUT_IMAGE
from participation.crowdfunding import rewards
from participation.crowdfunding import services as campaign_services
from participation.crowdfunding.errors import InvalidCampaign
from participation.crowdfunding.models import Campaign, CampaignUpdate, Need, RewardTier
from participation.feedback.models import AnswerTemplate
from participation.ideas import services as idea_services
from participation.ideas.models import Idea, IdeaCoauthor, IdeaImage, IdeaStatusChange
from participation.moderation import services as moderation
from participation.outcomes.models import ClosingReport
from participation.processes.models import Process

FORM_MODULES = [
    f"participation.{name}.forms"
    for name in ("accounts", "budgeting", "core", "crowdfunding", "feedback", "ideas", "moderation", "notifications", "outcomes", "processes")
]

# Text fields without a length limit, and why.
UNLIMITED = {
    ("RegistrationForm", "password"): "the service refuses a password past 200 characters with its own message",
    ("RegistrationForm", "password_repeat"): "compared with the password",
    ("LoginForm", "password"): "only compared with the stored hash",
    ("ResetPasswordForm", "password"): "the service refuses a password past 200 characters with its own message",
    ("ResetPasswordForm", "password_repeat"): "compared with the password",
    ("LanguageForm", "language"): "one of the offered languages, or refused",
    ("RoundForm", "budget"): "an amount, parsed (EuroField)",
    ("RoundForm", "min_spend"): "an amount, parsed (EuroField)",
    ("ProjectForm", "cost"): "an amount, parsed (EuroField)",
    ("ReviewForm", "cost"): "an amount, parsed (EuroField)",
    ("CommentForm", "parent_id"): "a hidden id",
    ("UndoUnsubscribeForm", "frequency"): "a hidden choice",
    ("UndoUnsubscribeForm", "scope"): "a hidden choice",
}

# (form, field) -> the column it fills.
COLUMNS = {
    ("IdeaForm", "title"): Idea.title,
    ("IdeaForm", "image_1_alt"): IdeaImage.alt_text,
    ("IdeaForm", "image_2_alt"): IdeaImage.alt_text,
    ("IdeaForm", "image_3_alt"): IdeaImage.alt_text,
    ("OfflineIdeaForm", "author_name"): Idea.offline_author_name,
    ("OfflineIdeaForm", "contact"): Idea.offline_contact,
    ("OfflineIdeaForm", "account_email"): User.email,
    ("InviteCoauthorForm", "email"): IdeaCoauthor.email,
    ("ProcessForm", "title"): Process.title,
    ("ProcessForm", "slug"): Process.slug,
    ("ProcessForm", "image_alt"): Process.image_alt,
    ("RoundForm", "title"): BudgetRound.title,
    ("ImportForm", "title"): BudgetRound.title,
    ("ProjectForm", "title"): Project.title,
    ("ProjectForm", "image_alt"): Project.image_alt,
    ("CampaignForm", "title"): Campaign.title,
    ("CampaignForm", "organisation_name"): Campaign.organisation_name,
    ("CampaignForm", "summary"): Campaign.summary,
    ("CampaignForm", "image_alt"): Campaign.image_alt,
    ("RewardForm", "title"): RewardTier.title,
    ("RewardForm", "description"): RewardTier.description,
    ("NeedForm", "title"): Need.title,
    ("crowdfunding.UpdateForm", "title"): CampaignUpdate.title,
    ("feedback.UpdateForm", "image_alt"): IdeaStatusChange.image_alt,
    ("MilestoneForm", "title"): IdeaStatusChange.title,
    ("AnswerTemplateForm", "name"): AnswerTemplate.name,
    ("outcomes.ReportForm", "title"): ClosingReport.title,
    ("RegistrationForm", "email"): User.email,
    ("RegistrationForm", "display_name"): User.display_name,
    ("ProfileForm", "display_name"): User.display_name,
    ("LoginForm", "email"): User.email,
    ("ForgotPasswordForm", "email"): User.email,
    ("ReviewerForm", "email"): User.email,
}


def forms() -> dict[str, type]:
    """Every form class of the application: "IdeaForm", or "ideas.UpdateForm" where two packages use a name."""
    found: dict[str, list[type]] = {}
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, FlaskForm) and cls.__module__ == module_name:
                found.setdefault(name, []).append(cls)
    named = {}
    for name, classes in found.items():
        for cls in classes:
            named[name if len(classes) == 1 else f"{cls.__module__.split('.')[1]}.{name}"] = cls
    return named


def text_fields(form: type) -> dict[str, list]:
    """field name -> validators, for each text field of a form class (inherited ones too)."""
    fields = {}
    for attribute in dir(form):
        unbound = getattr(form, attribute)
        if getattr(unbound, "field_class", None) and issubclass(unbound.field_class, StringField):
            fields[attribute] = list(unbound.kwargs.get("validators") or (unbound.args[1] if len(unbound.args) > 1 else []))
    return fields


def _form_name(form_and_field) -> str:
    return ".".join(form_and_field)


@pytest.mark.parametrize("form_and_field", sorted(COLUMNS), ids=_form_name)
def test_a_field_refuses_more_than_its_column_holds(form_and_field):
    form_name, field_name = form_and_field
    validators = text_fields(forms()[form_name])[field_name]
    limits = [validator.max for validator in validators if isinstance(validator, MaxLength)]
    assert limits == [COLUMNS[form_and_field].type.length]


def test_every_text_field_has_a_limit_that_sets_no_html_maxlength():
    unlimited = []
    for form_name, form in forms().items():
        for field_name, validators in text_fields(form).items():
            limits = [validator for validator in validators if hasattr(validator, "max")]
            assert all(isinstance(validator, MaxLength) for validator in limits), f"{form_name}.{field_name}: use MaxLength"
            assert not any("maxlength" in getattr(validator, "field_flags", {}) for validator in validators), f"{form_name}.{field_name}"
            if not limits:
                unlimited.append((form_name.rpartition(".")[2], field_name))
    assert sorted(unlimited) == sorted(UNLIMITED)


def test_the_message_says_the_limit_and_how_many_characters_were_typed(app):
    from participation.ideas.forms import CommentForm

    with app.test_request_context(headers={"Accept-Language": "nl"}):
        form = CommentForm(formdata=MultiDict({"body": "x" * 2_001}), meta={"csrf": False})
        assert not form.validate()
        assert form.body.errors == ["Hoogstens 2000 tekens; je typte er 2001."]
        assert form.body.data == "x" * 2_001  # shown again as typed
    with app.test_request_context(), force_locale("fr"):
        form = CommentForm(formdata=MultiDict({"body": "x" * 2_001}), meta={"csrf": False})
        assert not form.validate()
        assert form.body.errors == ["2000 caractères au maximum ; vous en avez tapé 2001."]


def test_a_windows_line_end_counts_as_one_character_as_in_the_browser(app):
    from participation.ideas.forms import CommentForm

    with app.test_request_context():
        exactly = "a\r\n" * 666 + "bc"  # 2000 characters once the browser's "\r\n" is one line break
        assert CommentForm(formdata=MultiDict({"body": exactly}), meta={"csrf": False}).validate()


def test_the_field_shows_its_limit_for_screen_readers_and_has_no_maxlength(app):
    from flask import render_template_string

    from participation.processes.forms import ProcessForm

    with app.test_request_context(headers={"Accept-Language": "nl"}):
        form = ProcessForm(meta={"csrf": False})
        html = render_template_string('{% from "_macros/forms.html" import field %}{{ field(form.title) }}', form=form)
    assert "maxlength" not in html
    assert 'data-max-length="160"' in html
    assert 'aria-describedby="title-limit"' in html
    assert '<p class="hint limit-hint" id="title-limit">Hoogstens 160 tekens.</p>' in html
    assert 'data-counter="{count} van 160 tekens"' in html
    assert 'data-counter-over="{count} van 160 tekens: {over} te veel"' in html


def test_a_code_or_an_amount_has_a_limit_but_no_counter(app):
    from flask import render_template_string

    from participation.crowdfunding.forms import PledgeForm

    with app.test_request_context():
        html = render_template_string('{% from "_macros/forms.html" import field %}{{ field(form.amount) }}', form=PledgeForm(meta={"csrf": False}))
    assert "maxlength" not in html and "data-max-length" not in html


# --- Services refuse, never cut ------------------------------------------------------------------


def test_a_report_a_reason_and_an_appeal_that_are_too_long_are_refused_not_cut(make_process, make_user):
    idea = idea_services.submit_idea(make_process(), make_user(), title="Bankjes", description="Om te rusten.")
    comment = idea_services.add_comment(idea, make_user(), "Koop nu goedkope zonnebrillen")
    with pytest.raises(moderation.InvalidReport) as refused:
        moderation.report(make_user(), "comment", comment, reason="other", text="x" * 2_001)
    assert refused.value.field == "text"
    with pytest.raises(moderation.ReasonRequired):
        moderation.decide(make_user("moderator"), moderation.item_for("comment", comment.id), "hide", reason="x" * 2_001)
    decision = moderation.decide(make_user("moderator"), moderation.item_for("comment", comment.id), "hide", reason="x" * 2_000)
    assert decision.reason == "x" * 2_000
    with pytest.raises(moderation.InvalidAppeal) as refused:
        moderation.lodge_appeal(comment.author, decision, "y" * 4_001)
    assert refused.value.field == "text"


def test_a_campaign_s_summary_reward_and_need_that_are_too_long_are_refused_not_cut(make_user):
    owner = make_user()
    values = dict(owner=owner, title="Moestuin", organisation_name="", story="", goal="500",
                  deadline=date.today() + timedelta(days=20), funding_model="all_or_nothing")
    with pytest.raises(InvalidCampaign) as refused:
        campaign_services.save_campaign(None, summary="z" * 301, **values)
    assert refused.value.field == "summary"
    campaign = campaign_services.save_campaign(None, summary="z" * 300, **values)
    assert campaign.summary == "z" * 300
    with pytest.raises(InvalidCampaign) as refused:
        rewards.add_reward_tier(campaign, title="Dank", description="d" * 501, min_amount="10")
    assert refused.value.field == "description"
    with pytest.raises(InvalidCampaign) as refused:
        rewards.add_need(campaign, kind="volunteers", title="n" * 161, quantity=2)
    assert refused.value.field == "title"


def test_a_paper_idea_s_sender_name_that_is_too_long_is_refused_not_cut(make_process, make_user):
    with pytest.raises(idea_services.InvalidIdea) as refused:
        idea_services.enter_offline_idea(
            make_process(), make_user("staff"), channel="paper", author_name="N" * 81, title="Bankjes", description="Op papier.",
        )
    assert refused.value.field == "author_name"


def test_a_display_name_counts_its_minimum_as_stored(app):
    from participation.accounts.forms import RegistrationForm

    with app.test_request_context():
        form = RegistrationForm(formdata=MultiDict({"display_name": "  A  "}), meta={"csrf": False})
        form.validate()
        assert form.display_name.errors == ["Gebruik tussen 2 en 80 tekens."]
        form = RegistrationForm(formdata=MultiDict({"display_name": "D" * 81}), meta={"csrf": False})
        form.validate()
        assert form.display_name.errors == ["Hoogstens 80 tekens; je typte er 81."]


# --- An image description without an image ------------------------------------------------------


def _png():
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (20, 10), (0, 120, 60)).save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def test_a_campaign_image_description_needs_an_image_unless_the_campaign_has_one(make_user):
    values = dict(owner=make_user(), title="Moestuin", organisation_name="", summary="", story="", goal="500",
                  deadline=date.today() + timedelta(days=20), funding_model="all_or_nothing")
    with pytest.raises(InvalidCampaign) as refused:
        campaign_services.save_campaign(None, image_alt="Bakken op het plein", **values)
    assert (refused.value.field, str(refused.value)) == ("image_alt", str(ALT_WITHOUT_IMAGE))
    campaign = campaign_services.save_campaign(None, image=_png(), image_alt="Bakken op het plein", **values)
    campaign_services.save_campaign(campaign, image_alt="Zes bakken op het plein", **values)  # a better description, same image
    assert campaign.image_filename and campaign.image_alt == "Zes bakken op het plein"


def test_a_project_image_description_needs_an_image_unless_the_project_has_one(make_user, make_process):
    from participation.budgeting import services as budget_services

    staff = make_user("staff")
    round_ = budget_services.save_round(None, process=make_process(), actor=staff, title="Buurtbudget", description="", district_id=None,
                                        vote_method="knapsack", budget_cents=100_000_00)
    values = dict(round_=round_, actor=staff, title="Speeltuin", description="", cost_cents=10_000_00)
    with pytest.raises(budget_services.InvalidProject) as refused:
        budget_services.save_project(None, image_alt="Een speeltuin", **values)
    assert refused.value.field == "image_alt"
    project = budget_services.save_project(None, image=_png(), image_alt="Een speeltuin", **values)
    budget_services.save_project(project, image_alt="Een speeltuin met schommels", **values)
    assert project.image_filename and project.image_alt == "Een speeltuin met schommels"  # was dropped before


def test_a_progress_update_with_a_photo_description_but_no_photo_is_refused(make_user, make_process):
    from participation.feedback import services as feedback_services
    from participation.ideas import states as idea_states

    staff = make_user("staff")
    idea = idea_services.submit_idea(make_process(), make_user(), title="Bankjes", description="Om te rusten.")
    feedback_services.respond_to_idea(idea, staff, status=idea_states.ACCEPTED, explanation="We plaatsen ze.")
    with pytest.raises(feedback_services.InvalidProgress) as refused:
        feedback_services.post_update(idea, staff, body="De bankjes zijn besteld.", image=(None, "Drie bankjes"))
    assert refused.value.field == "image_alt"
