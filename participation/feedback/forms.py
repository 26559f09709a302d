from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileSize
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from participation.core.forms import CheckboxListField, DayField, MaxLength, as_id, as_optional_id
from participation.core.inputs import MAX_ID
from participation.core.translated_forms import TranslatedForm, with_translations
from participation.feedback.services.answer_templates import BODY_MAX, NAME_MAX
from participation.feedback.services.progress import MILESTONE_TITLE_MAX, UPDATE_MAX
from participation.feedback.services.responses import EXPLANATION_MAX

REQUIRED = _l("This field is required.")


class _ResponseFields(TranslatedForm):
    # Choices are set by the route; the service decides (and explains) which moves are allowed, so an
    # unlisted status is not refused by WTForms with a vaguer message.
    status = SelectField(_l("New status"), validate_choice=False)
    explanation = TextAreaField(
        _l("Public explanation"),
        # Not InputRequired: the service refuses an empty explanation with the message staff need.
        validators=[MaxLength(EXPLANATION_MAX)],
        description=_l("Required. Shown on the idea's page and sent to its author, supporters and followers."),
        render_kw={"rows": 6},
    )
    department_id = SelectField(_l("Responsible department"), coerce=as_optional_id, validate_choice=False)
    merged_into_id = IntegerField(
        _l("Merged with idea number"),
        validators=[Optional(), NumberRange(min=1, max=MAX_ID)],
        description=_l("Only when the new status is “Merged with another idea”: the number in the other idea's address."),
    )
    template_id = SelectField(_l("Answer template"), coerce=as_optional_id, validate_choice=False)
    use_template = SubmitField(_l("Use this template"))


with_translations(_ResponseFields, explanation="note")


class ResponseForm(_ResponseFields):
    cost_estimate = StringField(
        _l("Estimated cost in euros"),
        validators=[Optional(), MaxLength(30, counted=False)],
        description=_l("Optional, for example 12500 or 12.500,50."),
    )
    submit = SubmitField(_l("Publish the response"))


class BulkResponseForm(_ResponseFields):
    idea_ids = CheckboxListField(_l("Ideas to answer"), coerce=as_id)
    submit = SubmitField(_l("Answer the selected ideas"))


class AssignForm(FlaskForm):
    department_id = SelectField(_l("Department"), coerce=as_optional_id, validate_choice=False)
    assignee_id = SelectField(_l("Colleague"), coerce=as_optional_id, validate_choice=False)
    submit = SubmitField(_l("Save assignment"))


class UpdateForm(FlaskForm):
    progress_percent = IntegerField(
        _l("Progress (percent)"),
        validators=[Optional(), NumberRange(0, 100, message=_l("The progress is a whole number from 0 to 100."))],
        description=_l("A whole number from 0 to 100."),
    )
    body = TextAreaField(
        _l("Update"),
        validators=[MaxLength(UPDATE_MAX)],
        description=_l("What happened? You can use simple Markdown: **bold**, *italic*, lists and links."),
    )
    image = FileField(
        _l("Photo"),
        validators=[
            FileAllowed(["jpg", "jpeg", "png", "webp"], _l("Only JPEG, PNG and WebP images are accepted.")),
            FileSize(5 * 1024 * 1024, message=_l("The image is larger than 5 MB.")),
        ],
        description=_l("Optional. JPEG, PNG or WebP, at most 5 MB. We remove location data from photos."),
    )
    image_alt = StringField(
        _l("Description of the photo"),
        validators=[Optional(), MaxLength(200)],
        description=_l("What the photo shows, for people who cannot see it. Required with a photo."),
    )
    submit = SubmitField(_l("Post the update"))

    def uploaded_image(self):
        """(stream, alt text); (None, alt text) for a description typed without a photo, which the service
        refuses rather than dropping the words; None when neither was given."""
        upload = self.image.data
        if upload and getattr(upload, "filename", ""):
            return upload.stream, self.image_alt.data or ""
        if (self.image_alt.data or "").strip():
            return None, self.image_alt.data
        return None


class MilestoneForm(TranslatedForm):
    title = StringField(
        _l("Milestone"),
        validators=[InputRequired(REQUIRED), MaxLength(MILESTONE_TITLE_MAX)],
        description=_l("For example: works start, trees planted, opening."),
    )
    planned_on = DayField(_l("Planned date"), validators=[InputRequired(REQUIRED)])
    is_done = BooleanField(_l("Already reached"))
    submit = SubmitField(_l("Add milestone"))



with_translations(MilestoneForm, "title")


class AnswerTemplateForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[InputRequired(REQUIRED), MaxLength(NAME_MAX)],
        description=_l("Only staff see this, in the list of templates."),
    )
    body_nl = TextAreaField(_l("Text in Dutch"), validators=[InputRequired(REQUIRED), MaxLength(BODY_MAX)])
    body_fr = TextAreaField(_l("Text in French"), validators=[MaxLength(BODY_MAX)], description=_l("Optional."))
    body_en = TextAreaField(_l("Text in English"), validators=[MaxLength(BODY_MAX)], description=_l("Optional."))
    submit = SubmitField(_l("Save template"))
