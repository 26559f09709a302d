from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Optional

from participation.core.forms import CheckboxListField, MaxLength
from participation.core.i18n import LANGUAGE_NAMES
from participation.municipality.services import OFFERED_LANGUAGES


class ProfileForm(FlaskForm):
    short_name = StringField(_l("Short name"), validators=[DataRequired(message=_l("Enter the municipality's short name.")), MaxLength(80)],
                             description=_l("As residents say it, for example in “Shape … together”."))
    official_name_nl = StringField(_l("Official name in Dutch"), validators=[MaxLength(160)])
    official_name_fr = StringField(_l("Official name in French"), validators=[MaxLength(160)])
    official_name_en = StringField(_l("Official name in English"), validators=[MaxLength(160)])
    platform_name = StringField(_l("Name of the platform"), validators=[MaxLength(80)])
    logo = FileField(_l("Logo"), description=_l("An SVG or PNG file of at most 5 MB."))
    logo_alt = StringField(_l("Description of the logo"), validators=[MaxLength(200)],
                           description=_l("Read out instead of the logo, for example “Logo of the city”."))
    remove_logo = BooleanField(_l("Remove the current logo"))
    primary_colour = StringField(_l("Main colour"), validators=[MaxLength(7, counted=False)],
                                 description=_l("Hexadecimal, for example #1a5c9e. White text on it needs a contrast of at least 4.5:1."))
    secondary_colour = StringField(_l("Second colour"), validators=[MaxLength(7, counted=False)],
                                   description=_l("Hexadecimal, for example #6b2c91. White text on it needs a contrast of at least 4.5:1."))
    contact_email = EmailField(_l("Contact email address"), validators=[Optional(), Email(message=_l("Enter a valid email address.")), MaxLength(254)])
    contact_phone = StringField(_l("Contact telephone number"), validators=[MaxLength(40)])
    contact_address = StringField(_l("Postal address"), validators=[MaxLength(300)])
    dpo_contact = StringField(_l("Data-protection officer's contact"), validators=[MaxLength(300)],
                              description=_l("An email address or postal address residents can write to about their personal data."))
    languages = CheckboxListField(_l("Languages offered"), choices=[(code, LANGUAGE_NAMES[code]) for code in OFFERED_LANGUAGES])
    default_language = SelectField(_l("Default language"), choices=[(code, LANGUAGE_NAMES[code]) for code in OFFERED_LANGUAGES])
    timezone = StringField(_l("Time zone"), validators=[MaxLength(64, counted=False)], description=_l("For example Europe/Brussels."))
    public_url = StringField(_l("Public address of the platform"), validators=[MaxLength(300)],
                             description=_l("For example https://inspraak.example.be."))
    submit = SubmitField(_l("Save the profile"))
