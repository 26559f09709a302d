"""Forms for staff-written content: the original texts and, side by side, their translations.

`with_translations(FormClass, "title", "description")` adds, for every language, a copy of each named
field (`title_fr`, `title_en`...) with the same limits but optional, and an `original_language` choice.
The page shows the copies for the offered languages other than the original (macro translated_field).
"""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, InputRequired, Optional

from participation.core.i18n import LANGUAGE_NAMES
from participation.core.translated import SUPPORTED_LANGUAGES, TranslatedMixin, Translations, translation_of



def _label_in(language: str, label: object) -> object:
    """The label of a translation copy: "Title in French". Lazy, so it follows the reader's language."""
    if language == "nl":
        return _l("%(field)s in Dutch", field=label)
    if language == "fr":
        return _l("%(field)s in French", field=label)
    return _l("%(field)s in English", field=label)


class TranslatedForm(FlaskForm):
    """Base of forms made by with_translations(); the helpers below read the copies it added."""

    # Form field name -> the model's TRANSLATED name (the same unless with_translations was told otherwise).
    translated_names: dict[str, str] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offered = current_app.config["LANGUAGES"]
        self.original_language.choices = [(language, LANGUAGE_NAMES[language]) for language in offered]
        if not self.original_language.data:
            self.original_language.data = current_app.config["BABEL_DEFAULT_LOCALE"]

    def translation_languages(self) -> list[str]:
        """The offered languages other than the original: those the form asks translations for."""
        original = self.original_language.data
        return [language for language in current_app.config["LANGUAGES"] if language != original]

    def translations_of(self, name: str) -> list:
        return [self[f"{name}_{language}"] for language in self.translation_languages()]

    def fill_translations(self, obj: TranslatedMixin) -> None:
        """Put what is stored into the form, for a GET of the edit page."""
        self.original_language.data = obj.original_language
        for name, column in self.translated_names.items():
            for language in SUPPORTED_LANGUAGES:
                self[f"{name}_{language}"].data = translation_of(obj, column, language)

    def typed_translations(self) -> dict[str, dict[str, str]]:
        """{language: {field: text}} for the languages the form showed."""
        return {
            language: {column: self[f"{name}_{language}"].data or "" for name, column in self.translated_names.items()}
            for language in self.translation_languages()
        }

    def translations(self) -> Translations:
        return Translations(self.original_language.data, self.typed_translations())


def with_translations(form_class: type[TranslatedForm], *names: str, **renamed: str) -> type[TranslatedForm]:
    """Add a translation copy of each named field for every supported language (see the module doc).

    `renamed` names form fields whose model field has another name: explanation="feasibility_explanation".
    """
    columns = {name: name for name in names} | renamed
    for name in columns:
        unbound: UnboundField = getattr(form_class, name)
        label = unbound.kwargs.get("label", unbound.args[0] if unbound.args else name)
        validators = [
            validator for validator in unbound.kwargs.get("validators", [])
            if not isinstance(validator, (InputRequired, DataRequired, Optional))
        ]
        for language in SUPPORTED_LANGUAGES:
            kwargs = {key: value for key, value in unbound.kwargs.items() if key not in ("label", "validators", "description")}
            # The language of what is typed, for spelling checkers and screen readers.
            kwargs["render_kw"] = {**(kwargs.get("render_kw") or {}), "lang": language}
            copy = UnboundField(
                unbound.field_class,
                _label_in(language, label),
                validators=[Optional(), *validators],
                **kwargs,
            )
            setattr(form_class, f"{name}_{language}", copy)
    form_class.translated_names = columns
    form_class.original_language = SelectField(
        _l("Language of these texts"),
        description=_l("The language the texts of this form are written in. Each text has fields for its translations next to it."),
    )
    return form_class
