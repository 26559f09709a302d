from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Optional

from participation.core.forms import CheckboxListField, DayField, MaxLength, as_id
from participation.core.translated_forms import TranslatedForm, with_translations
from participation.processes.labels import MODERATION_LABELS, PHASE_LABELS
from participation.processes.models import PHASE_KINDS

REQUIRED = _l("This field is required.")


class ProcessForm(TranslatedForm):
    title = StringField(_l("Title"), validators=[InputRequired(REQUIRED), MaxLength(160)])
    slug = StringField(
        _l("Web address"),
        validators=[Optional(), MaxLength(120)],
        description=_l("Lowercase letters, digits and hyphens. Leave empty to derive it from the title."),
    )
    policy_goal = TextAreaField(
        _l("Policy goal"),
        validators=[InputRequired(REQUIRED), MaxLength(2000)],
        description=_l("What will the city do with the input? Participants see this before they take part."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), MaxLength(20000)],
        description=_l("You can use simple Markdown: **bold**, *italic*, lists and links."),
    )
    moderation_mode = RadioField(
        _l("Moderation"),
        choices=[(mode, label) for mode, label in MODERATION_LABELS.items()],
        default="post",
        validators=[InputRequired(REQUIRED)],
    )
    themes = CheckboxListField(_l("Themes"), coerce=as_id)
    districts = CheckboxListField(
        _l("Districts"), coerce=as_id, description=_l("Leave all unticked for a process about the whole city.")
    )
    previous_edition_id = SelectField(_l("Previous edition"), coerce=as_id)
    image = FileField(
        _l("Image"),
        validators=[FileAllowed(["jpg", "jpeg", "png", "webp"], _l("Only JPEG, PNG and WebP images are accepted."))],
        description=_l("Optional. JPEG, PNG or WebP, at most 5 MB."),
    )
    image_alt = StringField(
        _l("Image description"),
        validators=[Optional(), MaxLength(200)],
        description=_l("What the image shows, for people who cannot see it. Required with an image."),
    )
    remove_image = BooleanField(_l("Remove the current image"))
    submit = SubmitField(_l("Save process"))


class PhaseForm(TranslatedForm):
    kind = SelectField(_l("Kind of phase"), choices=[(kind, PHASE_LABELS[kind]) for kind in PHASE_KINDS])
    starts_on = DayField(_l("First day"), validators=[InputRequired(REQUIRED)])
    ends_on = DayField(_l("Last day"), validators=[InputRequired(REQUIRED)])
    description = StringField(_l("What happens in this phase"), validators=[Optional(), MaxLength(300)])
    submit = SubmitField(_l("Save phase"))



with_translations(ProcessForm, "title", "policy_goal", "description")
with_translations(PhaseForm, "description")
