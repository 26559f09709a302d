"""letter codes bound to census entries

A letter code now belongs to one census entry (at most one code per entry: unique index) and stands
for that resident's identity, so a letter and the resident's typed details give one voter token.
The column is nullable only for codes made before this change: they are not tied to a resident and
the application refuses them (regenerate codes from a CSV of residents).

Revision ID: c4fef1ec9248
Revises: b166a4ef54cd
Create Date: 2026-11-23 10:34:03.686506

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4fef1ec9248'
down_revision = 'b166a4ef54cd'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('budget_letter_codes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('census_entry_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_budget_letter_codes_census_entry_id'), ['census_entry_id'], unique=True)
        batch_op.create_foreign_key(batch_op.f('fk_budget_letter_codes_census_entry_id_budget_census_entries'), 'budget_census_entries', ['census_entry_id'], ['id'], ondelete='CASCADE')



def downgrade():
    with op.batch_alter_table('budget_letter_codes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_budget_letter_codes_census_entry_id_budget_census_entries'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_budget_letter_codes_census_entry_id'))
        batch_op.drop_column('census_entry_id')

