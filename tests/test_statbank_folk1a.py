"""`import --file` on the real FOLK1A download (tests/data/statbank/FOLK1A_code_...csv).

The file is a real Statbank CSV (codes, no BOM, LF) of population by area x sex x single-year age
x quarter 1, 2008-2020, for Denmark, the regions and six kommuner including Aalborg (851). It
lacks age 38 (a typo in the author's request) and ages 101+. The figures checked here were
derived by hand from the file with awk (see each test's docstring).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from app.errors import translated
from geodata.db import session_scope
from geodata.statbank.errors import RevisionError, StatbankError
from geodata.statbank.importer import StatbankImportOptions, StatbankReport, import_statbank
from tests.helpers import fingerprint, load_base_areas, load_file

DATA = Path(__file__).parent / "data" / "statbank"
FOLK1A = DATA / "FOLK1A_code_OMRAADE-000-081-085-147-400-461-561-751-851_2008K1-2020K1.csv"
NEW = {"name": "Folketal", "direction": "lower_is_worse"}


def run(url: str, **options: object) -> StatbankReport:
    with session_scope(url) as session:
        return import_statbank(session, StatbankImportOptions(**options))  # type: ignore[arg-type]


def values(url: str, code: str) -> dict[str, tuple]:
    with session_scope(url) as session:
        rows = session.execute(
            text("SELECT a.code, v.period, v.value, v.numerator, v.denominator "
                 "FROM indicator_values v JOIN areas a ON a.id = v.area_id "
                 "WHERE v.indicator_code = :c ORDER BY v.period"), {"c": code}
        ).all()  # fmt: skip
    return {f"{r.code} {r.period}": (r.value, r.numerator, r.denominator) for r in rows}


def provenance(url: str) -> list[dict]:
    with session_scope(url) as session:
        rows = session.execute(text("SELECT * FROM statbank_imports ORDER BY id")).all()
    return [dict(r._mapping) for r in rows]


@pytest.fixture
def url(db_url: str) -> str:
    load_base_areas(db_url)  # kommune 0851 "Testkommune" and three sogne
    return db_url


def test_aalborg_age_zero_from_the_two_rows(url: str) -> None:
    """Aalborg 2020K1, age 0: rows `851;1;0;2020K1;1266` (men) and `851;2;0;2020K1;1203`
    (women) -> 2,469."""
    report = run(url, file=FOLK1A, indicator="born0", select=["KØN=1,2", "ALDER=0",
                 "TID=2020K1"], **NEW)  # fmt: skip
    assert values(url, "born0") == {"0851 2020K1": (2469.0, None, None)}
    assert report.matched == 1 and len(report.skipped) == 11  # 000, 081-085, 147, ... not loaded
    assert "table FOLK1A taken from the file name" in report.summary()


def test_aalborg_total_of_what_the_file_holds(url: str) -> None:
    """Every Aalborg 2020K1 row of the file sums to 214,742 (true total about 217k: the file
    lacks age 38 and 101+); 2019K1 sums to 212,832 (awk over the same rows)."""
    report = run(url, file=FOLK1A, indicator="population_total", select=["KØN=*", "ALDER=*"],
                 **NEW)  # fmt: skip
    stored = values(url, "population_total")
    assert stored["0851 2020K1"] == (214742.0, None, None)
    assert stored["0851 2019K1"] == (212832.0, None, None)
    assert len(stored) == 13 and report.rows == 13
    assert "ALDER=* covers what the data holds; it lacks 38" in report.summary()
    row = provenance(url)[0]
    assert row["request"]["file"] == FOLK1A.name and len(row["request"]["sha256"]) == 64
    assert row["table_updated"] is None and row["values_count"] == 13


def test_share_with_numerator_and_denominator(url: str) -> None:
    """65+ in Aalborg 2020K1: 38,956 of 214,742 rows' sum = 18.1408 % (awk)."""
    run(url, file=FOLK1A, indicator="age65", select=["KØN=*", "ALDER=65-100", "TID=2020K1"],
        per=["ALDER=*"], name="65+", direction="higher_is_worse")  # fmt: skip
    value, num, den = values(url, "age65")["0851 2020K1"]
    assert (num, den) == (38956.0, 214742.0)
    assert value == pytest.approx(18.1408, abs=1e-4)
    with session_scope(url) as session:
        unit = session.execute(text("SELECT unit FROM indicator_definitions WHERE code = 'age65'"))
        assert unit.scalar_one() == "%"


