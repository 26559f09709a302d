"""budget amounts as BIGINT

Budget rounds, project costs and cost estimates in official responses can pass € 21.474.836,47,
the most an INTEGER of cents holds (Warsaw's city-wide round is € 30 million's worth of złoty; a
bridge's cost estimate is more). Crowdfunding amounts stay INTEGER: no campaign comes near.

Revision ID: 5b1f0c2d9e7a
Revises: c497e08dfda5
Create Date: 2026-12-07 09:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5b1f0c2d9e7a'
down_revision = 'c497e08dfda5'
branch_labels = None
depends_on = None

COLUMNS = {
    'budget_rounds': ('budget_cents', 'min_spend_cents'),
    'budget_projects': ('cost_cents',),
    'idea_status_changes': ('cost_estimate_cents',),
}


def _alter(to_type, from_type):
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.alter_column(column, type_=to_type, existing_type=from_type)


def upgrade():
    _alter(sa.BigInteger(), sa.Integer())


def downgrade():
    _alter(sa.Integer(), sa.BigInteger())
