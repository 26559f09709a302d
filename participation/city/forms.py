from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional

from participation.core.forms import MaxLength, as_id

REQUIRED = _l("This field is required.")
MAX_BOUNDARY_BYTES = 2 * 1024 * 1024


class DistrictForm(FlaskForm):
    name = StringField(_l("Name (Dutch)"), validators=[InputRequired(REQUIRED), MaxLength(120)],
                       description=_l("The district's main name, used when no translation is given."))
    name_fr = StringField(_l("Name in French"), validators=[Optional(), MaxLength(120)],
                          description=_l("Optional. Leave empty when the name is the same in French."))
    name_en = StringField(_l("Name in English"), validators=[Optional(), MaxLength(120)],
                          description=_l("Optional. Leave empty when the name is the same in English."))
    population = IntegerField(
        _l("Population"),
        validators=[Optional(), NumberRange(min=0, max=2_000_000_000, message=_l("Enter a whole number of residents, 0 or more."))],
        description=_l("Optional. The number of residents, for statistics."),
    )
    boundary = FileField(
        _l("Boundary (GeoJSON file)"),
        description=_l("Optional. A Polygon or MultiPolygon, as a Feature or a bare geometry, in longitude and "
                       "latitude (WGS84). Leave empty to keep the current boundary."),
    )
    remove_boundary = BooleanField(_l("Remove the current boundary"))


class MergeDistrictForm(FlaskForm):
    kept_id = SelectField(_l("Merge into"), coerce=as_id, validators=[InputRequired(REQUIRED)],
                          description=_l("Every idea, process, budget round and project of this district moves to the one you choose."))
    then = RadioField(_l("Afterwards"), choices=[("archive", _l("Archive this district")), ("delete", _l("Delete this district"))],
                      default="archive", validators=[InputRequired(REQUIRED)])


class ListItemForm(FlaskForm):
    """A theme or a department: its name in the three languages."""

    name_nl = StringField(_l("Name in Dutch"), validators=[InputRequired(REQUIRED), MaxLength(80)])
    name_fr = StringField(_l("Name in French"), validators=[Optional(), MaxLength(80)],
                          description=_l("Optional. The Dutch name is shown when it is left empty."))
    name_en = StringField(_l("Name in English"), validators=[Optional(), MaxLength(80)],
                          description=_l("Optional. The Dutch name is shown when it is left empty."))
