from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from participation.city.models import District
from participation.city.services import set_district_boundary
from participation.core.errors import DomainError
from participation.core.jobs import commit_and_release
from participation.extensions import db

city_cli = AppGroup("city", help="Districts and themes.")


@city_cli.command("import-boundaries")
@click.argument("geojson_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name-property", default="name", show_default=True, help="Feature property holding the district name.")
def import_boundaries(geojson_file: Path, name_property: str) -> None:
    """Store district boundaries from a GeoJSON FeatureCollection, matched on the district name."""
    try:
        collection = json.loads(geojson_file.read_text(encoding="utf-8"))
        features = collection["features"]
    except (ValueError, KeyError, TypeError) as exc:
        raise click.ClickException(f"{geojson_file} is not a GeoJSON FeatureCollection") from exc
    districts = {d.name.lower(): d for d in db.session.scalars(select(District))}
    matched, unmatched = 0, []
    for feature in features:
        name = str((feature.get("properties") or {}).get(name_property, "")).strip()
        district = districts.get(name.lower())
        if district is None:
            unmatched.append(name or "?")
            continue
        try:
            set_district_boundary(district, json.dumps(feature))
        except DomainError as error:
            raise click.ClickException(f"{name}: {error}") from error
        matched += 1
    commit_and_release()
    click.echo(f"{matched} district boundaries stored.")
    if unmatched:
        click.echo(f"No district named: {', '.join(unmatched)}", err=True)
