"""Real sources: Statistics Denmark import provenance, published statutory lists, area kinds
region and land (Statbank's regions 081-085 and "Hele landet" 000).

Revision ID: 0009
Revises: 0001
Create Date: 2026-12-07 19:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0009'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = "'kommune', 'sogn', 'postnummer', 'skoledistrikt', 'boligområde', 'grid', 'custom'"
NEW_KINDS = OLD_KINDS + ", 'region', 'land'"
LIST_KINDS = (
    "'ghettoomraade', 'haardt_belastet', 'udsat_boligomraade', 'parallelsamfund', "
    "'omdannelsesomraade', 'forebyggelsesomraade'"
)


def upgrade() -> None:
    op.drop_constraint(op.f('ck_areas_kind'), 'areas', type_='check')
    op.create_check_constraint(op.f('ck_areas_kind'), 'areas', f"kind IN ({NEW_KINDS})")
    op.create_table('statbank_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('layer_id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.String(length=32), nullable=False),
    sa.Column('indicator_code', sa.String(length=64), nullable=False),
    sa.Column('request', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('selection', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('table_updated', sa.DateTime(timezone=True), nullable=True),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('values_count', sa.Integer(), nullable=False),
    sa.Column('revision_accepted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['layer_id'], ['layers.id'], name=op.f('fk_statbank_imports_layer_id_layers'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statbank_imports'))
    )
    op.create_index(op.f('ix_statbank_imports_indicator_code'), 'statbank_imports', ['indicator_code'], unique=False)
    op.create_index(op.f('ix_statbank_imports_layer_id'), 'statbank_imports', ['layer_id'], unique=False)
    op.create_index(op.f('ix_statbank_imports_table_id'), 'statbank_imports', ['table_id'], unique=False)
    op.create_table('statutory_list_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('layer_id', sa.Integer(), nullable=False),
    sa.Column('list_kind', sa.String(length=40), nullable=False),
    sa.Column('list_year', sa.Integer(), nullable=False),
    sa.Column('area_name', sa.Text(), nullable=False),
    sa.Column('area_code', sa.String(length=64), nullable=True),
    sa.Column('municipality', sa.Text(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('match', sa.String(length=12), nullable=True),
    sa.Column('on_list', sa.Boolean(), nullable=False),
    sa.Column('new', sa.Boolean(), nullable=True),
    sa.Column('values_repeated', sa.Boolean(), nullable=False),
    sa.Column('residents', sa.Integer(), nullable=True),
    sa.Column('outside_work_edu_pct', sa.Float(), nullable=True),
    sa.Column('non_western_pct', sa.Float(), nullable=True),
    sa.Column('convicted_pct', sa.Float(), nullable=True),
    sa.Column('convictions_ratio', sa.Float(), nullable=True),
    sa.Column('basic_school_only_pct', sa.Float(), nullable=True),
    sa.Column('income_pct_region', sa.Float(), nullable=True),
    sa.Column('source_row', sa.Integer(), nullable=True),
    sa.CheckConstraint(f"list_kind IN ({LIST_KINDS})", name=op.f('ck_statutory_list_entries_list_kind')),
    sa.CheckConstraint("match IN ('code', 'name', 'fuzzy')", name=op.f('ck_statutory_list_entries_match')),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_statutory_list_entries_area_id_areas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['layer_id'], ['layers.id'], name=op.f('fk_statutory_list_entries_layer_id_layers'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statutory_list_entries')),
    sa.UniqueConstraint('list_kind', 'list_year', 'municipality', 'area_name', name='list_area')
    )
    op.create_index(op.f('ix_statutory_list_entries_area_id'), 'statutory_list_entries', ['area_id'], unique=False)
    op.create_index(op.f('ix_statutory_list_entries_layer_id'), 'statutory_list_entries', ['layer_id'], unique=False)
    op.create_index(op.f('ix_statutory_list_entries_list_year'), 'statutory_list_entries', ['list_year'], unique=False)


def downgrade() -> None:
    op.drop_table('statutory_list_entries')
    op.drop_table('statbank_imports')
    op.execute("DELETE FROM areas WHERE kind IN ('region', 'land')")
    op.drop_constraint(op.f('ck_areas_kind'), 'areas', type_='check')
    op.create_check_constraint(op.f('ck_areas_kind'), 'areas', f"kind IN ({OLD_KINDS})")
