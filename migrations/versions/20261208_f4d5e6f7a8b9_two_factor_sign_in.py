"""two-factor sign-in: a TOTP secret per person who enabled it, and hashed single-use recovery codes

Revision ID: f4d5e6f7a8b9
Revises: e3c4d5e6f7a8
Create Date: 2026-12-08 03:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f4d5e6f7a8b9'
down_revision = 'e3c4d5e6f7a8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'two_factor',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('secret', sa.String(length=64), nullable=False),
        sa.Column('enabled_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_step', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_two_factor_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_two_factor')),
    )
    op.create_table(
        'two_factor_recovery_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_two_factor_recovery_codes_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_two_factor_recovery_codes')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_two_factor_recovery_codes_code_hash')),
    )
    with op.batch_alter_table('two_factor_recovery_codes') as batch:
        batch.create_index(batch.f('ix_two_factor_recovery_codes_user_id'), ['user_id'], unique=False)


def downgrade():
    op.drop_table('two_factor_recovery_codes')
    op.drop_table('two_factor')
