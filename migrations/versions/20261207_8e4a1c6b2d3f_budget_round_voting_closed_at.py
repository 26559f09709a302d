"""budget rounds: voting_closed_at, when staff closed voting early

A nullable timestamp: no default, no rewrite of existing rows, the same on SQLite and PostgreSQL.

Revision ID: 8e4a1c6b2d3f
Revises: 5b1f0c2d9e7a
Create Date: 2026-12-07 15:15:00

"""
from alembic import op
import sqlalchemy as sa


revision = '8e4a1c6b2d3f'
down_revision = '5b1f0c2d9e7a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('budget_rounds') as batch:
        batch.add_column(sa.Column('voting_closed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('budget_rounds') as batch:
        batch.drop_column('voting_closed_at')
