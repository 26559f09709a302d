"""municipality: the one-row profile of the installation (names, logo, colours, contact, languages)

Revision ID: c1a2b3c4d5e6
Revises: b7c9d1e3f5a7
Create Date: 2026-12-07 18:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c1a2b3c4d5e6'
down_revision = 'b7c9d1e3f5a7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'municipality',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('official_name_nl', sa.String(length=160), nullable=False),
        sa.Column('official_name_fr', sa.String(length=160), nullable=False),
        sa.Column('official_name_en', sa.String(length=160), nullable=False),
        sa.Column('short_name', sa.String(length=80), nullable=False),
        sa.Column('platform_name', sa.String(length=80), nullable=False),
        sa.Column('logo_filename', sa.String(length=64), nullable=True),
        sa.Column('logo_alt', sa.String(length=200), nullable=False),
        sa.Column('primary_colour', sa.String(length=7), nullable=True),
        sa.Column('secondary_colour', sa.String(length=7), nullable=True),
        sa.Column('contact_email', sa.String(length=254), nullable=False),
        sa.Column('contact_phone', sa.String(length=40), nullable=False),
        sa.Column('contact_address', sa.String(length=300), nullable=False),
        sa.Column('dpo_contact', sa.String(length=300), nullable=False),
        sa.Column('languages', sa.String(length=20), nullable=False),
        sa.Column('default_language', sa.String(length=5), nullable=False),
        sa.Column('timezone', sa.String(length=64), nullable=False),
        sa.Column('public_url', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('id = 1', name=op.f('ck_municipality_one_row')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_municipality')),
    )


def downgrade():
    op.drop_table('municipality')
