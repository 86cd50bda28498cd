"""The ranking pages say which figures are real: the sources table and JSON list, per-value tags
on the area page and "Kommunen i tal" with the kommune's real figures, in Danish and English.

Data from :func:`tests.test_sources_queries.build`: smoking synthetic, employment mixed, the 65+
share real; the kommune's real population total (214,742) and 65+ share in 2020K1.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text

from app.main import create_app
from app.routes.ranking_sources import with_source_columns
from app.settings import Settings
from geodata.db import session_scope
from geodata.queries.ranking import save_profile
from geodata.queries.sources import area_value_sources
from tests.test_sources_queries import CREDIT, build, load_places, second_kommune, sent_to
from usecases.ranking_db import RunParams, period_of, run_from_db

PROFILE = """name: Kildetest
id_column: area_code
residents_column: residents
indicators:
  - column: smoking_pct
    direction: higher_is_worse
  - column: employment_rate
    direction: lower_is_worse
  - column: age65_pct
    direction: higher_is_worse
"""
QUERY = {"profile": "kilder", "area_kind": "sogn"}


def make_client(url: str, folder: Path, kommune: bool = True) -> TestClient:
    build(url, folder, kommune)
    with session_scope(url) as s:
        save_profile(s, "kilder", PROFILE, None)
    settings = Settings(tiles="none", data_dir=folder, secret_key="sources-test")
    return TestClient(create_app(settings, database_url=url))


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> TestClient:
    return make_client(db_url, tmp_path)


def section(html: str, testid: str) -> str:
    return html.split(f'data-testid="{testid}"', 1)[1].split("</section>", 1)[0]


def run_sql(url: str, sql: str) -> None:
    with session_scope(url) as s:
        s.execute(text(sql))


def kommune_text(client: TestClient, code: str = "S3", lang: str = "da") -> str:
    """The area page's "Kommunen i tal" section, white space folded."""
    page = client.get(f"/ranking/areas/sogn/{code}", params={"profile": "kilder", "lang": lang})
    assert page.status_code == 200, page.text[:400]
    return re.sub(r"\s+", " ", section(page.text, "kommune-figures"))


def source_row(html: str, indicator: str) -> str:
    found = re.search(rf'<tr data-indicator="{indicator}"(.*?)</tr>', html, flags=re.S)
    assert found, indicator
    return re.sub(r"\s+", " ", found.group(1))


def test_ranking_page_marks_real_synthetic_and_mixed(client: TestClient) -> None:
    page = client.get("/ranking", params=QUERY)
    assert page.status_code == 200, page.text[:400]
    html = section(page.text, "indicator-sources")
    assert "Indikatorernes kilder" in html
    smoking, employment, age = (source_row(html, c) for c in
                                ("smoking_pct", "employment_rate", "age65_pct"))  # fmt: skip
    assert '<caption class="visually-hidden">Indikatorernes kilder</caption>' in html
    assert '<th scope="row">Dagligrygere</th>' in smoking  # a row header for screen readers
    assert "Dagligrygere" in smoking and ">Syntetisk</span>" in smoking
    assert "0 reelle, 3 syntetiske" in smoking and "demo_syn" in smoking  # no credit: layer
    assert ">Blandet</span>" in employment and "1 reelle, 2 syntetiske" in employment
    assert ">Reel</span>" in age and "3 reelle, 0 syntetiske" in age and CREDIT in age
    assert "<td>2024</td>" in age
    assert 'data-testid="synthetic-banner"' in page.text  # the banner stays
    english = section(client.get("/ranking", params={**QUERY, "lang": "en"}).text,
                      "indicator-sources")  # fmt: skip
    assert "Where the figures come from" in english
    assert ">Mixed</span>" in source_row(english, "employment_rate")
    assert ">Real</span>" in source_row(english, "age65_pct")
    assert ">Synthetic</span>" in source_row(english, "smoking_pct")