def test_missing_cell_stays_missing(url: str, tmp_path: Path) -> None:
    """One `..` among Aalborg's 2020K1 cells makes that value missing, never a partial sum."""
    lines = FOLK1A.read_text(encoding="utf-8").splitlines()
    lines = [line.replace("851;2;0;2020K1;1203", "851;2;0;2020K1;..") for line in lines]
    path = tmp_path / "FOLK1A_gap.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run(url, file=path, indicator="p", select=["KØN=*", "ALDER=*"], **NEW)
    stored = values(url, "p")
    assert stored["0851 2020K1"] == (None, None, None)
    assert stored["0851 2019K1"] == (212832.0, None, None)
    assert report.missing == 1 and "1 missing values kept missing" in report.summary()


def test_selected_codes_absent_from_the_file(url: str) -> None:
    before = fingerprint(url)
    with pytest.raises(StatbankError, match=r"ALDER codes not in the data: 38"):
        run(url, file=FOLK1A, indicator="x", select=["KØN=*", "ALDER=30-40"], **NEW)
    assert fingerprint(url) == before


def test_unselected_variable_is_refused(url: str) -> None:
    with pytest.raises(StatbankError, match=r"KØN has 2 codes .*--select KØN=CODES"):
        run(url, file=FOLK1A, indicator="x", select=["ALDER=*"], **NEW)


def test_new_indicator_needs_name_and_direction(url: str) -> None:
    with pytest.raises(StatbankError, match=r"--name .* --direction"):
        run(url, file=FOLK1A, indicator="x", select=["KØN=*", "ALDER=*"])


def test_no_loaded_area_matches(db_url: str) -> None:
    with pytest.raises(StatbankError, match=r"no loaded area matches; looked for land DK, "
                       r"region 1081"):  # fmt: skip
        run(db_url, file=FOLK1A, indicator="x", select=["KØN=*", "ALDER=*"], **NEW)
    assert provenance(db_url) == []


def test_revision_refused_with_a_diff_then_accepted(url: str, tmp_path: Path) -> None:
    run(url, file=FOLK1A, indicator="pop", select=["KØN=*", "ALDER=*", "TID=2020K1"], **NEW)
    revised = tmp_path / "FOLK1A_revised.csv"
    text_ = FOLK1A.read_text(encoding="utf-8").replace("851;2;0;2020K1;1203", "851;2;0;2020K1;1210")
    revised.write_text(text_, encoding="utf-8")
    before = fingerprint(url)
    with pytest.raises(RevisionError) as caught:
        run(url, file=revised, table="FOLK1A", indicator="pop", select=["KØN=*", "ALDER=*",
            "TID=2020K1"])  # fmt: skip
    assert caught.value.diff == ["Testkommune (kommune 0851), 2020K1: 214742 -> 214749"]
    assert fingerprint(url) == before
    report = run(url, file=revised, table="FOLK1A", indicator="pop", accept_revision=True,
                 select=["KØN=*", "ALDER=*", "TID=2020K1"])  # fmt: skip
    assert report.revision_accepted and report.counts.updated == 1
    assert values(url, "pop")["0851 2020K1"][0] == 214749.0
    assert [r["revision_accepted"] for r in provenance(url)] == [False, True]


def test_identical_reimport_changes_nothing(url: str) -> None:
    options = {"file": FOLK1A, "indicator": "pop", "select": ["KØN=*", "ALDER=*"], **NEW}
    run(url, **options)
    before = fingerprint(url, ("layers", "indicator_values", "statbank_imports"))
    report = run(url, **options)
    assert report.unchanged_all and "unchanged" in report.summary()
    assert fingerprint(url, ("layers", "indicator_values", "statbank_imports")) == before


def _edited(tmp_path: Path, name: str, edit: Callable[[list[str]], list[str]]) -> Path:
    lines = FOLK1A.read_text(encoding="utf-8").splitlines()
    path = tmp_path / name
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return path


def test_a_group_with_a_row_gone_is_missing_not_a_partial_sum(url: str, tmp_path: Path) -> None:
    """Without the row for men aged 50 in Aalborg 2020K1 the sum would be short by that row:
    it is missing instead (every other period keeps its value)."""
    path = _edited(tmp_path, "FOLK1A_short.csv",
                   lambda ls: [x for x in ls if not x.startswith("851;1;50;2020K1;")])  # fmt: skip
    report = run(url, file=path, indicator="p", select=["KØN=*", "ALDER=*"], **NEW)
    stored = values(url, "p")
    assert stored["0851 2020K1"] == (None, None, None)
    assert stored["0851 2019K1"] == (212832.0, None, None) and report.missing == 1


