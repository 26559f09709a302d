"""districts, themes and departments managed by admins: translated district names, population, archiving, order

Districts get optional French and English names (the Dutch `name` stays the main one), a population
figure and is_archived; themes and departments get is_archived and a position for their order in lists.
Every new column is nullable or has a server default, so existing rows need no rewrite; themes and
departments get positions in their current order (by slug, as lists showed them). The same on SQLite
and PostgreSQL (batch_alter_table).

Revision ID: d2b3c4d5e6f7
Revises: c1a2b3c4d5e6
Create Date: 2026-12-07 17:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd2b3c4d5e6f7'
down_revision = 'c1a2b3c4d5e6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('districts') as batch:
        batch.add_column(sa.Column('name_fr', sa.String(length=120), nullable=True))
        batch.add_column(sa.Column('name_en', sa.String(length=120), nullable=True))
        batch.add_column(sa.Column('population', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('is_archived', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.create_check_constraint(op.f('ck_districts_population_not_negative'), 'population IS NULL OR population >= 0')
    for table in ('themes', 'departments'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('position', sa.Integer(), server_default='0', nullable=False))
            batch.add_column(sa.Column('is_archived', sa.Boolean(), server_default=sa.false(), nullable=False))
        rows = op.get_bind().execute(sa.text(f'SELECT id FROM {table} ORDER BY slug')).all()
        for position, (row_id,) in enumerate(rows, start=1):
            op.get_bind().execute(sa.text(f'UPDATE {table} SET position = :position WHERE id = :id'), {'position': position, 'id': row_id})


def downgrade():
    for table in ('departments', 'themes'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('is_archived')
            batch.drop_column('position')
    with op.batch_alter_table('districts') as batch:
        batch.drop_constraint(op.f('ck_districts_population_not_negative'), type_='check')
        batch.drop_column('is_archived')
        batch.drop_column('population')
        batch.drop_column('name_en')
        batch.drop_column('name_fr')