def test_ranking_json_lists_sources(client: TestClient) -> None:
    body = client.get("/api/ranking/run", params={**QUERY, "format": "json"}).json()
    sources = {s["indicator"]: s for s in body["sources"]}
    assert [s["indicator"] for s in body["sources"]] == ["smoking_pct", "employment_rate",
                                                         "age65_pct"]  # fmt: skip
    assert sources["smoking_pct"]["status"] == "synthetic"
    assert sources["employment_rate"] | {"credits": None} == {
        "indicator": "employment_rate", "status": "mixed", "real_values": 1,
        "synthetic_values": 2, "credits": None, "layers": ["demo_syn", "statbank_test"],
        "derived": False,
    }  # fmt: skip
    assert sources["age65_pct"]["status"] == "real"
    assert sources["age65_pct"]["credits"] == [CREDIT]


def test_downloads_carry_a_source_column_per_indicator(client: TestClient) -> None:
    csv = client.get("/api/ranking/run", params={**QUERY, "format": "csv"})
    plain = pd.read_csv(io.StringIO(csv.text)).set_index("area_code")
    assert plain["source__employment_rate"].to_dict() == {
        "S1": "synthetic", "S2": "synthetic", "S3": "real",
    }  # fmt: skip
    assert set(plain["source__smoking_pct"]) == {"synthetic"}
    assert set(plain["source__age65_pct"]) == {"real"}
    xlsx = client.get("/api/ranking/run", params={**QUERY, "format": "xlsx"})
    sheet = pd.read_excel(io.BytesIO(xlsx.content)).set_index("Områdekode")
    assert sheet.loc["S3", "source__employment_rate"] == "reel"
    assert sheet.loc["S1", "source__employment_rate"] == "syntetisk"


def test_area_page_tags_each_value_and_shows_the_kommune(client: TestClient) -> None:
    page = client.get("/ranking/areas/sogn/S3", params={"profile": "kilder"})
    assert page.status_code == 200, page.text[:400]
    chart = page.text.split('data-testid="indicator-chart"', 1)[1].split("</table>", 1)[0]
    rows = {
        name: re.sub(r"\s+", " ", row)
        for row in re.findall(r"<tr>(.*?)</tr>", chart.split("<tbody>", 1)[1], flags=re.S)
        for name in ("Dagligrygere", "Beskæftigelse", "Andel 65+") if name in row
    }  # fmt: skip
    assert 'data-source="synthetic">Syntetisk<' in rows["Dagligrygere"]
    assert 'data-source="real">Reel<' in rows["Beskæftigelse"]  # S3's own value is real
    assert 'data-source="real">Reel<' in rows["Andel 65+"]
    other = client.get("/ranking/areas/sogn/S1", params={"profile": "kilder"}).text
    assert 'data-source="synthetic">Syntetisk<' in other.split("Beskæftigelse", 2)[-1][:600]
    kommune = re.sub(r"\s+", " ", section(page.text, "kommune-figures"))
    assert "Kommunen i tal" in kommune and "Testkommune" in kommune
    assert (
        f'Folketal <strong>214.742</strong> (2020K1) · <span class="kk-muted">{CREDIT}' in kommune
    )
    assert "Andel 65+ <strong>17,9 %</strong> (2020K1)" in kommune
    assert "Dagligrygere" not in kommune  # the kommune's synthetic value is not a real figure
    english = client.get("/ranking/areas/sogn/S3", params={"profile": "kilder", "lang": "en"})
    in_en = re.sub(r"\s+", " ", section(english.text, "kommune-figures"))
    assert "The municipality in figures" in in_en
    assert "Population <strong>214,742</strong> (2020K1)" in in_en
    assert "Share aged 65+ <strong>17.9 %</strong>" in in_en and CREDIT in in_en


def test_a_small_kommune_count_is_hidden(client: TestClient, db_url: str) -> None:
    """Kommune figures pass the small-number rule too: a share resting on 3 persons is hidden."""
    run_sql(
        db_url,
        "UPDATE indicator_values SET numerator = 3 FROM areas a "
        "WHERE a.id = indicator_values.area_id AND a.kind = 'kommune' "
        "AND indicator_values.indicator_code = 'age65_pct'",
    )
    kommune = kommune_text(client)
    assert "Andel 65+ <strong>skjult (små tal)</strong> (2020K1)" in kommune
    assert "17,9" not in kommune and "Folketal <strong>214.742</strong>" in kommune


