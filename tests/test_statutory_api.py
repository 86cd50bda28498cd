"""GET /api/statutory-lists (paging, filters, downloads) and the area page's published lists."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.routes import statutory
from app.settings import Settings
from geodata.db import session_scope
from geodata.loaders import LoadOptions, load
from geodata.loaders.statutory import StatutoryReport
from geodata.loaders.statutory_read import read_entries
from tests.test_statutory_loader import FLAT, load_lists, make_areas

API = "/api/statutory-lists"


def _client(url: str, tmp_path: Path) -> TestClient:
    settings = Settings(tiles="none", data_dir=tmp_path, secret_key="statutory-test")
    return TestClient(create_app(settings, database_url=url), follow_redirects=False)


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> TestClient:
    make_areas(db_url, tmp_path)
    load_lists(db_url, FLAT, layer="lister", credit="Ministeriets lister (test)")
    return _client(db_url, tmp_path)


def test_pages_follow_next_until_the_end(client: TestClient) -> None:
    first = client.get(API).json()
    assert (first["total"], first["limit"], first["offset"], len(first["entries"])) == (
        265, 100, 0, 100,
    )  # fmt: skip
    seen = [e["area_name"] for e in first["entries"]]
    url = first["next"]
    while url:
        page = client.get(url).json()
        seen += [e["area_name"] for e in page["entries"]]
        url = page["next"]
    assert len(seen) == 265 and page["offset"] == 200 and len(page["entries"]) == 65


def test_filters_and_the_entry_shape(client: TestClient) -> None:
    body = client.get(API, params={"year": 2015, "municipality": "aalborg"}).json()
    assert body["total"] == 2 and body["next"] is None
    lov = next(e for e in body["entries"] if e["area_name"] == "Løvvangen")
    assert lov["area"] == {"kind": "boligområde", "code": "BO-1", "name": "Løvvangen",
                           "match": "name"}  # fmt: skip
    assert lov["values"]["residents"] == 1567 and lov["values"]["non_western_pct"] == 46.9
    assert lov["check"] == {"rule_set": "ghettoomraade_2014", "status": True, "agrees": True}
    assert lov["new"] is True and lov["source"]["credit"] == "Ministeriets lister (test)"
    by_code = client.get(API, params={"area_code": "BO-2"}).json()
    assert by_code["total"] == 7 and {e["area"]["code"] for e in by_code["entries"]} == {"BO-2"}
    assert client.get(API, params={"list_kind": "parallelsamfund"}).json()["total"] == 0
    ringparken = client.get(API, params={"year": 2012, "municipality": "Slagelse"}).json()
    assert ringparken["entries"][0]["check"]["agrees"] is False
    repeated = client.get(API, params={"year": 2011, "municipality": "Aalborg"}).json()
    (sebber,) = repeated["entries"]
    assert sebber["values_repeated"] and sebber["check"]["agrees"] is None


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"year": "x"}, {"year": 1800},
     {"list_kind": "ghetto"}, {"format": "pdf"}, {"municipality": "a\x00b"}],
)  # fmt: skip
def test_bad_parameters_are_422(client: TestClient, params: dict[str, object]) -> None:
    response = client.get(API, params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def test_downloads_in_three_forms_and_the_xlsx_loads_back(
    client: TestClient, tmp_path: Path
) -> None:
    csv = client.get(API, params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    frame = pd.read_csv(io.StringIO(csv.text))
    assert len(frame) == 265 and {"list_year", "rule_set", "agrees"} <= set(frame.columns)
    danish = client.get(API, params={"format": "csv-da", "year": 2016})
    assert "Listeår" in danish.text.splitlines()[0] and "Koblet område" in danish.text
    xlsx = client.get(API, params={"format": "xlsx"})
    assert xlsx.headers["content-disposition"].startswith("attachment;")
    path = tmp_path / "lister.xlsx"
    path.write_bytes(xlsx.content)
    back = read_entries(path).frame.set_index(["list_year", "area_name"]).sort_index()
    original = read_entries(FLAT).frame.set_index(["list_year", "area_name"]).sort_index()
    assert len(back) == 265
    columns = ["on_list", "residents", "outside_work_edu_pct", "income_pct_region"]
    pd.testing.assert_frame_equal(back[columns], original[columns], check_dtype=False)
    assert back.loc[(2016, "Løvvangen"), "area_code"] == "BO-1"  # the link comes back as a code


def test_a_download_larger_than_the_limit_is_refused_not_cut(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statutory, "MAX_DOWNLOAD", 100)
    refused = client.get(API, params={"format": "csv-da", "lang": "da"})
    assert refused.status_code == 400
    assert "265 poster er for mange til én fil (højst 100)" in refused.text
    narrowed = client.get(API, params={"format": "csv", "year": 2015})
    assert narrowed.status_code == 200 and narrowed.text.count("\n") == 34 + 1


# --- the demo: real lists on the synthetic Aalborg boligområder ----------------------------------


def test_demo_area_page_shows_loevvangens_entries(demo_url: str, tmp_path: Path) -> None:
    client = _client(demo_url, tmp_path)
    page = client.get(f"/ranking/areas/{quote('boligområde')}/BO-9400-01",
                      params={"profile": "boligsocial"})  # fmt: skip
    assert page.status_code == 200
    html = page.text
    section = html[html.index('data-testid="area-published-lists"') :]
    assert "Offentliggjorte lister" in section
    assert 'data-year="2015"' in section and 'data-year="2016"' in section
    assert "Ny på listen" in section and "Udgået af listen" in section
    assert "opfyldt (Ghettoområde (2014-2017))" in section
    assert "ikke opfyldt (Ghettoområde (2014-2017))" in section
    assert "Kilde: Boligministeriets lister over ghettoområder" in section
    section = section[: section.index("</section>")]
    # The printed figures themselves (a template once showed the dict's method instead)
    assert "beboere 1.567" in section and "ikke-vestlige 46,9 %" in section
    assert "built-in method" not in section
    assert "<caption>Områdets poster på de offentliggjorte lister" in section
    assert '<th scope="col">År</th>' in section and '<th scope="row">2015</th>' in section
    assert not any(w in section for w in ("Published", "Left the list", "met (", "Source:"))
    english = client.get(f"/ranking/areas/{quote('boligområde')}/BO-9400-01",
                         params={"profile": "boligsocial", "lang": "en"}).text  # fmt: skip
    assert "Published lists" in english and "Left the list" in english
    other = client.get(f"/ranking/areas/{quote('boligområde')}/BO-9220-01",
                       params={"profile": "boligsocial", "lang": "da"}).text  # fmt: skip
    assert "Området står ikke på nogen indlæst liste." in other


def test_demo_reports_sebbersundvej_as_not_matched_in_aalborg(demo_url: str) -> None:
    path = Path(__file__).parent.parent / "data" / "real" / "statutory_lists_2010_2017.csv"
    with session_scope(demo_url) as s:
        opts = LoadOptions(path=path, layer="offentliggjorte_lister_2010_2017")
        report = load(s, "statutory-lists", opts)
    assert isinstance(report, StatutoryReport)
    assert report.counts.inserted == 0 and report.counts.updated == 0  # the demo loaded it
    aalborg = [u for u in report.unmatched if "(Aalborg)" in u]
    assert {u.split(" (")[0].split(" ", 1)[1] for u in aalborg} == {
        "Sebbersundvej mv", "Sebbersundsvej",
    }  # fmt: skip
    assert dict(report.linked) == {"name": 2}
