from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from participation.extensions import db


def test_migrations_build_exactly_the_schema_the_models_describe(app, _transaction):
    context = MigrationContext.configure(_transaction, opts={"compare_type": True})
    differences = compare_metadata(context, db.metadata)
    assert differences == []