def test_a_missing_newest_kommune_figure_stays_missing(client: TestClient, db_url: str) -> None:
    """Statbank marks the newest quarter's population ``..`` (stored as NULL): the section says
    so for that quarter instead of passing off the older figure as the newest."""
    run_sql(
        db_url,
        "INSERT INTO indicator_values (layer_id, area_id, indicator_code, period, value) "
        "SELECT v.layer_id, v.area_id, v.indicator_code, '2020K2', NULL "
        "FROM indicator_values v JOIN areas a ON a.id = v.area_id "
        "WHERE a.kind = 'kommune' AND v.indicator_code = 'population_total'",
    )
    kommune = kommune_text(client)
    assert "Folketal <strong>ikke oplyst i kilden</strong> (2020K2)" in kommune
    assert "214.742" not in kommune
    assert "Andel 65+ <strong>17,9 %</strong> (2020K1)" in kommune
    assert "not given by the source" in kommune_text(client, lang="en")


def test_no_kommune_section_without_real_kommune_figures(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path, kommune=False)
    page = client.get("/ranking/areas/sogn/S3", params={"profile": "kilder"})
    assert page.status_code == 200
    assert 'data-testid="kommune-figures"' not in page.text
    assert 'data-testid="indicator-chart"' in page.text


def test_form_offers_only_kinds_with_two_areas(client: TestClient) -> None:
    html = client.get("/ranking", params=QUERY).text
    kinds = re.search(r'<select id="f-kind" name="area_kind">(.*?)</select>', html, flags=re.S)
    assert kinds and 'value="sogn"' in kinds.group(1)
    assert 'value="kommune"' not in kinds.group(1)


def test_demo_derived_columns_are_judged_by_places_and_residents(
    demo_url: str, tmp_path: Path
) -> None:
    """The capacity columns divide counted places by residents. In the demo the venues are
    partly real (DAWA polling venues) but every sogn's residents come from the synthetic
    population grid, so no capacity value is real: all three are "Syntetisk", and the credits
    name both the real venues and the synthetic grid."""
    settings = Settings(tiles="none", data_dir=tmp_path, secret_key="sources-demo")
    client = TestClient(create_app(settings, database_url=demo_url))
    query = {"profile": "boerneliv_i_sund_balance"}
    html = section(client.get("/ranking", params=query).text, "indicator-sources")
    venues = source_row(html, "venues_per_1000")
    assert ">Syntetisk</span>" in venues and "0 reelle, 57 syntetiske" in venues
    assert "Klimadatastyrelsen" in venues and "Beregnet af Kvarterkort" in venues
    assert ">Syntetisk</span>" in source_row(html, "associations_per_1000")
    assert ">Syntetisk</span>" in source_row(html, "assets_per_1000")
    body = client.get("/api/ranking/run", params={**query, "format": "json"}).json()
    derived = {s["indicator"]: s for s in body["sources"] if s["derived"]}
    assert derived["venues_per_1000"]["status"] == "synthetic"
    assert "demo_befolkning_100m" in derived["venues_per_1000"]["layers"]
    assert "dawa_lokaler_aalborg" in derived["venues_per_1000"]["layers"]
    # Aalborg's real FOLK1A figures (2020K1) on a sogn's page, the population first
    area = client.get("/ranking/areas/sogn/9237", params={"profile": "boligsocial"}).text
    kommune = re.sub(r"\s+", " ", section(area, "kommune-figures"))
    assert "Reelle tal for Aalborg" in kommune
    assert re.search(r"<li [^>]*>Folketal[^<]*<strong>214\.742</strong> \(2020K1\)", kommune)
    assert kommune.index("Folketal") < kommune.index("65 år")
    assert "tabel FOLK1A" in kommune


