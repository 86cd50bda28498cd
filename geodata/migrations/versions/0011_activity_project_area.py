"""An activity project's own area (issue 11): e.g. postnummer 9210 Aalborg SØ for the SØ project.

The reach map judges "high need, low reach" among the estates and boligområder inside this area
when a project has one (else the whole kommune). Deleting the area leaves the project whole,
without an area.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 21:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('activity_projects', sa.Column('area_id', sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f('fk_activity_projects_area_id_areas'), 'activity_projects', 'areas', ['area_id'],
        ['id'], ondelete='SET NULL',
    )
    op.create_index(
        op.f('ix_activity_projects_area_id'), 'activity_projects', ['area_id'], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_activity_projects_area_id'), table_name='activity_projects')
    op.drop_constraint(
        op.f('fk_activity_projects_area_id_areas'), 'activity_projects', type_='foreignkey'
    )
    op.drop_column('activity_projects', 'area_id')
