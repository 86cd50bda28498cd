"""Saved ranking profiles (name, YAML text, who saved it and when).

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-22 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('ranking_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('yaml', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=254), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("name ~ '^[a-z0-9][a-z0-9_-]*$'", name=op.f('ck_ranking_profiles_name_key')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ranking_profiles')),
    sa.UniqueConstraint('name', name=op.f('uq_ranking_profiles_name'))
    )


def downgrade() -> None:
    op.drop_table('ranking_profiles')
