"""`kvarterkort load addresses`: DAWA CSV (plain or gzip) into `addresses`, all or nothing."""

from __future__ import annotations

import csv
import gzip
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from geodata.db import session_scope
from geodata.errors import LoadError
from geodata.loaders import LoadOptions, LoadReport, load
from tests.helpers import fingerprint

FIXTURE = Path(__file__).parent / "data" / "places" / "fanoe_adgangsadresser_sample.csv"
TABLES = ("layers", "addresses")


def load_addresses(url: str, path: Path, **options: object) -> LoadReport:
    with session_scope(url) as session:
        return load(session, "addresses", LoadOptions(path=path, **options))  # type: ignore[arg-type]


def _rows(path: Path = FIXTURE) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], body: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *body])
    return path


def test_loads_the_real_extract_with_provenance_and_reloads_without_change(db_url: str) -> None:
    report = load_addresses(db_url, FIXTURE, layer="dar_fanoe")
    assert (report.rows, report.counts.inserted) == (303, 303)
    with session_scope(db_url) as session:
        layer = session.execute(
            text("SELECT kind, licence, credit, feature_count FROM layers WHERE name = 'dar_fanoe'")
        ).one()
        row = session.execute(
            text("SELECT vejnavn, husnr, postnr, postnrnavn, search, ST_SRID(geom) AS srid, "
                 "ST_X(geom) AS x FROM addresses WHERE id = '0a3f508d-d915-32b8-e044-0003ba298018'")
        ).one()  # fmt: skip
    assert layer.kind == "addresses" and layer.feature_count == 303
    assert "DAR" in layer.credit and "CC BY" in layer.licence
    assert (row.vejnavn, row.husnr, row.postnr, row.postnrnavn) == (
        "A B C Sti",
        "1",
        "6720",
        "Fanø",
    )
    assert row.search == "a b c sti 1 6720 fanoe" and row.srid == 25832
    assert row.x == pytest.approx(462159.3)  # the register's own UTM32 easting, not reprojected
    before = fingerprint(db_url, TABLES)
    again = load_addresses(db_url, FIXTURE, layer="dar_fanoe")
    assert (again.counts.changed, again.counts.unchanged) == (0, 303)
    assert fingerprint(db_url, TABLES) == before


def test_gzip_is_recognised_by_its_content(db_url: str, tmp_path: Path) -> None:
    packed = tmp_path / "adresser.csv.gz"
    with FIXTURE.open("rb") as src, gzip.open(packed, "wb") as dst:
        shutil.copyfileobj(src, dst)
    assert load_addresses(db_url, packed).counts.inserted == 303


def test_wgs84_columns_are_used_when_utm_is_absent(db_url: str, tmp_path: Path) -> None:
    header, body = _rows()
    keep = [i for i, c in enumerate(header) if not c.startswith("etrs89")]
    path = _write(
        tmp_path / "wgs.csv", [header[i] for i in keep], [[r[i] for i in keep] for r in body[:5]]
    )
    load_addresses(db_url, path)
    with session_scope(db_url) as session:
        x = session.execute(
            text(
                "SELECT ST_X(geom) FROM addresses WHERE id = '0a3f508d-d915-32b8-e044-0003ba298018'"
            )
        ).scalar_one()
    assert x == pytest.approx(462159.3, abs=1.0)


def test_every_bad_cell_is_located_and_nothing_is_written(db_url: str, tmp_path: Path) -> None:
    header, body = _rows()
    col = {name: i for i, name in enumerate(header)}
    body = [list(r) for r in body[:6]]
    body[1][col["id"]] = "not-a-uuid"
    body[2][col["postnr"]] = "67x0"
    body[3][col["etrs89koordinat_øst"]] = "øst"
    body[4][col["id"]] = body[0][col["id"]]
    body[5][col["husnr"]] = "1" * 40
    path = _write(tmp_path / "bad.csv", header, body)
    with pytest.raises(LoadError) as caught:
        load_addresses(db_url, path)
    located = {(p.location, p.field) for p in caught.value.problems}
    assert located == {
        ("row 3", "id"), ("row 4", "postnr"), ("row 5", "etrs89koordinat_øst"),
        ("row 6", "id"), ("row 7", "husnr"),
    }  # fmt: skip
    assert all(p.file == str(path) for p in caught.value.problems)
    assert fingerprint(db_url, TABLES) == {"layers": "0:", "addresses": "0:"}


def test_missing_columns_are_named(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "few.csv"
    path.write_text("id,vejnavn\n0a3f508d-d915-32b8-e044-0003ba298018,A B C Sti\n")
    with pytest.raises(LoadError) as caught:
        load_addresses(db_url, path)
    fields = {p.field for p in caught.value.problems}
    assert {"husnr", "postnr", "postnrnavn", "coordinates"} <= fields


def test_unplaced_and_withdrawn_addresses_are_skipped_and_counted(
    db_url: str, tmp_path: Path
) -> None:
    header, body = _rows()
    col = {name: i for i, name in enumerate(header)}
    body = [list(r) for r in body[:4]]
    for c in ("etrs89koordinat_øst", "etrs89koordinat_nord", "wgs84koordinat_bredde",
              "wgs84koordinat_længde"):  # fmt: skip
        body[0][col[c]] = ""
    body[1][col["status"]] = "2"
    report = load_addresses(db_url, _write(tmp_path / "some.csv", header, body))
    assert report.rows == 2
    assert "1 without a position" in report.summary() and "1 withdrawn" in report.summary()


def test_the_fold_meets_danish_spellings(session) -> None:  # type: ignore[no-untyped-def]
    fold = session.execute(
        text("SELECT kk_fold('Ålborg'), kk_fold('aalborg'), kk_fold('TØNDER'), "
             "kk_fold('Æblehaven 3, 1. th'), kk_fold('Sønder-Omme')")
    ).one()  # fmt: skip
    assert fold == ("aalborg", "aalborg", "toender", "aeblehaven 3 1 th", "soender omme")


def test_the_cli_loads_addresses_and_reports_bad_files_located(db_url: str, tmp_path: Path) -> None:
    from tests.test_assets_helpers import run_cli

    done = run_cli(db_url, ["load", "addresses", str(FIXTURE), "--layer", "dar_fanoe"])
    assert done.exit_code == 0, done.output
    assert "303 inserted" in done.output
    header, body = _rows()
    body = [list(r) for r in body[:2]]
    body[1][header.index("postnr")] = "67"
    bad = run_cli(db_url, ["load", "addresses", str(_write(tmp_path / "bad.csv", header, body))])
    assert bad.exit_code != 0
    assert "row 3" in bad.output and "postnr" in bad.output
