"""Imports from spreadsheets: .xlsx, semicolon/decimal-comma CSV, Windows-1252, Danish names.

Every loader (venues, associations, indicator values) and the asset import take what a Danish
Excel saves; errors name file, sheet, row and column, in Danish on the asset import page and in
English in the CLI; each import has a template that imports as it is.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from app.i18n import catalogue, translator
from app.import_errors import problem_text
from app.table_templates import template_bytes
from geodata.db import session_scope
from geodata.errors import LoadError, Problem
from geodata.loaders import LoadOptions, load, spreadsheet
from geodata.loaders.aliases import (
    ASSOCIATION_NAMES,
    VENUE_TYPE_NAMES,
    asset_category,
    choice_table,
    find_column,
    resolve_choice,
)
from geodata.loaders.readers import read_table
from geodata.loaders.spreadsheet import (
    MIXED,
    AmbiguousNumber,
    column_decimal,
    csv_decimal,
    parse_number,
    sniff_separator,
)
from geodata.models import ASSOCIATION_CATEGORIES, VENUE_TYPES
from geodata.models_assets import CATEGORIES
from tests.helpers import LOADERS, fingerprint, load_base_areas, load_file
from tests.test_assets_helpers import coordinator, make_client, run_cli

DA = translator("da")


def _load(url: str, kind: str, path: Path, **options: object):  # type: ignore[no-untyped-def]
    with session_scope(url) as session:
        return load(session, kind, LoadOptions(path=path, **options))  # type: ignore[arg-type]


def _one(url: str, sql: str) -> tuple:
    with session_scope(url) as session:
        return tuple(session.execute(text(sql)).one())


def _xlsx(path: Path, rows: list[list[object]], sheet: str = "Ark1", guide: bool = True) -> Path:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    if guide:
        book.create_sheet("Vejledning").append(["Kolonne", "Tilladte værdier"])
    book.save(path)
    return path


# --- pure pieces -----------------------------------------------------------------------------


def test_numbers_and_separators_as_people_type_them() -> None:
    assert [parse_number(t) for t in ("57,05", "57.05", "1.234,5", "1,234.5", " -9,9 ")] == [
        57.05, 57.05, 1234.5, 1234.5, -9.9,
    ]  # fmt: skip
    with pytest.raises(ValueError):
        parse_number("abc")
    assert sniff_separator("navn;lat;lon\nA;57,1;9,9") == ";"
    assert sniff_separator("name,lat,lon\n") == "," and sniff_separator("a\tb\n") == "\t"
    assert sniff_separator('"a;b",c\n') == ","  # a quoted semicolon is not a separator


def test_thousands_follow_the_files_dialect() -> None:
    """Danish Excel writes 2.000 for two thousand; an English file's 1.000 is one."""
    danish = ("2.000", "1.234,5", "12.345", "-1.000.000", "57,05")
    assert [parse_number(t, ",") for t in danish] == [2000, 1234.5, 12345, -1_000_000, 57.05]
    assert parse_number("1.000") == 1.0 and parse_number("12.345") == 12.345
    assert parse_number("57.05", ",") == 57.05  # not grouped: a pasted decimal point
    with pytest.raises(AmbiguousNumber):
        parse_number("1.000", MIXED)
    assert parse_number("1.234,5", MIXED) == 1234.5 and parse_number("57.05", MIXED) == 57.05
    assert csv_decimal("navn;indbyggere\nA;2.000\n") == ","
    assert csv_decimal("name,residents\nA,2\n") == "."
    assert csv_decimal("a\tb\nx\t57,05\n") == "," and csv_decimal("a\tb\nx\t57.05\n") == "."
    assert column_decimal(",", ["2.000", "3", "1.234,5"]) == ","
    assert column_decimal(",", ["1.000", "57.05"]) == MIXED
    assert column_decimal(".", ["1.000", "57.05"]) == "."


