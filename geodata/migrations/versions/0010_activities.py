"""Activities (issue 11): projects, offers, sessions, anonymous attendance counts, hashed
participant codes and targets.

Revision ID: 0010
Revises: 0001 (depends on 0002: users)
Create Date: 2026-12-07 20:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision: str = '0010'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
# created_by references users (0002_assets): run after it without joining its branch.
depends_on: str | Sequence[str] | None = '0002'

KINDS = "kind IN ('faellesskab', 'sundhedsfremme')"
AGE_BANDS = "age_band IN ('0-17', '18-29', '30-49', '50-64', '65-79', '80+', 'ukendt')"
HOME_KINDS = "home_kind IN ('estate', 'boligomraade', 'other_area', 'unknown')"


def _id() -> sa.Column:
    return sa.Column('id', sa.Integer(), nullable=False)


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f'ix_{table}_{column}'), table, [column], unique=False)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    name = op.f(f'fk_{table}_{column}_{target}')
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=name, ondelete=ondelete)


def upgrade() -> None:
    op.create_table('activity_projects',
    _id(),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('kommune_code', sa.String(length=8), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_activity_projects_period')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_projects')),
    sa.UniqueConstraint('code', name=op.f('uq_activity_projects_code'))
    )
    op.create_table('activity_offers',
    _id(),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('owner', sa.Text(), nullable=True),
    sa.Column('target_group', sa.Text(), nullable=True),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.CheckConstraint(KINDS, name=op.f('ck_activity_offers_kind')),
    _fk('activity_offers', 'project_id', 'activity_projects', 'CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_offers')),
    sa.UniqueConstraint('project_id', 'name', name='uq_activity_offers_project_name')
    )
    _index('activity_offers', 'project_id')
    op.create_geospatial_table('activity_sessions',
    _id(),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=True),
    sa.Column('ends_at', sa.Time(), nullable=True),
    sa.Column('venue_id', sa.Integer(), nullable=True),
    sa.Column('geom', Geometry(geometry_type='POINT', srid=25832, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('staff_count', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.CheckConstraint('venue_id IS NOT NULL OR geom IS NOT NULL', name=op.f('ck_activity_sessions_venue_or_point')),
    sa.CheckConstraint('staff_count IS NULL OR staff_count >= 0', name=op.f('ck_activity_sessions_staff_count')),
    _fk('activity_sessions', 'offer_id', 'activity_offers', 'CASCADE'),
    _fk('activity_sessions', 'venue_id', 'venues', 'SET NULL'),
    _fk('activity_sessions', 'created_by', 'users', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_sessions'))
    )
    op.create_geospatial_index('idx_activity_sessions_geom', 'activity_sessions', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    for column in ('offer_id', 'held_on', 'venue_id', 'created_by'):
        _index('activity_sessions', column)
    op.create_table('activity_attendance',
    _id(),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('age_band', sa.String(length=8), nullable=False),
    sa.Column('home_kind', sa.String(length=16), nullable=False),
    sa.Column('estate_id', sa.Integer(), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.CheckConstraint(AGE_BANDS, name=op.f('ck_activity_attendance_age_band')),
    sa.CheckConstraint(HOME_KINDS, name=op.f('ck_activity_attendance_home_kind')),
    sa.CheckConstraint('participants >= 0', name=op.f('ck_activity_attendance_participants')),
    _fk('activity_attendance', 'session_id', 'activity_sessions', 'CASCADE'),
    _fk('activity_attendance', 'estate_id', 'estates', 'SET NULL'),
    _fk('activity_attendance', 'area_id', 'areas', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_attendance')),
    sa.UniqueConstraint('session_id', 'age_band', 'home_kind', 'estate_id', 'area_id', name='uq_activity_attendance_session_cell', postgresql_nulls_not_distinct=True)
    )
    for column in ('session_id', 'estate_id', 'area_id'):
        _index('activity_attendance', column)
    op.create_table('activity_codes',
    _id(),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint("code_hash ~ '^[0-9a-f]{64}$'", name=op.f('ck_activity_codes_code_hash')),
    _fk('activity_codes', 'session_id', 'activity_sessions', 'CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_codes')),
    sa.UniqueConstraint('session_id', 'code_hash', name='uq_activity_codes_session_code')
    )
    for column in ('session_id', 'code_hash'):
        _index('activity_codes', column)
    op.create_table('activity_targets',
    _id(),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.CheckConstraint(KINDS, name=op.f('ck_activity_targets_kind')),
    sa.CheckConstraint('participants >= 0', name=op.f('ck_activity_targets_participants')),
    _fk('activity_targets', 'project_id', 'activity_projects', 'CASCADE'),
    _fk('activity_targets', 'area_id', 'areas', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_targets')),
    sa.UniqueConstraint('project_id', 'year', 'kind', 'area_id', name='uq_activity_targets_project_year_kind_area', postgresql_nulls_not_distinct=True)
    )
    for column in ('project_id', 'area_id'):
        _index('activity_targets', column)


def downgrade() -> None:
    op.drop_table('activity_targets')
    op.drop_table('activity_codes')
    op.drop_table('activity_attendance')
    op.drop_geospatial_index('idx_activity_sessions_geom', table_name='activity_sessions', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('activity_sessions')
    op.drop_table('activity_offers')
    op.drop_table('activity_projects')
