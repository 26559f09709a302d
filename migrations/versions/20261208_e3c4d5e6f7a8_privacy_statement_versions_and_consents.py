"""privacy statement versions published by admins, and each person's consent to a version

Two new tables, nothing existing changes. Version 1 of the statement is implicit (no row); published
versions start at 2. A consent goes with its account (ON DELETE CASCADE); a version keeps existing when
its publisher's account is deleted (SET NULL). The same on SQLite and PostgreSQL.

Revision ID: e3c4d5e6f7a8
Revises: d2b3c4d5e6f7
Create Date: 2026-12-08 03:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e3c4d5e6f7a8'
down_revision = 'd2b3c4d5e6f7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'privacy_statement_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('changelog_nl', sa.Text(), nullable=False),
        sa.Column('published_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('version > 1', name=op.f('ck_privacy_statement_versions_version_after_first')),
        sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_privacy_statement_versions_published_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_statement_versions')),
        sa.UniqueConstraint('version', name=op.f('uq_privacy_statement_versions_version')),
    )
    op.create_table(
        'consent_records',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('version > 0', name=op.f('ck_consent_records_version_positive')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_consent_records_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_records')),
        sa.UniqueConstraint('user_id', 'version', name=op.f('uq_consent_records_user_id_version')),
    )
    with op.batch_alter_table('consent_records') as batch:
        batch.create_index(batch.f('ix_consent_records_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('consent_records') as batch:
        batch.drop_index(batch.f('ix_consent_records_user_id'))
    op.drop_table('consent_records')
    op.drop_table('privacy_statement_versions')