def test_danish_names_resolve_to_codes() -> None:
    venue = choice_table(VENUE_TYPES, VENUE_TYPE_NAMES)
    assert [resolve_choice(t, venue) for t in ("Fælleshus", "FÆLLESHUS", "kirke", "Idrætshal")] == [
        "faelleshus", "faelleshus", "kirke_sognegaard", "idraetshal",
    ]  # fmt: skip
    assert resolve_choice("svømmehal-x", venue) is None
    club = choice_table(ASSOCIATION_CATEGORIES, ASSOCIATION_NAMES)
    assert resolve_choice("idrætsforening", club) == "idraet"
    assert resolve_choice("Børn og unge", club) == "boern_unge"
    assert asset_category("Fælleshus", "") == ("spaces", "community_house")
    assert asset_category("forening", "Idrætsforening") == ("associations", "sports_club")
    assert asset_category("Fysiske steder", "beboerlokale") == ("spaces", "meeting_room")
    assert asset_category("weapons", "") == ("weapons", "")  # the model refuses it, located
    assert find_column(["Navn", "Breddegrad", "Længdegrad"], "lon") == "Længdegrad"
    assert find_column(["NAVN"], "name") == "NAVN" and find_column(["x"], "title") is None


def test_every_catalogue_label_is_an_accepted_name() -> None:
    """The app's own words for venue types and categories, in both languages, import."""
    venue = choice_table(VENUE_TYPES, VENUE_TYPE_NAMES)
    club = choice_table(ASSOCIATION_CATEGORIES, ASSOCIATION_NAMES)
    for lang in ("da", "en"):
        words = catalogue()[lang]
        for code in VENUE_TYPES:
            assert resolve_choice(words[f"venues.type.{code}"], venue) == code, (lang, code)
        for code in ASSOCIATION_CATEGORIES:
            assert resolve_choice(words[f"tables.association.{code}"], club) == code, code
        for code, entry in CATEGORIES.items():
            assert asset_category(entry[lang], "")[0] == code
            for sub, labels in entry["subs"].items():
                assert asset_category(code, labels[lang == "en"]) == (code, sub)


def test_every_danish_header_imports_as_its_column() -> None:
    """Downloads and templates head columns with tables.col.*; the importers must take them."""
    fields = ("title", "category", "subcategory", "description", "schedule", "contact", "link",
              "status", "synthetic", "last_verified_at", "lat", "lon", "name", "type", "address",
              "capacity", "step_free", "kitchen", "bookable", "owner", "members", "activities",
              "meeting_venue", "area_kind", "area_code", "indicator", "period", "value",
              "numerator", "denominator", "wkt")  # fmt: skip
    for name in fields:
        header = DA(f"tables.col.{name}")
        assert find_column([header], name) == header, (name, header)


def test_problems_render_in_danish_with_sheet_row_and_column() -> None:
    problem = Problem("/tmp/x.xlsx", "sheet 'Aktiver', row 4", "category", "unknown category",
                      "tables.err.category", {"allowed": "skills, spaces"})  # fmt: skip
    assert problem_text(problem, "da", "mine.xlsx") == (
        "mine.xlsx, ark 'Aktiver', række 4, kolonne 'Kategori': ukendt kategori; brug en af "
        "skills, spaces eller det danske navn (se fanen Vejledning i skabelonen)"
    )
    assert problem_text(problem, "en").startswith("/tmp/x.xlsx, sheet 'Aktiver', row 4, column")
    dup = Problem("f.csv", "row 5", "venue_key", "dup", "tables.err.duplicate_key",
                  {"values": "venue_key='V1'", "first": "row 2"})  # fmt: skip
    assert problem_text(dup, "da").endswith(
        "samme nøgle (venue_key='V1') findes allerede i række 2"
    )
    bad = Problem("f.csv", "", "", "English text", "tables.err.choice", {"wrong": 1})
    assert problem_text(bad, "da") == "f.csv: English text"  # values that do not fit: English


# --- loaders ---------------------------------------------------------------------------------


