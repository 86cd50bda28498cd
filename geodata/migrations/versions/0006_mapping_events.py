"""Mapping evenings: time-limited codes with their own submission limits; assets.event_id.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 16:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('mapping_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('max_submissions', sa.Integer(), nullable=True),
    sa.Column('submissions', sa.Integer(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_mapping_events_window')),
    sa.CheckConstraint('max_submissions IS NULL OR max_submissions > 0', name=op.f('ck_mapping_events_max_submissions')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_mapping_events_created_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mapping_events')),
    sa.UniqueConstraint('code', name=op.f('uq_mapping_events_code'))
    )
    op.create_index(op.f('ix_mapping_events_ends_at'), 'mapping_events', ['ends_at'], unique=False)
    op.add_column('assets', sa.Column('event_id', sa.Integer(), nullable=True))
    op.create_index(op.f('ix_assets_event_id'), 'assets', ['event_id'], unique=False)
    op.create_foreign_key(op.f('fk_assets_event_id_mapping_events'), 'assets', 'mapping_events',
                          ['event_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    op.drop_constraint(op.f('fk_assets_event_id_mapping_events'), 'assets', type_='foreignkey')
    op.drop_index(op.f('ix_assets_event_id'), table_name='assets')
    op.drop_column('assets', 'event_id')
    op.drop_index(op.f('ix_mapping_events_ends_at'), table_name='mapping_events')
    op.drop_table('mapping_events')
