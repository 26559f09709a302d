from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileSize
from wtforms import EmailField, FloatField, HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Email, InputRequired, NumberRange, Optional

from participation.core.forms import CheckboxListField, MaxLength, WrittenInField, as_id
from participation.ideas.labels import CHANNEL_LABELS
from participation.ideas.services import COMMENT_MAX, DESCRIPTION_MAX, TITLE_MAX
from participation.ideas.states import OFFLINE_CHANNELS

REQUIRED = _l("This field is required.")
IMAGE_TYPES = _l("Only JPEG, PNG and WebP images are accepted.")


def _image_field(number: int) -> FileField:
    return FileField(
        _l("Image %(number)s", number=number),
        validators=[
            FileAllowed(["jpg", "jpeg", "png", "webp"], IMAGE_TYPES),
            FileSize(5 * 1024 * 1024, message=_l("The image is larger than 5 MB.")),
        ],
        description=_l("Optional. JPEG, PNG or WebP, at most 5 MB. We remove location data from photos."),
    )


def _alt_field(number: int) -> StringField:
    return StringField(
        _l("Description of image %(number)s", number=number),
        validators=[Optional(), MaxLength(200)],
        description=_l("What the image shows, for people who cannot see it. Required with an image."),
    )


class IdeaForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[InputRequired(REQUIRED), MaxLength(TITLE_MAX)],
        description=_l("Say in a few words what you propose."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[InputRequired(REQUIRED), MaxLength(DESCRIPTION_MAX)],
        description=_l("What do you propose, where, and why? You can use simple Markdown: **bold**, *italic*, lists and links."),
    )
    language = WrittenInField(
        _l("Language of your idea"),
        description=_l("We recognise it from what you write. Choose it yourself if you want to be sure."),
    )
    theme_id = SelectField(_l("Theme"), coerce=as_id, validators=[Optional()])
    district_id = SelectField(
        _l("District"), coerce=as_id, validators=[Optional()], description=_l("Choose the district your idea is about, if any.")
    )
    latitude = FloatField(
        _l("Latitude"),
        validators=[Optional(), NumberRange(-90, 90)],
        description=_l("Optional. Click the map to fill this in, or leave it empty."),
    )
    longitude = FloatField(_l("Longitude"), validators=[Optional(), NumberRange(-180, 180)])
    image_1 = _image_field(1)
    image_1_alt = _alt_field(1)
    image_2 = _image_field(2)
    image_2_alt = _alt_field(2)
    image_3 = _image_field(3)
    image_3_alt = _alt_field(3)
    check_similar = SubmitField(_l("Look for similar ideas first"))
    submit = SubmitField(_l("Submit idea"))

    def uploaded_images(self) -> list[tuple[int, object, str]]:
        """(slot, stream, alt text) for each image field that received a file, and (slot, None, alt text)
        for a description typed without one: the service refuses that rather than dropping the words."""
        images = []
        for number in (1, 2, 3):
            upload = getattr(self, f"image_{number}").data
            alt = getattr(self, f"image_{number}_alt").data or ""
            if upload and getattr(upload, "filename", ""):
                images.append((number, upload.stream, alt))
            elif alt.strip():
                images.append((number, None, alt))
        return images


class EditIdeaForm(IdeaForm):
    remove_images = CheckboxListField(_l("Remove images"), coerce=as_id)
    submit = SubmitField(_l("Save changes"))


class OfflineIdeaForm(IdeaForm):
    channel = RadioField(
        _l("How did the idea come in?"),
        choices=[(channel, CHANNEL_LABELS[channel]) for channel in OFFLINE_CHANNELS],
        validators=[InputRequired(REQUIRED)],
    )
    author_name = StringField(
        _l("Name of the citizen"),
        validators=[Optional(), MaxLength(80)],
        description=_l("Shown with the idea. Required when the person has no account."),
    )
    contact = StringField(
        _l("Phone number or address to reach them"),
        validators=[Optional(), MaxLength(254)],
        description=_l("Optional. Only city staff see this."),
    )
    account_email = EmailField(
        _l("Email address of their account"),
        validators=[Optional(), Email(_l("Enter an email address like name@example.be.")), MaxLength(254, counted=False)],
        description=_l("Optional. Fill in when the person has an account, so the idea appears with their name."),
    )
    submit = SubmitField(_l("Enter idea"))


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Your reaction"),
        validators=[InputRequired(REQUIRED), MaxLength(COMMENT_MAX)],
    )
    parent_id = HiddenField()
    submit = SubmitField(_l("Post reaction"))


class EditCommentForm(FlaskForm):
    body = TextAreaField(
        _l("Your reaction"),
        validators=[InputRequired(REQUIRED), MaxLength(COMMENT_MAX)],
    )
    submit = SubmitField(_l("Save reaction"))


class InviteCoauthorForm(FlaskForm):
    email = EmailField(
        _l("Email address of your co-author"),
        validators=[InputRequired(REQUIRED), Email(_l("Enter an email address like name@example.be.")), MaxLength(254, counted=False)],
        description=_l("We send them an invitation. Co-authors can change the idea with you."),
    )
    submit = SubmitField(_l("Invite"))
