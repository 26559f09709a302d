"""ideas, comments and campaigns: language, the language the resident wrote in

Nullable, no default: rows from before are "not recorded" and are shown without a lang of their own.
The ideas column is indexed for the language filter of the idea lists.

Revision ID: b7c9d1e3f5a7
Revises: a3d5f7e9b1c2
Create Date: 2026-12-07 16:55:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b7c9d1e3f5a7'
down_revision = 'a3d5f7e9b1c2'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('ideas', 'comments', 'campaigns'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('language', sa.String(5), nullable=True))
    op.create_index('ix_ideas_language', 'ideas', ['language'])


def downgrade():
    op.drop_index('ix_ideas_language', table_name='ideas')
    for table in ('ideas', 'comments', 'campaigns'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('language')
