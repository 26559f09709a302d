"""Admins keeping the city's lists: districts (create, rename, merge, archive, delete, population,
boundary), themes and departments (create, translate, reorder, archive).

Plain functions that flush and never commit, raising DomainError with the field it concerns. Renamed or
archived rows invalidate the cached pages by themselves: ideas.caching watches these tables (GLOBAL).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, exists, func, select, update

from participation.city.models import Department, District, Theme
from participation.city.services import check_boundary
from participation.core.errors import DomainError
from participation.core.text import slugify
from participation.extensions import db

CityList = type[Theme] | type[Department]


class DistrictInUse(DomainError):
    """A district that content still names cannot be deleted; it can be merged into another one."""


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _unique_slug(model, name: str, own_id: int | None = None) -> str:
    base = slugify(name)[:70] or "item"
    slug, number = base, 1
    while db.session.scalar(select(model.id).where(model.slug == slug, model.id != (own_id or 0))) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug


# --- Districts ----------------------------------------------------------------------------------


def _check_district_name(name: str, own_id: int | None) -> str:
    name = _clean(name)
    if not name:
        raise DomainError(_l("Enter the district's name."), field="name")
    taken = db.session.scalar(select(District.id).where(func.lower(District.name) == name.lower(), District.id != (own_id or 0)))
    if taken is not None:
        raise DomainError(_l("There is already a district named %(name)s.", name=name), field="name")
    return name


def _check_population(population: int | None) -> int | None:
    if population is not None and population < 0:
        raise DomainError(_l("The population cannot be negative."), field="population")
    return population


def save_district(district: District | None, *, name: str, name_fr: str = "", name_en: str = "",
                  population: int | None = None, boundary_text: str | None = None) -> District:
    """Create a district (district None) or change one. A boundary_text of None keeps the boundary."""
    name = _check_district_name(name, district.id if district else None)
    population = _check_population(population)
    boundary = check_boundary(boundary_text) if boundary_text else None
    if district is None:
        district = District(slug=_unique_slug(District, name), name=name)
        db.session.add(district)
    district.name = name
    district.name_fr = _clean(name_fr) or None
    district.name_en = _clean(name_en) or None
    district.population = population
    if boundary is not None:
        district.boundary_geojson = boundary
    db.session.flush()
    return district


def remove_district_boundary(district: District) -> None:
    district.boundary_geojson = None
    db.session.flush()


def set_district_archived(district: District, archived: bool) -> None:
    district.is_archived = archived
    db.session.flush()


def _district_references() -> list:
    """Every column of every table that points at districts.id: ideas, their versions, processes'
    districts, budget rounds and projects, people's home district, and whatever is added later."""
    return [
        fk.parent
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == District.__tablename__
    ]


def district_usage(district: District) -> int:
    """How many rows name this district (people's home district included)."""
    return sum(
        db.session.scalar(select(func.count()).select_from(column.table).where(column == district.id)) or 0
        for column in _district_references()
    )


def merge_districts(merged: District, kept: District, *, delete_merged: bool = False) -> None:
    """Move every reference from `merged` to `kept`, then archive `merged` (or delete it). In a link table
    (process_districts) a row that would repeat one `kept` already has is dropped instead."""
    if merged.id == kept.id:
        raise DomainError(_l("A district cannot be merged into itself."), field="kept_id")
    db.session.flush()
    for column in _district_references():
        table = column.table
        if column.primary_key:
            others = [c for c in table.primary_key.columns if c is not column]
            duplicate = table.alias("already")
            db.session.execute(delete(table).where(column == merged.id, exists().where(and_(
                duplicate.c[column.name] == kept.id, *(duplicate.c[c.name] == c for c in others)))))
        db.session.execute(update(table).where(column == merged.id).values({column.name: kept.id}))
    db.session.expire_all()  # rows loaded before still hold the merged district
    if delete_merged:
        db.session.delete(merged)
    else:
        merged.is_archived = True
    db.session.flush()


def delete_district(district: District) -> None:
    """Delete a district nothing names; one still in use is refused with the offer to merge it."""
    if district_usage(district):
        raise DistrictInUse(_l(
            "%(name)s is still used by ideas, processes, budget rounds or people. Merge it into another "
            "district instead, or archive it.", name=district.name))
    db.session.delete(district)
    db.session.flush()


# --- Themes and departments -----------------------------------------------------------------------


def ordered(model: CityList) -> list:
    return list(db.session.scalars(select(model).order_by(model.position, model.id)))


def save_list_item(model: CityList, item=None, *, name_nl: str, name_fr: str, name_en: str):
    """Create a theme or department (item None) or translate one. Dutch is required; French and English
    fall back to it when left empty. Two of them cannot share a Dutch name."""
    names = {"name_nl": _clean(name_nl), "name_fr": _clean(name_fr), "name_en": _clean(name_en)}
    if not names["name_nl"]:
        raise DomainError(_l("Enter the Dutch name."), field="name_nl")
    for language, name in names.items():
        if not name:
            continue
        column = getattr(model, language)
        taken = db.session.scalar(select(model.id).where(func.lower(column) == name.lower(), model.id != (item.id if item else 0)))
        if taken is not None:
            raise DomainError(_l("This name is already used: %(name)s.", name=name), field=language)
    if item is None:
        last = db.session.scalar(select(func.max(model.position))) or 0
        item = model(slug=_unique_slug(model, names["name_nl"]), position=last + 1)
        db.session.add(item)
    item.name_nl = names["name_nl"]
    item.name_fr = names["name_fr"] or names["name_nl"]
    item.name_en = names["name_en"] or names["name_nl"]
    db.session.flush()
    return item


def move_list_item(model: CityList, item, offset: int) -> None:
    """Move a theme or department one place up (-1) or down (+1) in the list; at either end it stays."""
    items = ordered(model)
    index = items.index(item)
    target = index + offset
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, row in enumerate(items, start=1):
        row.position = position
    db.session.flush()


def set_list_item_archived(item, archived: bool) -> None:
    item.is_archived = archived
    db.session.flush()
