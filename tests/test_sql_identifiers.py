"""SQL names are quoted by the dialect (geodata.sqlnames), so a hostile name is one identifier.

Column names from a file never become SQL (they map onto fixed fields or go into a JSON column as
values), and the writer quotes every table and column name it puts into SQL text. These tests
load names with quotes, spaces, semicolons and Danish letters and show that they are stored as
written and that nothing else is touched.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from geodata.db import session_scope
from geodata.loaders import LoadOptions, load
from geodata.loaders.writer import LayerMeta, ensure_layer, finish_layer, upsert
from geodata.sqlnames import POSTGRES, dialect_of, qualified, quote_ident, quote_list
from tests.helpers import fingerprint, load_base_areas

HOSTILE = 'navn"; DROP TABLE areas; --'
NAME_COLUMN = 'Navn "ø"; --'
EXTRA = "æble; DELETE FROM layers"


# --- the helper -------------------------------------------------------------------------------


def test_names_are_always_quoted_and_quotes_doubled() -> None:
    assert quote_ident(POSTGRES, "areas") == '"areas"'
    assert quote_ident(POSTGRES, HOSTILE) == '"navn""; DROP TABLE areas; --"'
    assert quote_ident(POSTGRES, "Sø Ålborg") == '"Sø Ålborg"'
    assert quote_ident(POSTGRES, "select") == '"select"'
    assert quote_ident(None, "a.b") == '"a.b"'  # a dot is part of the name, not a schema


@pytest.mark.parametrize("bad", ["", "a\x00b", None, 3])
def test_unusable_names_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="not a usable SQL name"):
        quote_ident(POSTGRES, bad)  # type: ignore[arg-type]


def test_lists_and_qualified_names() -> None:
    assert qualified(POSTGRES, "public", 'ta"b') == '"public"."ta""b"'
    assert quote_list(POSTGRES, ["a", "b c"]) == '"a", "b c"'
    assert quote_list(POSTGRES, ["a", "b"], prefix="t") == '"t"."a", "t"."b"'


def test_dialect_comes_from_session_connection_or_engine(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn, Session(conn) as session:
            for where in (engine, conn, session):
                assert dialect_of(where).name == "postgresql"
                assert quote_ident(where, HOSTILE) == quote_ident(POSTGRES, HOSTILE)
    finally:
        engine.dispose()


# --- the writer with hostile table and column names -------------------------------------------

TABLE = 'lag "x"; DROP TABLE areas; --'
KEY = 'kø"d; --'
VALUE = "navn ø"


def _create_hostile_table(session: Session) -> None:
    t, k, v = (quote_ident(session, n) for n in (TABLE, KEY, VALUE))
    session.execute(text(f"CREATE TABLE {t} (layer_id int, {k} text PRIMARY KEY, {v} text)"))


def test_writer_quotes_table_and_column_names(db_url: str) -> None:
    load_base_areas(db_url)
    before = fingerprint(db_url)
    meta = LayerMeta("fjendtlig", "pois", "test", "CC0", None, True)
    with session_scope(db_url) as session:
        _create_hostile_table(session)
        layer_id, _ = ensure_layer(session, meta)
        rows = [(layer_id, "a;1", "første"), (layer_id, 'b"2', "anden")]
        counts = upsert(session, TABLE, ["layer_id", KEY, VALUE], [KEY], rows)
        assert (counts.inserted, counts.updated) == (2, 0)
        again = [(layer_id, "a;1", "første"), (layer_id, 'b"2', "ændret")]
        counts = upsert(session, TABLE, ["layer_id", KEY, VALUE], [KEY], again[1:], layer_id)
        assert (counts.inserted, counts.updated, counts.deleted) == (0, 1, 1)
        finish_layer(session, layer_id, meta, TABLE)
    with session_scope(db_url) as session:
        t = quote_ident(session, TABLE)
        stored = session.execute(text(f"SELECT * FROM {t}")).all()
        count = session.execute(
            text("SELECT feature_count FROM layers WHERE name = 'fjendtlig'")
        ).scalar_one()
    assert [tuple(r) for r in stored] == [(layer_id, 'b"2', "ændret")]
    assert count == 1
    after = fingerprint(db_url)
    assert after["areas"] == before["areas"]  # nothing dropped or changed
    assert set(after) == set(before)


# --- a whole load through the public entry point ---------------------------------------------


def _hostile_files(tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "pois.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", NAME_COLUMN, "kategori", HOSTILE, EXTRA, "lon", "lat"])
        out.writerow(["P1", 'Hal "Ø"', "idræt", "x", "y", "9.9900", "57.0300"])
        out.writerow(["P2", "Bibliotek; Øst", "kultur", "", "z", "9.9950", "57.0320"])
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "columns:\n"
        f"  name: '{NAME_COLUMN}'\n"
        "  category: kategori\n"
        "layer:\n"
        '  name: "pois\'; DROP TABLE pois; --"\n'
        "  licence: CC0\n",
        encoding="utf-8",
    )
    return path, mapping


def test_load_with_hostile_column_and_mapping_names(db_url: str, tmp_path: Path) -> None:
    load_base_areas(db_url)
    before = fingerprint(db_url)
    path, mapping = _hostile_files(tmp_path)
    with session_scope(db_url) as session:
        report = load(session, "pois", LoadOptions(path=path, mapping=mapping, synthetic=True))
    assert report.counts.inserted == 2
    with session_scope(db_url) as session:
        rows = session.execute(
            text(
                "SELECT p.poi_key, p.name, p.category, p.attributes, l.name AS layer "
                "FROM pois p JOIN layers l ON l.id = p.layer_id ORDER BY p.poi_key"
            )
        ).all()
    assert [(r.poi_key, r.name, r.category) for r in rows] == [
        ("P1", 'Hal "Ø"', "idræt"),
        ("P2", "Bibliotek; Øst", "kultur"),
    ]
    assert rows[0].attributes == {HOSTILE: "x", EXTRA: "y"}
    assert rows[1].attributes == {EXTRA: "z"}
    assert rows[0].layer == "pois'; DROP TABLE pois; --"
    after = fingerprint(db_url)
    assert after["areas"] == before["areas"] and set(after) == set(before)
