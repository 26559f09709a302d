from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired

from participation.accounts.models import ROLES
from participation.core.forms import CheckboxListField, MaxLength, as_id
from participation.notifications.kinds import KINDS
from participation.privacy.forms import consent_field

REQUIRED = _l("This field is required.")


class RegistrationForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[InputRequired(REQUIRED), Email(_l("Enter an email address like name@example.be.")), MaxLength(254, counted=False)],
        description=_l("We send a confirmation link to this address. It is never shown publicly."),
    )
    display_name = StringField(
        _l("Display name"),
        validators=[InputRequired(REQUIRED), MaxLength(80, min=2, message=_l("Use between 2 and 80 characters."))],
        description=_l("Shown with your ideas and comments. You may use a nickname."),
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(REQUIRED)],
        description=_l("At least 10 characters. A few unrelated words make a strong password."),
    )
    password_repeat = PasswordField(
        _l("Repeat password"),
        validators=[InputRequired(REQUIRED), EqualTo("password", _l("The two passwords are not the same."))],
    )
    accepts_privacy = consent_field()
    submit = SubmitField(_l("Create account"))


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[InputRequired(REQUIRED), MaxLength(254, counted=False)])
    password = PasswordField(_l("Password"), validators=[InputRequired(REQUIRED)])
    remember = BooleanField(_l("Keep me logged in on this device"))
    submit = SubmitField(_l("Log in"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[InputRequired(REQUIRED), Email(_l("Enter an email address like name@example.be.")), MaxLength(254, counted=False)],
    )
    submit = SubmitField(_l("Send me a link"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[InputRequired(REQUIRED)],
        description=_l("At least 10 characters. A few unrelated words make a strong password."),
    )
    password_repeat = PasswordField(
        _l("Repeat new password"),
        validators=[InputRequired(REQUIRED), EqualTo("password", _l("The two passwords are not the same."))],
    )
    submit = SubmitField(_l("Save new password"))


class ResendVerificationForm(FlaskForm):
    submit = SubmitField(_l("Send the confirmation email again"))


class ConfirmEmailForm(FlaskForm):
    submit = SubmitField(_l("Confirm my email address"))


class ProfileForm(FlaskForm):
    display_name = StringField(
        _l("Display name"),
        validators=[InputRequired(REQUIRED), MaxLength(80, min=2, message=_l("Use between 2 and 80 characters."))],
    )
    language = SelectField(_l("Language"), choices=[("nl", "Nederlands"), ("fr", "Français"), ("en", "English")])
    home_district_id = SelectField(
        _l("Home district"),
        coerce=as_id,
        description=_l("Optional. Helps us show what happens in your neighbourhood."),
    )
    notification_frequency = RadioField(
        _l("Email notifications"),
        choices=[
            ("immediate", _l("Immediately")),
            ("daily", _l("Once a day, in one digest")),
            ("never", _l("Never (only on the website)")),
        ],
        validators=[InputRequired(REQUIRED)],
    )
    email_kinds = CheckboxListField(
        _l("Email me about"),
        choices=[(kind, label) for kind, (label, _description) in KINDS.items()],
        description=_l("Untick what you do not want by email; you still see it under Notifications on the website."),
    )
    submit = SubmitField(_l("Save profile"))


ROLE_LABELS = {
    "citizen": _l("Citizen"),
    "moderator": _l("Moderator"),
    "staff": _l("City staff"),
    "admin": _l("Administrator"),
}


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[(role, ROLE_LABELS[role]) for role in ROLES])
    submit = SubmitField(_l("Change role"))


class LanguageForm(FlaskForm):
    language = StringField(validators=[InputRequired()])
