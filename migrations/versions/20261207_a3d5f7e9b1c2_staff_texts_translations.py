"""staff-written texts: original_language and translations on processes, phases, budget rounds,
projects, closing reports and timeline entries

Two columns per table, both with a server default so existing rows need no rewrite: everything written
so far is Dutch, untranslated. JSON is `json` on PostgreSQL and text on SQLite.

Revision ID: a3d5f7e9b1c2
Revises: 8e4a1c6b2d3f
Create Date: 2026-12-07 16:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a3d5f7e9b1c2'
down_revision = '8e4a1c6b2d3f'
branch_labels = None
depends_on = None

TABLES = ('processes', 'phases', 'budget_rounds', 'budget_projects', 'closing_reports', 'idea_status_changes')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('original_language', sa.String(5), server_default='nl', nullable=False))
            batch.add_column(sa.Column('translations', sa.JSON(), server_default=sa.text("'{}'"), nullable=False))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column('translations')
            batch.drop_column('original_language')
