"""outcomes: closing reports and overdue reminders

closing_reports: one "you said, we did" report per process (a draft while published_at is NULL).
overdue_reminders: one row per idea per overdue period, so `flask outcomes remind-overdue` never
mails twice about the same idea in the same period (unique idea_id, period). Two new tables only:
nothing to rebuild on SQLite.

Revision ID: efde337a8115
Revises: d7cdf39425fb
Create Date: 2026-11-23 12:00:54.287254

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'efde337a8115'
down_revision = 'd7cdf39425fb'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('closing_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('body_source', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_closing_reports_process_id_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_closing_reports_written_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closing_reports')),
    sa.UniqueConstraint('process_id', name=op.f('uq_closing_reports_process_id'))
    )
    op.create_table('overdue_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('recipient_count', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('period >= 1', name=op.f('ck_overdue_reminders_period_positive')),
    sa.CheckConstraint('recipient_count >= 0', name=op.f('ck_overdue_reminders_recipient_count_not_negative')),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_overdue_reminders_idea_id_ideas'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_overdue_reminders')),
    sa.UniqueConstraint('idea_id', 'period', name=op.f('uq_overdue_reminders_idea_id_period'))
    )


def downgrade():
    op.drop_table('overdue_reminders')
    op.drop_table('closing_reports')
