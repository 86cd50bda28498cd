"""The import use case against the API (respx with the recorded real STRAF42 answers).

STRAF42 (criminal decisions) has no area variable, so its national figure goes on a small test
`land` area (--area land:DK). The recorded CSV was asked for with labels ("Total;2023;233454"),
so the importer must read "Total" back as HERKOMST1's code "00" through the tableinfo.
Nothing here goes online: respx refuses any request it was not told about.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from sqlalchemy import text

from geodata.db import session_scope
from geodata.statbank.areas import match_areas, statbank_area
from geodata.statbank.client import StatbankClient
from geodata.statbank.errors import RevisionError, StatbankError
from geodata.statbank.importer import StatbankImportOptions, StatbankReport, import_statbank
from tests.helpers import fingerprint, load_file

DATA = Path(__file__).parent / "data" / "statbank"
BASE = "https://api.statbank.dk/v1"
CSV = (DATA / "data_STRAF42_HERKOMST1-00_TID-2023.csv").read_bytes()
INFO = json.loads((DATA / "tableinfo_STRAF42_en.json").read_text(encoding="utf-8"))
TABLES = ("layers", "indicator_definitions", "indicator_values", "statbank_imports")
OPTIONS = {
    "table": "STRAF42", "indicator": "decisions", "select": ["HERKOMST1=00", "Tid=2023"],
    "area": "land:DK", "lang": "en", "name": "Afgørelser i alt", "direction": "higher_is_worse",
}  # fmt: skip


def mock_api(router: respx.MockRouter, info: dict = INFO, csv: bytes = CSV) -> respx.Route:
    router.get(f"{BASE}/tableinfo").mock(return_value=httpx.Response(200, json=info))
    return router.post(f"{BASE}/data").mock(
        return_value=httpx.Response(200, content=csv, headers={"Content-Type": "text/csv"})
    )


@pytest.fixture
def mock() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router


@pytest.fixture
def url(db_url: str) -> str:
    load_file(db_url, "areas", "../statbank/test_areas.geojson", area_kind="land", layer="t_land")
    return db_url


def run(url: str, cache: Path, **options: object) -> StatbankReport:
    client = StatbankClient(BASE, cache)
    with session_scope(url) as session:
        return import_statbank(session, StatbankImportOptions(**options), client)  # type: ignore[arg-type]


def stored(url: str) -> list[tuple]:
    with session_scope(url) as session:
        return [tuple(r) for r in session.execute(text(
            "SELECT a.code, v.period, v.value, v.numerator, v.denominator, l.name, l.credit, "
            "l.licence, l.synthetic FROM indicator_values v JOIN areas a ON a.id = v.area_id "
            "JOIN layers l ON l.id = v.layer_id ORDER BY v.period"))]  # fmt: skip


def imports(url: str) -> list[dict]:
    with session_scope(url) as session:
        rows = session.execute(text("SELECT * FROM statbank_imports ORDER BY id")).all()
    return [dict(r._mapping) for r in rows]


def test_straf42_import_with_labels_and_provenance(
    url: str, mock: respx.MockRouter, tmp_path: Path
) -> None:
    data = mock_api(mock)
    report = run(url, tmp_path / "cache", **OPTIONS)
    credit = "Kilde: Danmarks Statistik, Statistikbanken, tabel STRAF42, 2023"
    assert stored(url) == [("DK", "2023", 233454.0, None, None, "statbank_straf42_decisions",
                            credit, "CC BY 4.0 (Danmarks Statistik: fri brug med "
                            "kildeangivelse)", False)]  # fmt: skip
    body = json.loads(data.calls.last.request.content)
    assert body["variables"] == [{"code": "HERKOMST1", "values": ["00"]},
                                 {"code": "Tid", "values": ["2023"]}]  # fmt: skip
    row = imports(url)[0]
    assert row["request"] == {"method": "POST", "url": f"{BASE}/data", "body": body}
    assert row["selection"]["select"] == {"HERKOMST1": ["00"], "TID": ["2023"]}
    assert row["table_updated"].isoformat() == "2025-03-25T07:00:00+00:00"
    assert row["fetched_at"] is not None and row["values_count"] == 1
    summary = report.summary()
    assert "given as texts, read as codes: HERKOMST1" in summary and credit in summary


def test_revised_table_shows_the_diff_then_accepts(
    url: str, mock: respx.MockRouter, tmp_path: Path
) -> None:
    mock_api(mock)
    run(url, tmp_path / "a", **OPTIONS)
    revised = {**INFO, "updated": "2025-06-02T08:00:00"}
    mock_api(mock, revised, CSV.replace(b"233454", b"233460"))
    before = fingerprint(url, TABLES)
    with pytest.raises(RevisionError) as caught:
        run(url, tmp_path / "b", **OPTIONS)
    assert caught.value.diff == ["Danmark (testområde) (land DK), 2023: 233454 -> 233460"]
    assert "was updated 2025-06-02T08:00:00+02:00 (last import: 2025-03-25T07:00:00+00:00)" in (
        str(caught.value)
    )
    assert fingerprint(url, TABLES) == before
    report = run(url, tmp_path / "c", accept_revision=True, **OPTIONS)
    assert report.revision_accepted and stored(url)[0][2] == 233460.0
    assert [r["revision_accepted"] for r in imports(url)] == [False, True]


def test_identical_api_reimport_is_unchanged(
    url: str, mock: respx.MockRouter, tmp_path: Path
) -> None:
    mock_api(mock)
    run(url, tmp_path / "cache", **OPTIONS)
    before = fingerprint(url, TABLES)
    assert run(url, tmp_path / "cache", **OPTIONS).unchanged_all
    assert fingerprint(url, TABLES) == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"area": None}, r"no area variable: .*--area KIND:CODE"),
        ({"area": "land:SE"}, r"no loaded area matches; looked for land SE"),
        ({"select": ["HERKOMST1=99", "Tid=2023"]}, r"unknown code\(s\) 99"),
        ({"direction": "sideways"}, r"--direction must be one of"),
        ({"select": ["HERKOMST1=*", "Tid=2023"]}, r"HERKOMST1=\* would add the total 00 \(Total\)"),
        ({"per": ["ALDER=*"]}, r"ALDER=\* would add the total TOT \(Age, total\)"),
    ],
)
def test_failed_import_changes_nothing(
    url: str, mock: respx.MockRouter, tmp_path: Path, changes: dict, message: str
) -> None:
    mock_api(mock)
    before = fingerprint(url, TABLES)
    with pytest.raises(StatbankError, match=message):
        run(url, tmp_path / "cache", **{**OPTIONS, **changes})
    assert fingerprint(url, TABLES) == before


def test_statbank_area_codes() -> None:
    assert statbank_area("000") == ("land", "DK")
    assert statbank_area("081") == ("region", "1081")
    assert statbank_area("851") == ("kommune", "0851")
    assert statbank_area("101") == ("kommune", "0101")
    assert statbank_area("7002") == ("sogn", "7002")
    for other in ("01", "11", "0000", "9999", "TOT", "85a", "99"):
        assert statbank_area(other) is None, other


def test_label_geography_by_name() -> None:
    """A file saved with texts names its areas: "Hele landet", "Aalborg", a parish label."""

    class A:
        def __init__(self, id: int, kind: str, code: str, name: str) -> None:
            self.id, self.kind, self.code, self.name = id, kind, code, name

    loaded = [A(1, "land", "DK", "Danmark"), A(2, "kommune", "0851", "Aalborg Kommune"),
              A(3, "sogn", "8276", "Budolfi"), A(4, "sogn", "9001", "Vor Frue"),
              A(5, "sogn", "9002", "Vor Frue")]  # fmt: skip
    cells = ["Hele landet", "Aalborg", "8276 Budolfi (Aalborg Kommune)", "Vor Frue", "Aarhus"]
    match = match_areas(cells, loaded, names=True)
    assert {k: v.id for k, v in match.found.items()} == {
        "Hele landet": 1, "Aalborg": 2, "8276 Budolfi (Aalborg Kommune)": 3,
    }  # fmt: skip
    assert match.skipped == ["Vor Frue", "Aarhus"]  # two parishes of that name: not guessed
    assert match_areas(["Aalborg"], loaded, names=False).skipped == ["Aalborg"]


def test_a_cell_that_is_neither_code_nor_text_is_located(
    url: str, mock: respx.MockRouter, tmp_path: Path
) -> None:
    mock_api(mock, INFO, CSV.replace(b"Total;", b"Totalt;"))
    with pytest.raises(StatbankError, match=r"Statbank STRAF42, row 2, column 'HERKOMST1': "
                       r"'Totalt' is neither a code nor a text"):  # fmt: skip
        run(url, tmp_path / "cache", **OPTIONS)