def test_a_repeated_row_is_refused(url: str, tmp_path: Path) -> None:
    path = _edited(tmp_path, "FOLK1A_twice.csv", lambda ls: [*ls, "851;1;0;2020K1;1266"])
    with pytest.raises(
        StatbankError, match=r"appears twice \(OMRÅDE=851, KØN=1, ALDER=0, TID=2020K1"
    ):
        run(url, file=path, indicator="p", select=["KØN=*", "ALDER=*"], **NEW)


def test_per_may_not_change_area_or_time(url: str) -> None:
    with pytest.raises(StatbankError, match="--per cannot change the area or the time"):
        run(url, file=FOLK1A, indicator="p", select=["KØN=*", "ALDER=*"], per=["TID=2019K1"],
            **NEW)  # fmt: skip


def test_table_must_be_named_when_the_file_name_does_not_say(url: str, tmp_path: Path) -> None:
    path = _edited(tmp_path, "befolkning.csv", lambda ls: ls)
    with pytest.raises(StatbankError, match="cannot tell the table from the file name"):
        run(url, file=path, indicator="p", select=["KØN=*", "ALDER=*"], **NEW)
    report = run(url, file=path, table="folk1a", indicator="p", select=["KØN=*", "ALDER=*"], **NEW)
    assert report.table == "FOLK1A" and "taken from the file name" not in report.summary()


def test_errors_render_in_danish(url: str) -> None:
    """The importer's errors carry catalogue keys whose parameters fill the Danish text."""
    with pytest.raises(StatbankError) as caught:
        run(url, file=FOLK1A, indicator="x", select=["KØN=*", "ALDER=30-40"], **NEW)
    assert translated(caught.value, "da") == (
        f"{FOLK1A.name}: koderne 38 for ALDER findes ikke i data."
    )
    with pytest.raises(StatbankError) as caught:
        run(url, file=FOLK1A, indicator="x", select=["ALDER=*"], **NEW)
    assert translated(caught.value, "da").startswith(f"{FOLK1A.name}: KØN har flere koder (1, 2)")


def test_long_diff_is_cut_at_twenty_lines(url: str, tmp_path: Path) -> None:
    """Denmark, Region Nordjylland and the kommune x 13 years = 39 changed values: 20 shown."""
    load_file(url, "areas", "../statbank/test_areas.geojson", area_kind="land", layer="t_land")
    load_file(url, "areas", "../statbank/test_region.geojson", area_kind="region", layer="t_reg")
    options = {"indicator": "pop", "select": ["KØN=*", "ALDER=*"], **NEW}
    assert run(url, file=FOLK1A, **options).matched == 3

    def plus_one(lines: list[str]) -> list[str]:
        out = []
        for line in lines:
            cells = line.split(";")
            if cells[0] in ("000", "081", "851") and cells[1:3] == ["1", "0"]:
                cells[4] = str(int(cells[4]) + 1)
            out.append(";".join(cells))
        return out

    revised = _edited(tmp_path, "FOLK1A_plus.csv", plus_one)
    with pytest.raises(RevisionError) as caught:
        run(url, file=revised, table="FOLK1A", **options)
    assert len(caught.value.diff) == 21 and caught.value.diff[-1] == "and 19 more"
    assert "39 stored values of pop would change" in str(caught.value)


def test_label_file_maps_areas_by_name(url: str, tmp_path: Path) -> None:
    """A file saved with texts: the kommune by its name, "Hele landet" skipped (not loaded)."""
    path = tmp_path / "FOLK1A_tekster.csv"
    path.write_text(
        "OMRÅDE;KØN;ALDER;TID;INDHOLD\nHele landet;Mænd;0 år;2020K1;31000\n"
        "Testkommune;Mænd;0 år;2020K1;1266\nTestkommune;Kvinder;0 år;2020K1;1203\n",
        encoding="utf-8",
    )
    report = run(url, file=path, indicator="b", select=["KØN=Mænd,Kvinder", "ALDER=*"], **NEW)
    assert values(url, "b") == {"0851 2020K1": (2469.0, None, None)}
    assert report.skipped == ["Hele landet"]


def test_star_over_a_file_with_a_total_code_is_refused(url: str, tmp_path: Path) -> None:
    """KØN=* over 1, 2 and TOT would count everyone twice."""
    path = _edited(tmp_path, "FOLK1A_tot.csv", lambda ls: [*ls, "851;TOT;0;2020K1;2469"])
    with pytest.raises(StatbankError, match=r"KØN=\* would add the total TOT to its parts"):
        run(url, file=path, indicator="p", select=["KØN=*", "ALDER=*"], **NEW)
    run(url, file=path, indicator="p", select=["KØN=1,2", "ALDER=*"], **NEW)
    assert values(url, "p")["0851 2020K1"] == (214742.0, None, None)
