"""feedback: answer templates

Reusable explanations staff pick when answering ideas, in Dutch (required), French and English.

Revision ID: 348e4421debb
Revises: 7021614605e5
Create Date: 2026-11-23 12:22:39.762959

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '348e4421debb'
down_revision = '7021614605e5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('answer_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('body_nl', sa.Text(), nullable=False),
    sa.Column('body_fr', sa.Text(), nullable=False),
    sa.Column('body_en', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_answer_templates_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_templates')),
    sa.UniqueConstraint('name', name=op.f('uq_answer_templates_name'))
    )


def downgrade():
    op.drop_table('answer_templates')
