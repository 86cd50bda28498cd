"""`kvarterkort load statutory-lists`: both file forms, the quirks, linking, the report, errors.

Runs on a real PostGIS database: a kommune "Aalborg" with boligområder Løvvangen, Sebbersundvej
and Sundparken inside it, and a "Lindholm" outside every loaded kommune.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from geodata.db import session_scope
from geodata.errors import LoadError
from geodata.loaders import LoadOptions, load
from geodata.loaders.statutory import StatutoryReport
from geodata.loaders.statutory_read import name_key, read_entries
from tests.helpers import fingerprint
from tests.test_assets_helpers import run_cli

DATA = Path(__file__).parent / "data" / "statutory"
FLAT, HEHOLO = DATA / "ghettolister_2010-2017.csv", DATA / "ghettolister_2010-2017.json"
TABLES = ("layers", "areas", "statutory_list_entries")


def _square(x: float, y: float, size: float) -> list[list[list[float]]]:
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def _features(rows: list[tuple[str, str, list[list[list[float]]]]]) -> dict[str, object]:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": c, "name": n},
             "geometry": {"type": "Polygon", "coordinates": g}}
            for c, n, g in rows
        ],
    }  # fmt: skip


def make_areas(url: str, folder: Path) -> None:
    """Aalborg kommune with three boligområder inside, and one boligområde far outside."""
    kommune = folder / "kommune.geojson"
    kommune.write_text(json.dumps(_features([("0851", "Aalborg", _square(9.8, 56.95, 0.3))])))
    bolig = folder / "bolig.geojson"
    bolig.write_text(
        json.dumps(
            _features(
                [
                    ("BO-1", "Løvvangen", _square(9.90, 57.06, 0.01)),
                    ("BO-2", "Sebbersundvej", _square(9.95, 57.03, 0.01)),
                    ("BO-3", "Sundparken", _square(9.97, 57.03, 0.01)),
                    ("BO-9", "Lindholm", _square(11.8, 54.8, 0.01)),
                ]
            )
        )
    )
    with session_scope(url) as s:
        load(s, "areas", LoadOptions(path=kommune, area_kind="kommune", layer="k"))
    with session_scope(url) as s:
        load(s, "areas", LoadOptions(path=bolig, area_kind="boligområde", layer="b"))


def load_lists(url: str, path: Path, **options: object) -> StatutoryReport:
    with session_scope(url) as s:
        report = load(s, "statutory-lists", LoadOptions(path=path, **options))  # type: ignore[arg-type]
    assert isinstance(report, StatutoryReport)
    return report


def entries(url: str) -> pd.DataFrame:
    with session_scope(url) as s:
        rows = s.execute(
            text(
                "SELECT e.list_year, e.area_name, e.municipality, e.on_list, e.residents, "
                "e.match, a.name AS area FROM statutory_list_entries e "
                "LEFT JOIN areas a ON a.id = e.area_id ORDER BY 1, 2"
            )
        ).mappings()
        return pd.DataFrame([dict(r) for r in rows])


def test_both_file_forms_read_the_same_entries() -> None:
    flat, heholo = read_entries(FLAT), read_entries(HEHOLO)
    columns = [c for c in flat.frame.columns if c not in ("where", "source_row")]
    order = ["list_year", "area_name"]
    a = flat.frame[columns].sort_values(order).reset_index(drop=True)
    b = heholo.frame[columns].sort_values(order).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    assert "column 'unemplyed' is not a list field; not read" in heholo.notes


def test_quirks_are_fixed_and_each_fix_is_noted() -> None:
    read = read_entries(FLAT)
    frame = read.frame.set_index(["list_year", "area_name"])
    assert frame.loc[(2010, "Blågården"), "residents"] == 2440
    assert frame.loc[(2010, "Sebbersundvej mv"), "residents"] == 1158
    thousands = [n for n in read.notes if "thousands dot" in n]
    assert len(thousands) == 58  # every 2010 and 2011 entry
    assert "row 2: residents 2.44 read as 2440 (thousands dot read as a decimal)" in thousands
    nfc = [n for n in read.notes if "NFC" in n]
    assert len(nfc) == 2 and (2011, "Tåstrupgård") in frame.index
    assert frame.loc[(2011, "Sebbersundvej mv"), "values_repeated"]
    assert not frame.loc[(2016, "Løvvangen"), "values_repeated"]


@pytest.mark.parametrize(
    ("a", "b"),
    [("Skovvejen/Skovparken", "Skovparken/Skovvejen"), ("Agervang mv.", "Agervang"),
     ("Stengårdsvej-kvarteret", "Stengårdsvej"),
     ("Nørager/Søstjernevej m.fl", "Nørager/Søstjernevej"),
     ("Tåstrupgård", "Tåstrupgård"), ("Sebbersundvej mv", "Sebbersundvej")],
)  # fmt: skip
def test_name_variants_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)
    assert name_key("Ringparken, Slagelse", "Slagelse") == name_key("Ringparken")


def test_load_links_reports_and_reloads_unchanged(db_url: str, tmp_path: Path) -> None:
    make_areas(db_url, tmp_path)
    report = load_lists(db_url, FLAT, layer="ghettolister")
    assert report.rows == 265 and report.counts.inserted == 265
    got = entries(db_url)
    aalborg = got[got["municipality"] == "Aalborg"]
    assert set(aalborg.loc[aalborg["area_name"] == "Løvvangen", "area"]) == {"Løvvangen"}
    sebber = aalborg[aalborg["area_name"].str.startswith("Sebbersund")]
    assert len(sebber) == 7 and set(sebber["area"]) == {"Sebbersundvej"}  # both spellings
    assert dict(sebber.groupby("match").size()) == {"fuzzy": 1, "name": 6}
    assert got.loc[got["area_name"] == "Sundparken", "area"].isna().all()  # Horsens, not Aalborg
    # Guldborgsund is not loaded: its entries may link only to boligområder outside Aalborg
    assert got.loc[got["area_name"] == "Lindholm", "area"].tolist() == ["Lindholm"]
    assert dict(report.linked) == {"fuzzy": 1, "name": 9}
    assert report.kommune_not_loaded["København"] == 63 and report.unmatched == []
    assert sum(report.kommune_not_loaded.values()) == 265 - 10
    assert report.disagree == [
        "2012 Ringparken, Slagelse (Slagelse): on the list, but ghettoomraade_2010 says not met"
    ]
    summary = report.summary()
    assert "linked: 10 (1 by fuzzy, 9 by name)" in summary and "values repeated" in summary
    before = fingerprint(db_url, TABLES)
    again = load_lists(db_url, HEHOLO, layer="ghettolister")  # the other form: same entries
    assert (again.counts.inserted, again.counts.updated) == (0, 265)  # only source_row differs
    third = load_lists(db_url, HEHOLO, layer="ghettolister")
    assert (third.counts.inserted, third.counts.updated, third.counts.unchanged) == (0, 0, 265)
    assert fingerprint(db_url, TABLES) != before  # source rows of the JSON form


def test_unmatched_in_a_loaded_kommune_names_the_nearest_area(db_url: str, tmp_path: Path) -> None:
    make_areas(db_url, tmp_path)
    path = tmp_path / "liste.csv"
    path.write_text(
        "Listeår;Liste;Område;Kommune;På listen;Beboere;Ikke-vestlige\n"
        "2022;forebyggelsesområde;Lerbjergparken;Aalborg;ja;1.200;35,5\n"
        "2022;forebyggelsesområde;Løvvangen;Aalborg Kommune;ja;2.350;31,0\n"
        "2022;forebyggelsesområde;Sundparken Syd;Aalborg;ja;1.100;33,0\n",
        encoding="utf-8",
    )
    report = load_lists(db_url, path)
    # A near name is offered only when it is near: "-parken" alone does not make Sundparken so
    assert report.unmatched == [
        "2022 Lerbjergparken (Aalborg); no similar name",
        "2022 Sundparken Syd (Aalborg); nearest: Sundparken",
    ]
    assert dict(report.linked) == {"name": 1}
    got = entries(db_url)
    assert got["residents"].tolist() == [1200, 2350, 1100]  # Danish thousands dots in a ; file


def test_link_by_code_wins(db_url: str, tmp_path: Path) -> None:
    make_areas(db_url, tmp_path)
    path = tmp_path / "kode.csv"
    path.write_text("list_year,list_kind,area_name,area_code,on_list\n"
                    "2021,parallelsamfund,Et andet navn,BO-2,false\n")  # fmt: skip
    report = load_lists(db_url, path)
    assert dict(report.linked) == {"code": 1}
    assert entries(db_url)["area"].tolist() == ["Sebbersundvej"]


BAD = (
    "list_year,id,municipality,ghetto,residents,unemployed,list_kind\n"
    "20x7,A,Aalborg,True,1200,41,ghettoomraade\n"
    "2017,B,Aalborg,maybe,1200,41,ghettoomraade\n"
    "2017,C,Aalborg,True,lots,41,ghettoomraade\n"
    "2017,D,Aalborg,True,1200,41,ghettoliste_x\n"
    "2017,E,Aalborg,True,1200,41,ghettoomraade\n"
    "2017,E,Aalborg,False,1300,42,ghettoomraade\n"
)


def test_bad_rows_give_located_errors_and_change_nothing(db_url: str, tmp_path: Path) -> None:
    make_areas(db_url, tmp_path)
    load_lists(db_url, FLAT)
    before = fingerprint(db_url, TABLES)
    path = tmp_path / "bad.csv"
    path.write_text(BAD)
    with pytest.raises(LoadError) as caught:
        load_lists(db_url, path)
    found = {(p.location, p.field, p.key) for p in caught.value.problems}
    assert found == {
        ("row 2", "list_year", "statutory.err.year"),
        ("row 3", "on_list", "tables.err.bool"),
        ("row 4", "residents", "tables.err.float"),
        ("row 5", "list_kind", "statutory.err.list_kind"),
        ("row 7", "area_name", "tables.err.duplicate_key"),
    }
    assert fingerprint(db_url, TABLES) == before


def test_json_records_are_located_by_year_and_position(tmp_path: Path) -> None:
    path = tmp_path / "lists.json"
    shutil.copy(HEHOLO, path)
    data = json.loads(path.read_text())
    data["2016"][2]["residents"] = "mange"
    path.write_text(json.dumps(data, ensure_ascii=False))
    with pytest.raises(LoadError) as caught:
        read_entries(path)
    (problem,) = caught.value.problems
    assert (problem.location, problem.field) == ("2016, record 3", "residents")


def test_cli_loads_and_prints_the_report(db_url: str, tmp_path: Path) -> None:
    make_areas(db_url, tmp_path)
    args = ["load", "statutory-lists", str(FLAT), "--layer", "lister", "--real"]
    result = run_cli(db_url, args)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "statutory-lists: 265 entries from ghettolister_2010-2017.csv" in out
    assert "linked: 10 (1 by fuzzy, 9 by name)" in out
    assert "not linked, kommune not loaded: Aabenraa 1, Aarhus 22, Albertslund 2" in out
    assert "2012 Ringparken, Slagelse (Slagelse): on the list" in out
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD)
    failed = run_cli(db_url, ["load", "statutory-lists", str(bad)])
    assert failed.exit_code != 0 and "row 5: field 'list_kind'" in failed.output


def test_a_file_without_list_kind_or_ghetto_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("år;område;kommune;på listen\n2022;Løvvangen;Aalborg;ja\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        read_entries(path)
    assert [(p.field, p.key) for p in caught.value.problems] == [
        ("list_kind", "statutory.err.no_kind")
    ]
    path.write_text("år;område;kommune;på listen;liste\n2022;Løvvangen;Aalborg;ja;udsat\n")
    assert read_entries(path).frame["list_kind"].tolist() == ["udsat_boligomraade"]
