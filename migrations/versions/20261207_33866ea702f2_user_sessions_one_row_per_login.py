"""user sessions, one row per login

Logout now ends a session on the server: each login is a row in user_sessions and the cookies carry
its token. users.session_token (one token for all of a person's devices) goes; cookies issued
before this migration name no row, so everyone logs in once more after the upgrade.

Revision ID: 33866ea702f2
Revises: 348e4421debb
Create Date: 2026-12-07 08:52:46.551796

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '33866ea702f2'
down_revision = '348e4421debb'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_sessions_token_hash'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_token')



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.VARCHAR(length=32), nullable=False, server_default=''))
    # A fresh random token per person, which no cookie carries: downgrading logs everyone out too.
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.text('SELECT id FROM users')).all():
        connection.execute(
            sa.text('UPDATE users SET session_token = :token WHERE id = :id'), {'token': secrets.token_urlsafe(16), 'id': user_id}
        )

    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))

    op.drop_table('user_sessions')
