"""Addresses for place search, and kk_fold(): the one text fold every place search uses.

kk_fold lowers Danish capitals even under the C collation, spells æ/ø/å as ae/oe/aa (so "Ålborg",
"aalborg" and "Aalborg" meet, and "tønder" finds "Tønder") and turns punctuation into single
spaces. It is IMMUTABLE, so indexes may use it. pg_trgm also comes with 0002; created here too
so this branch stands alone.

Revision ID: 0007
Revises: 0001
Create Date: 2026-12-07 16:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision: str = '0007'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KK_FOLD = r"""
CREATE OR REPLACE FUNCTION kk_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT btrim(regexp_replace(
  replace(replace(replace(
    translate(lower(translate(t, 'ÆØÅÄÖÜÉÈÊÁÀÓÍ', 'æøåäöüéèêáàóí')), 'äöüéèêáàóí', 'æøueeeaaoi'),
  'æ', 'ae'), 'ø', 'oe'), 'å', 'aa'),
  '[^a-z0-9]+', ' ', 'g'))
$$
"""


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(KK_FOLD)
    op.create_table('addresses',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('layer_id', sa.Integer(), nullable=False),
    sa.Column('vejnavn', sa.Text(), nullable=False),
    sa.Column('husnr', sa.String(length=16), nullable=False),
    sa.Column('etage', sa.String(length=8), nullable=True),
    sa.Column('doer', sa.String(length=8), nullable=True),
    sa.Column('postnr', sa.String(length=4), nullable=False),
    sa.Column('postnrnavn', sa.Text(), nullable=False),
    sa.Column('search', sa.Text(collation='C'), nullable=True),
    sa.Column('geom', Geometry(geometry_type='POINT', srid=25832, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.ForeignKeyConstraint(['layer_id'], ['layers.id'], name=op.f('fk_addresses_layer_id_layers'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_addresses'))
    )
    op.create_geospatial_index('idx_addresses_geom', 'addresses', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index(op.f('ix_addresses_layer_id'), 'addresses', ['layer_id'], unique=False)
    op.create_index('ix_addresses_search_prefix', 'addresses', ['search'], unique=False)
    op.create_index('ix_addresses_search_trgm', 'addresses', ['search'], unique=False, postgresql_using='gin', postgresql_ops={'search': 'gin_trgm_ops'})


def downgrade() -> None:
    op.drop_index('ix_addresses_search_trgm', table_name='addresses', postgresql_using='gin', postgresql_ops={'search': 'gin_trgm_ops'})
    op.drop_index('ix_addresses_search_prefix', table_name='addresses')
    op.drop_index(op.f('ix_addresses_layer_id'), table_name='addresses')
    op.drop_geospatial_index('idx_addresses_geom', table_name='addresses', postgresql_using='gist', column_name='geom')
    op.drop_table('addresses')
    op.execute("DROP FUNCTION IF EXISTS kk_fold(text)")
