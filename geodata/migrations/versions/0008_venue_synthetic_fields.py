"""Venues: which attributes of a venue are synthetic (a real venue with invented details).

A venue from a real register (name, address, position) can carry attributes no public source
gives (capacity, bookability, contact, free times); the demo fills those with synthetic values
and `synthetic_fields` names them, so every view can label them per attribute.

Revision ID: 0008
Revises: 0001
Create Date: 2026-12-07 16:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0008'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        'venues',
        sa.Column('synthetic_fields', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )


def downgrade() -> None:
    op.drop_column('venues', 'synthetic_fields')
