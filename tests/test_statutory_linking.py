"""Linking list entries to boligområder never guesses between two real areas.

A planner acts on the link (the area page says "on the ghetto list 2015"), so a wrong link is
worse than none: two boligområder of one name, a neighbouring area whose name differs by a
compass word or a number, and a name that only looks alike must stay unlinked and be reported.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geodata.db import session_scope
from geodata.loaders import LoadOptions, load
from geodata.loaders.statutory import close_name
from geodata.loaders.statutory_read import name_key, read_entries
from tests.test_statutory_loader import _features, _square, entries, load_lists, make_areas


@pytest.mark.parametrize(
    ("entry", "area", "linked"),
    [
        ("Sebbersundsvej", "Sebbersundvej", True),  # a letter more
        ("Munkeob", "Munkebo", True),  # two letters swapped
        ("Tingbejrg/Utterslevhuse", "Tingbjerg/Utterslevhuse", True),
        ("Vestparken", "Østparken", False),  # 0.90, but another area
        ("Skovparken II", "Skovparken I", False),  # 0.96, the next section
        ("Vollsmose Nord", "Vollsmose Syd", False),
        ("Nørrevang", "Nørrevænget", False),  # 0.87, three letters apart
    ],
)  # fmt: skip
def test_a_close_name_links_only_a_plausible_typo(entry: str, area: str, linked: bool) -> None:
    found = close_name(name_key(entry), [name_key(area)])
    assert (found == name_key(area)) is linked


def test_two_equally_close_names_link_neither() -> None:
    assert close_name(name_key("Parkvej"), [name_key("Parkvek"), name_key("Parkveh")]) is None


HEAD = "Listeår;Liste;Område;Kommune;På listen\n"
Rows = list[tuple[str, str, list[list[list[float]]]]]


def _boligomraader(url: str, folder: Path, rows: Rows, layer: str) -> None:
    path = folder / f"{layer}.geojson"
    path.write_text(json.dumps(_features(rows)))
    with session_scope(url) as s:
        load(s, "areas", LoadOptions(path=path, area_kind="boligområde", layer=layer))


def _list(folder: Path, rows: str) -> Path:
    path = folder / "liste.csv"
    path.write_text(HEAD + rows, encoding="utf-8")
    return path


def test_namesakes_and_neighbours_stay_unlinked_and_are_reported(
    db_url: str, tmp_path: Path
) -> None:
    make_areas(db_url, tmp_path)  # Aalborg with Løvvangen, Sebbersundvej and Sundparken (BO-3)
    namesakes = [("BO-4", "Sundparken", _square(10.00, 57.03, 0.01)),
                 ("BO-5", "Østparken", _square(10.02, 57.03, 0.01)),
                 ("BO-6", "Skovparken I", _square(10.04, 57.03, 0.01))]  # fmt: skip
    _boligomraader(db_url, tmp_path, namesakes, "b2")
    rows = ("2022;udsat;Sundparken;Aalborg;ja\n2022;udsat;Vestparken;Aalborg;ja\n"
            "2022;udsat;Skovparken II;Aalborg;ja\n2022;udsat;Løvangen;Aalborg;ja\n")  # fmt: skip
    report = load_lists(db_url, _list(tmp_path, rows))
    got = entries(db_url).set_index("area_name")
    assert got["area"].fillna("-").to_dict() == {
        "Løvangen": "Løvvangen", "Skovparken II": "-", "Sundparken": "-", "Vestparken": "-",
    }  # fmt: skip
    assert got.loc["Løvangen", "match"] == "fuzzy"
    assert "2022 Sundparken (Aalborg); ambiguous: 2 boligområder of that name (BO-3, BO-4)" in (
        report.unmatched
    )
    assert len(report.unmatched) == 3


def test_without_kommuner_a_name_link_is_flagged_in_the_report(db_url: str, tmp_path: Path) -> None:
    _boligomraader(db_url, tmp_path, [("BO-1", "Løvvangen", _square(9.9, 57.06, 0.01))], "b")
    report = load_lists(db_url, _list(tmp_path, "2022;udsat;Løvvangen;Aalborg;ja\n"))
    assert dict(report.linked) == {"name": 1}
    assert any("no kommune is loaded" in n for n in report.notes)
    assert "no kommune is loaded" in report.summary()


def test_a_boligomraade_along_the_border_belongs_to_its_own_kommune(
    db_url: str, tmp_path: Path
) -> None:
    """Grænseparken overlaps Aalborg's eastern edge by 30 m (a digitising seam): not Aalborg's."""
    make_areas(db_url, tmp_path)
    seam = [("BO-7", "Grænseparken", _square(9.8 + 0.3 - 0.0005, 57.0, 0.01))]
    _boligomraader(db_url, tmp_path, seam, "b3")
    rows = "2022;udsat;Grænseparken;Aalborg;ja\n2023;udsat;Grænseparken;Mariagerfjord;ja\n"
    report = load_lists(db_url, _list(tmp_path, rows))
    got = entries(db_url).set_index("list_year")
    assert got["area"].fillna("-").to_dict() == {2022: "-", 2023: "Grænseparken"}
    assert report.unmatched == ["2022 Grænseparken (Aalborg); no similar name"]


def test_a_row_number_column_named_id_is_not_taken_for_the_name(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(
        "id;Listeår;Liste;Område;Kommune;På listen\n17;2022;udsat;Løvvangen;Aalborg;ja\n"
    )
    assert read_entries(path).frame["area_name"].tolist() == ["Løvvangen"]


def test_a_name_linked_by_code_to_two_areas_does_not_pass_on_to_a_third_entry(
    db_url: str, tmp_path: Path
) -> None:
    """Sundparken 2015 is BO-3 and 2016 BO-4 by code: the 2017 Sundparken could be either."""
    make_areas(db_url, tmp_path)
    _boligomraader(db_url, tmp_path, [("BO-4", "Sundparken", _square(10.0, 57.03, 0.01))], "b2")
    path = tmp_path / "koder.csv"
    path.write_text(
        "Listeår;Liste;Område;Områdekode;Kommune;På listen\n"
        "2015;udsat;Sundparken;BO-3;Aalborg;ja\n2016;udsat;Sundparken;BO-4;Aalborg;ja\n"
        "2017;udsat;Sundparken;;Aalborg;ja\n2018;udsat;Løvvangen;BO-1;Aalborg;ja\n"
        "2019;udsat;Løvvangen mv;;Aalborg;ja\n",
        encoding="utf-8",
    )
    report = load_lists(db_url, path)
    got = entries(db_url).set_index("list_year")["area"].fillna("-").to_dict()
    assert got == {2015: "Sundparken", 2016: "Sundparken", 2017: "-", 2018: "Løvvangen",
                   2019: "Løvvangen"}  # fmt: skip
    assert report.unmatched == [
        "2017 Sundparken (Aalborg); ambiguous: 2 boligområder of that name (BO-3, BO-4)"
    ]
