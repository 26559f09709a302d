"""feedback: idea lifecycle, official responses, departments, one timeline table

The idea lifecycle grows (not_feasible, rejected, merged, selected_for_vote, crowdfunded, in_progress,
closed, changes_requested); "declined" becomes "rejected". Ideas get a department, an assignee, the
moment of their first official response, a progress percentage and the idea they were merged into.
idea_status_changes becomes the idea's whole public timeline: status changes and official responses
(explanation, cost estimate, department, link), implementation milestones and update posts, so the
idea page reads it in one query. The CHECK constraints on statuses are rebuilt (batch mode recreates
the table on SQLite).

Revision ID: d7cdf39425fb
Revises: a74212ff2755
Create Date: 2026-11-23 11:56:48.291562

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7cdf39425fb'
down_revision = 'a74212ff2755'
branch_labels = None
depends_on = None

OLD_STATUSES = ('awaiting_moderation', 'published', 'under_review', 'accepted', 'declined', 'implemented', 'hidden')
NEW_STATUSES = (
    'awaiting_moderation', 'changes_requested', 'published', 'under_review', 'accepted', 'not_feasible', 'rejected',
    'merged', 'selected_for_vote', 'crowdfunded', 'in_progress', 'implemented', 'closed', 'hidden',
)


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _rename_status(old, new):
    op.execute(sa.text("UPDATE ideas SET status = :new WHERE status = :old").bindparams(old=old, new=new))
    for column in ('from_status', 'to_status'):
        op.execute(
            sa.text(f"UPDATE idea_status_changes SET {column} = :new WHERE {column} = :old").bindparams(old=old, new=new)
        )


def upgrade():
    op.create_table('departments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name_nl', sa.String(length=120), nullable=False),
    sa.Column('name_fr', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_departments')),
    sa.UniqueConstraint('slug', name=op.f('uq_departments_slug'))
    )
    # The old CHECK constraints go first, so "declined" can become "rejected".
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_ideas_status_known'), type_='check')
    with op.batch_alter_table('idea_status_changes', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_idea_status_changes_to_status_known'), type_='check')
    _rename_status('declined', 'rejected')

    with op.batch_alter_table('idea_status_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=12), server_default='status', nullable=False))
        batch_op.add_column(sa.Column('is_official_response', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('cost_estimate_cents', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('department_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('link_url', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('title', sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column('planned_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('is_done', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('done_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('body_html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('image_filename', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('image_alt', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('progress_percent', sa.Integer(), nullable=True))
        batch_op.alter_column('to_status',
               existing_type=sa.VARCHAR(length=20),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_idea_status_changes_department_id'), ['department_id'], unique=False)
        batch_op.create_index('ix_idea_status_changes_official', ['is_official_response', 'idea_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_idea_status_changes_department_id_departments'), 'departments', ['department_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(op.f('ck_idea_status_changes_to_status_known'), _in('to_status', NEW_STATUSES))
        batch_op.create_check_constraint(op.f('ck_idea_status_changes_kind_known'), "kind IN ('status', 'milestone', 'update')")
        batch_op.create_check_constraint(op.f('ck_idea_status_changes_status_change_has_status'), "kind != 'status' OR to_status IS NOT NULL")
        batch_op.create_check_constraint(op.f('ck_idea_status_changes_milestone_is_dated'), "kind != 'milestone' OR (title IS NOT NULL AND planned_on IS NOT NULL)")
        batch_op.create_check_constraint(op.f('ck_idea_status_changes_cost_estimate_not_negative'), "cost_estimate_cents >= 0")
        batch_op.create_check_constraint(op.f('ck_idea_status_changes_progress_percent_in_range'), "progress_percent BETWEEN 0 AND 100")

    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('department_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assignee_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('first_response_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('progress_percent', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_ideas_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_department_id'), ['department_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_ideas_department_id_departments'), 'departments', ['department_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_ideas_assignee_id_users'), 'users', ['assignee_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_ideas_merged_into_id_ideas'), 'ideas', ['merged_into_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(op.f('ck_ideas_status_known'), _in('status', NEW_STATUSES))
        batch_op.create_check_constraint(op.f('ck_ideas_progress_percent_in_range'), "progress_percent BETWEEN 0 AND 100")


def downgrade():
    # Statuses the old lifecycle does not know fall back to the nearest old one.
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_ideas_progress_percent_in_range'), type_='check')
        batch_op.drop_constraint(op.f('ck_ideas_status_known'), type_='check')
        batch_op.drop_constraint(op.f('fk_ideas_merged_into_id_ideas'), type_='foreignkey')
        batch_op.drop_constraint(op.f('fk_ideas_assignee_id_users'), type_='foreignkey')
        batch_op.drop_constraint(op.f('fk_ideas_department_id_departments'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_ideas_department_id'))
        batch_op.drop_index(batch_op.f('ix_ideas_assignee_id'))
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('progress_percent')
        batch_op.drop_column('first_response_at')
        batch_op.drop_column('assignee_id')
        batch_op.drop_column('department_id')

    op.execute("DELETE FROM idea_status_changes WHERE kind != 'status'")
    with op.batch_alter_table('idea_status_changes', schema=None) as batch_op:
        for name in ('progress_percent_in_range', 'cost_estimate_not_negative', 'milestone_is_dated',
                     'status_change_has_status', 'kind_known', 'to_status_known'):
            batch_op.drop_constraint(op.f(f'ck_idea_status_changes_{name}'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_idea_status_changes_department_id_departments'), type_='foreignkey')
        batch_op.drop_index('ix_idea_status_changes_official')
        batch_op.drop_index(batch_op.f('ix_idea_status_changes_department_id'))
        batch_op.alter_column('to_status',
               existing_type=sa.VARCHAR(length=20),
               nullable=False)
        for column in ('progress_percent', 'image_alt', 'image_filename', 'body_html', 'done_on', 'is_done', 'planned_on',
                       'title', 'link_url', 'department_id', 'cost_estimate_cents', 'is_official_response', 'kind'):
            batch_op.drop_column(column)

    for old, new in (('rejected', 'declined'), ('not_feasible', 'declined'), ('merged', 'declined'),
                     ('closed', 'implemented'), ('in_progress', 'accepted'), ('selected_for_vote', 'accepted'),
                     ('crowdfunded', 'accepted'), ('changes_requested', 'hidden')):
        _rename_status(old, new)
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_ideas_status_known'), _in('status', OLD_STATUSES))
    with op.batch_alter_table('idea_status_changes', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_idea_status_changes_to_status_known'), _in('to_status', OLD_STATUSES))

    op.drop_table('departments')