CAPACITY_PROFILE = (
    PROFILE
    + """  - column: venues_per_1000
    direction: lower_is_worse
"""
)


def test_capacity_column_sources_on_page_json_and_download(db_url: str, tmp_path: Path) -> None:
    """The capacity column's status counts values (areas) like every other row, and the
    download has its per-area column: real where residents and venues are real (S1, S2),
    synthetic where the residents come from a synthetic grid (S3)."""
    client = make_client(db_url, tmp_path)
    load_places(db_url)
    with session_scope(db_url) as s:
        save_profile(s, "kapacitet", CAPACITY_PROFILE, None)
    query = {"profile": "kapacitet", "area_kind": "sogn"}
    row = source_row(section(client.get("/ranking", params=query).text, "indicator-sources"),
                     "venues_per_1000")  # fmt: skip
    assert ">Blandet</span>" in row and "2 reelle, 1 syntetiske" in row
    body = client.get("/api/ranking/run", params={**query, "format": "json"}).json()
    venues = next(s for s in body["sources"] if s["indicator"] == "venues_per_1000")
    assert (venues["status"], venues["real_values"], venues["synthetic_values"]) == ("mixed", 2, 1)
    csv = client.get("/api/ranking/run", params={**query, "format": "csv"})
    plain = pd.read_csv(io.StringIO(csv.text)).set_index("area_code")
    assert plain["source__venues_per_1000"].to_dict() == {
        "S1": "real", "S2": "real", "S3": "synthetic",
    }  # fmt: skip
    da = client.get("/api/ranking/run", params={**query, "format": "csv-da"})
    assert "syntetisk" in da.content.decode("utf-8-sig")
    for code, word in (("S1", 'real">Reel<'), ("S3", 'synthetic">Syntetisk<')):
        area = client.get(f"/ranking/areas/sogn/{code}", params={"profile": "kapacitet"}).text
        why = area.split('data-testid="area-contributions"', 1)[1].split("</tbody>", 1)[0]
        venues = next(r for r in why.split("<tr>") if "lokaler pr. 1.000" in r)
        assert f'data-source="{word}' in venues, venues


def test_an_area_in_a_kommune_without_figures_gets_none(db_url: str, tmp_path: Path) -> None:
    """S1 lies in the neighbour kommune, which has no real figures: its page shows no kommune
    section (not the test kommune's figures); S2's page still shows its own kommune's."""
    client = make_client(db_url, tmp_path)
    run_sql(db_url, "UPDATE areas SET parent_id = NULL WHERE kind = 'sogn'")
    second_kommune(db_url)
    s1 = client.get("/ranking/areas/sogn/S1", params={"profile": "kilder"})
    assert s1.status_code == 200 and 'data-testid="kommune-figures"' not in s1.text
    assert "Testkommune" in kommune_text(client, "S2")


def test_source_columns_cost_a_fixed_number_of_queries(db_url: str, tmp_path: Path) -> None:
    """The download's source columns ask for the profile's indicators only, in one grouped
    query, plus one for the capacity columns (and the assets-table probe) when the profile has
    them: never a query per indicator or per area."""
    make_client(db_url, tmp_path)
    load_places(db_url)
    with session_scope(db_url) as s:
        save_profile(s, "kapacitet", CAPACITY_PROFILE, None)
    with session_scope(db_url) as s:
        values = area_value_sources(s, "sogn", "2024", ["smoking_pct"])
        assert set(values["indicator"]) == {"smoking_pct"} and len(values) == 3
        for profile, expected in (("kilder", 1), ("kapacitet", 3)):
            run, table = run_from_db(s, RunParams(profile, "sogn"))
            sent: list[str] = []
            connection = s.connection()
            record = sent_to(sent)
            event.listen(connection, "before_cursor_execute", record)
            frame = with_source_columns(run.frame, s, run, "sogn", period_of(table))
            event.remove(connection, "before_cursor_execute", record)
            assert len(sent) == expected, sent
            assert "source__employment_rate" in frame.columns