def test_venue_template_in_danish_csv_loads(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "lokaler.csv"
    path.write_bytes(template_bytes("venues", "csv-da", DA, "da"))
    report = _load(db_url, "venues", path, layer="lokaler")
    assert report.counts.inserted == 1
    lat = "round(ST_Y(ST_Transform(geom, 4326))::numeric, 4)::float"
    row = _one(db_url, f"SELECT venue_key, type, capacity, step_free, bookable, {lat} FROM venues")
    assert row == ("V1", "faelleshus", 80, True, True, pytest.approx(57.0325))


def test_association_template_xlsx_loads_its_first_sheet(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "foreninger.xlsx"
    path.write_bytes(template_bytes("associations", "xlsx", DA, "da"))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Foreninger", "Vejledning"]
    book["Foreninger"].append(["F2", "Seniorklubben", "Ældreforening", 40, "", "", "", 57.04, 9.99])
    book.save(path)
    assert _load(db_url, "associations", path, layer="f").counts.inserted == 2
    with session_scope(db_url) as session:
        found = session.execute(text("SELECT association_key, category, members FROM associations "
                                     "ORDER BY 1")).all()  # fmt: skip
    assert [tuple(r) for r in found] == [("F1", "idraet", 120), ("F2", "aeldre", 40)]


def test_bad_xlsx_is_located_by_sheet_row_and_column(db_url: str, tmp_path: Path) -> None:
    rows = [["Id", "Navn", "Type", "Kapacitet", "Breddegrad", "Længdegrad"],
            ["V1", "Fælleshuset", "Fælleshus", 80, 57.03, 9.99],
            [None, None, None, None, None, None],  # a blank row keeps the numbering
            ["V2", "Svømmehallen", "svømmehal", "mange", 57.031, 9.995]]  # fmt: skip
    path = _xlsx(tmp_path / "lokaler.xlsx", rows, sheet="Lokaler")
    before = fingerprint(db_url)
    with pytest.raises(LoadError) as caught:
        _load(db_url, "venues", path)
    found = {(p.location, p.field, p.key) for p in caught.value.problems}
    assert found == {
        ("sheet 'Lokaler', row 4", "type", "tables.err.choice"),
        ("sheet 'Lokaler', row 4", "capacity", "tables.err.int"),
    }
    assert fingerprint(db_url) == before
    result = run_cli(db_url, ["load", "venues", str(path)])
    assert result.exit_code == 2
    assert "lokaler.xlsx, sheet 'Lokaler', row 4: field 'capacity': expected a whole number" in (
        result.output
    )


def test_semicolon_cp1252_csv_with_decimal_commas_loads(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "lokaler.csv"
    body = (
        "navn;type;id;breddegrad;længdegrad;kapacitet\nØstbyens Hal;Idrætshal;H1;57,031;9,995;200\n"
    )
    path.write_bytes(body.encode("cp1252"))
    report = _load(db_url, "venues", path, layer="h")
    assert report.counts.inserted == 1 and "Windows-1252" in report.summary()
    assert _one(db_url, "SELECT name, type, capacity FROM venues") == (
        "Østbyens Hal",
        "idraetshal",
        200,
    )


def test_indicator_values_with_danish_columns(db_url: str, tmp_path: Path) -> None:
    load_base_areas(db_url)
    load_file(db_url, "indicator-definitions", "indicator_definitions.csv")
    path = tmp_path / "vaerdier.csv"
    path.write_text("Områdetype;Områdekode;Indikator;Periode;Værdi;Tæller;Nævner\n"
                    "Sogn;S1;smoking_pct;2024;21,5;43;200\n", encoding="utf-8-sig")  # fmt: skip
    assert _load(db_url, "indicators", path).counts.inserted == 1
    assert _one(db_url, "SELECT value, numerator FROM indicator_values") == (21.5, 43)


def test_danish_csv_thousands_load_as_thousands(db_url: str, tmp_path: Path) -> None:
    square = "POLYGON((9.99 57.03, 10.0 57.03, 10.0 57.04, 9.99 57.04, 9.99 57.03))"
    areas = tmp_path / "sogne.csv"
    areas.write_text(f"Områdetype;Kode;Navn;Indbyggere;WKT\nsogn;T1;Testsogn;2.000;{square}\n",
                     encoding="utf-8-sig")  # fmt: skip
    _load(db_url, "areas", areas, crs="EPSG:4326", layer="t")
    assert _one(db_url, "SELECT residents FROM areas WHERE code = 'T1'") == (2000,)
    load_file(db_url, "indicator-definitions", "indicator_definitions.csv")
    values = tmp_path / "vaerdier.csv"
    values.write_text("Områdetype;Områdekode;Indikator;Periode;Værdi;Tæller;Nævner\n"
                      "sogn;T1;smoking_pct;2024;1.234,5;12.345;20.000\n")  # fmt: skip
    assert _load(db_url, "indicators", values).counts.inserted == 1
    found = _one(db_url, "SELECT value, numerator, denominator FROM indicator_values")
    assert found == (1234.5, 12345, 20000)


def test_ambiguous_danish_number_is_refused_where_it_is(db_url: str, tmp_path: Path) -> None:
    """A Danish file's 1.000 beside 57.05 in one column could be 1 or 1000: ask, not guess."""
    load_base_areas(db_url)
    load_file(db_url, "indicator-definitions", "indicator_definitions.csv")
    path = tmp_path / "vaerdier.csv"
    path.write_text("Områdetype;Områdekode;Indikator;Periode;Værdi\n"
                    "sogn;S1;smoking_pct;2024;57.05\nsogn;S2;smoking_pct;2024;1.000\n")  # fmt: skip
    with pytest.raises(LoadError) as caught:
        _load(db_url, "indicators", path)
    [problem] = caught.value.problems
    assert (problem.location, problem.field, problem.key) == (
        "row 3", "value", "tables.err.ambiguous_number",
    )  # fmt: skip
    assert problem_text(problem, "da", "vaerdier.csv") == (
        "vaerdier.csv, række 3, kolonne 'Værdi': '1.000' kan læses både som tusinder og som "
        "decimaler, fordi andre celler i kolonnen bruger punktum som decimaltegn; skriv tallet "
        "uden punktum (fx 2000 eller 1,5)"
    )


def test_english_csv_fraction_in_a_whole_number_field_is_refused(
    db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "venues.csv"
    path.write_text("name,type,id,lat,lon,capacity\nHall,idraetshal,H1,57.031,9.995,2.5\n"
                    "House,faelleshus,H2,57.032,9.996,1.000\n")  # fmt: skip
    before = fingerprint(db_url)
    with pytest.raises(LoadError) as caught:
        _load(db_url, "venues", path, layer="h")
    found = [(p.location, p.field, p.key) for p in caught.value.problems]
    assert found == [("row 2", "capacity", "tables.err.int")]  # 2.5 is not stored as 2
    assert fingerprint(db_url) == before


def test_a_missing_sheet_is_refused_with_the_sheet_names(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "to.xlsx", [["navn"], ["A"]], sheet="Lokaler")
    book = openpyxl.load_workbook(path)
    book.create_sheet("Foreninger").append(["navn"])
    book.save(path)
    assert read_table(path, "Lokaler", None, geometry=False).sheet == "Lokaler"
    with pytest.raises(LoadError) as caught:
        read_table(path, "Lokler", None, geometry=False)
    [problem] = caught.value.problems
    assert problem.message == (
        "the workbook has no sheet 'Lokler'; its sheets are 'Lokaler', 'Vejledning', 'Foreninger'"
    )
    assert problem_text(problem, "da", "to.xlsx") == (
        "to.xlsx: regnearket har intet ark ved navn 'Lokler'; arkene hedder 'Lokaler', "
        "'Vejledning', 'Foreninger'"
    )
    one = _xlsx(tmp_path / "one.xlsx", [["navn"], ["A"]], sheet="Ark1")  # plus Vejledning
    assert read_table(one, "mit_lag", None, geometry=False).sheet == "Ark1"  # --layer names it


def test_spreadsheet_limits_and_broken_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [["a", "b"], *[[i, i] for i in range(5)]]
    path = _xlsx(tmp_path / "big.xlsx", rows)
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 6)  # the header and 5 rows fit exactly
    assert len(read_table(path, None, None, geometry=False).frame) == 5
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 5)
    with pytest.raises(LoadError, match="more than 5 rows"):
        read_table(path, None, None, geometry=False)
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED_BYTES", 100)
    with pytest.raises(LoadError, match="unpacks to more than"):
        read_table(path, None, None, geometry=False)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("navn,lat\n")
    with pytest.raises(LoadError) as caught:
        read_table(fake, None, None, geometry=False)
    assert caught.value.problems[0].key == "tables.err.xlsx_zip"
    monkeypatch.undo()
    twice = _xlsx(tmp_path / "twice.xlsx", [["navn", "navn"], ["a", "b"]], guide=False)
    with pytest.raises(LoadError, match="names this column twice"):
        read_table(twice, None, None, geometry=False)
    assert LOADERS.exists()


# --- the asset import page -------------------------------------------------------------------


def test_asset_import_page_in_danish_with_template(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path)
    token = coordinator(client, db_url)
    io_page = client.get("/assets/admin/io").text
    assert 'href="/api/templates/assets.xlsx"' in io_page and ".xlsx" in io_page
    template = client.get("/api/templates/assets.xlsx")
    assert template.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book["Aktiver"]
    assert [c.value for c in sheet[1]][:3] == ["Titel", "Kategori", "Underkategori"]
    assert "Fælleshus" in str([c.value for c in book["Vejledning"]["C"]])
    sheet.append(["Legepladsen", "Fysiske steder", "Legeplads", "", "", "", "", 57.0335, 9.9975])
    sheet.append(["Hal", "våben", "", "", "", "", "", 57.0335, 9.9975])
    buffer = io.BytesIO()
    book.save(buffer)
    files = {"file": ("aktiver.xlsx", buffer.getvalue(), "application/octet-stream")}
    bad = client.post("/assets/admin/import", data={"csrf_token": token}, files=files)
    assert bad.status_code == 422
    assert (
        "aktiver.xlsx, ark &#39;Aktiver&#39;, række 4, kolonne &#39;Kategori&#39;: ukendt kategori"
        in bad.text
    )
    english = client.post("/assets/admin/import?lang=en", data={"csrf_token": token}, files=files)
    assert "aktiver.xlsx, sheet &#39;Aktiver&#39;, row 4, column &#39;category&#39;" in english.text
    sheet.delete_rows(4)
    buffer = io.BytesIO()
    book.save(buffer)
    files = {"file": ("aktiver.xlsx", buffer.getvalue(), "application/octet-stream")}
    ok = client.post("/assets/admin/import?lang=da", data={"csrf_token": token}, files=files)
    assert ok.status_code == 200 and "2 oprettet" in ok.text  # the example row and ours
    with session_scope(db_url) as session:
        found = session.execute(text("SELECT title, category, subcategory FROM assets ORDER BY 1"))
        assert [tuple(r) for r in found] == [
            ("Fælleshuset i Kildeparken", "spaces", "community_house"),
            ("Legepladsen", "spaces", "playground"),
        ]


def test_asset_csv_with_semicolons_and_danish_categories(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "aktiver.csv"
    path.write_bytes(
        "Titel;Kategori;Breddegrad;Længdegrad;Status\nBeboerhuset;Fælleshus;57,0335;9,9975;afventer\n"
        .encode("cp1252")
    )  # fmt: skip
    result = run_cli(db_url, ["assets", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 created" in result.output and "Windows-1252" in result.output
    row = _one(db_url, "SELECT title, category, subcategory, status FROM assets")
    assert row == ("Beboerhuset", "spaces", "community_house", "pending")


@pytest.mark.parametrize("fmt", ["xlsx", "csv-da"])
def test_danish_staff_export_imports_back_unchanged(db_url: str, tmp_path: Path, fmt: str) -> None:
    """Danish headers, quote-prefixed or apostrophed formula text, decimal commas: all undone."""
    from tests.test_assets_helpers import DATA, asset_fingerprint

    assert run_cli(db_url, ["assets", "import", str(DATA / "demo_assets.geojson")]).exit_code == 0
    with session_scope(db_url) as session:
        session.execute(text("UPDATE assets SET title = '=1+1 ' || title WHERE id = "
                             "(SELECT min(id) FROM assets)"))  # fmt: skip
    client = make_client(db_url, tmp_path)
    coordinator(client, db_url)
    export = client.get("/api/admin/assets/export", params={"format": fmt})
    assert export.status_code == 200
    path = tmp_path / f"eksport.{'xlsx' if fmt == 'xlsx' else 'csv'}"
    path.write_bytes(export.content)
    before = asset_fingerprint(db_url)
    again = run_cli(db_url, ["assets", "import", str(path)])
    assert again.exit_code == 0, again.output
    assert "0 created, 0 updated, 7 unchanged" in again.output
    assert asset_fingerprint(db_url) | {"asset_events": ""} == before | {"asset_events": ""}


def test_cli_writes_templates_that_load(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "foreninger.xlsx"
    result = run_cli(db_url, ["load", "template", "associations", "-o", str(path)])
    assert result.exit_code == 0 and f"Wrote {path}" in result.output
    assert openpyxl.load_workbook(path).sheetnames == ["Foreninger", "Vejledning"]
    loaded = run_cli(db_url, ["load", "associations", str(path), "--layer", "foreninger"])
    assert loaded.exit_code == 0, loaded.output
    assert "1 inserted" in loaded.output
    english = tmp_path / "indicators.csv"
    args = ["load", "template", "indicators", "--format", "csv", "--lang", "en", "-o", str(english)]
    assert run_cli(db_url, args).exit_code == 0
    assert english.read_text().startswith("area_kind,area_code,indicator,period,value")
    wrong = run_cli(db_url, ["load", "template", "pois"])
    assert wrong.exit_code == 2 and "no template for 'pois'" in wrong.output
