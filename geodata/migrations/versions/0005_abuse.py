"""Abuse protections: one open report per client and asset; failed logins for the backoff.

Existing duplicate open reports (same client, same asset) are resolved before the unique index
is built, keeping the oldest, and each asset's open_reports is recounted to match.

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-29 18:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE asset_reports r SET resolved_at = r.created_at WHERE r.resolved_at IS NULL "
        "AND r.client_hash IS NOT NULL AND EXISTS (SELECT 1 FROM asset_reports o "
        "WHERE o.asset_id = r.asset_id AND o.client_hash = r.client_hash "
        "AND o.resolved_at IS NULL AND o.id < r.id)"
    )
    op.execute(
        "UPDATE assets a SET open_reports = (SELECT count(*) FROM asset_reports r "
        "WHERE r.asset_id = a.id AND r.resolved_at IS NULL) WHERE a.open_reports > 0"
    )
    op.create_index('uq_asset_reports_open_client', 'asset_reports', ['asset_id', 'client_hash'],
                    unique=True, postgresql_where=sa.text('resolved_at IS NULL'))
    op.create_table('login_failures',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('account_hash', sa.String(length=64), nullable=False),
    sa.Column('client_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failures'))
    )
    op.create_index('ix_login_failures_account', 'login_failures', ['account_hash', 'created_at'], unique=False)
    op.create_index('ix_login_failures_client', 'login_failures', ['client_hash', 'created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_login_failures_client', table_name='login_failures')
    op.drop_index('ix_login_failures_account', table_name='login_failures')
    op.drop_table('login_failures')
    op.drop_index('uq_asset_reports_open_client', table_name='asset_reports',
                  postgresql_where=sa.text('resolved_at IS NULL'))
