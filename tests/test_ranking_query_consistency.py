"""One question, one answer: the ranking page, its map frame, the API and the CSV read the same
:class:`RankingQuery`, and the page builds its frame and download links from it.

A query string with non-default choices (weights, normalisation, uncertainty, draws) must give
the same order of areas in the page's table, the map frame the page embeds, the JSON and the
CSV the page links to; and a malformed choice is refused in Danish on the page.
"""

from __future__ import annotations

import html as htmllib
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.routes.ranking_params import RankingQuery
from app.settings import Settings

QUERY = {
    "profile": "boligsocial",
    "area_kind": "sogn",
    "weight": ["income_pct_region:4", "convictions_ratio:0.5"],
    "normalisation": "minmax",
    "uncertainty": "weights",
    "draws": "30",
    "seed": "7",
}


@pytest.fixture
def client(demo_url: str, tmp_path: Path) -> TestClient:
    settings = Settings(tiles="none", data_dir=tmp_path, secret_key="query-test")
    return TestClient(create_app(settings, database_url=demo_url))


def page_order(html: str) -> list[tuple[str, str]]:
    """(rank, area code) from the page's table, in table order."""
    table = html.split('data-testid="ranking-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>([^<]*)</td><td><a href=\"/ranking/areas/sogn/(\d+)\?", table)
    return [(rank, code) for rank, code in rows]


def frame_ranks(html: str) -> dict[str, str]:
    """Area name -> rank text from the features embedded in the map frame."""
    out = {}
    for body in re.findall(r'"properties": (\{[^{}]*"_rank"[^{}]*\})', html):
        props = json.loads(body)
        name = htmllib.unescape(re.sub(r"<[^>]+>", "", props["_name"]))
        out[name] = props["_rank"].split(" ")[0]
    return out


def test_page_frame_api_and_csv_agree(client: TestClient) -> None:
    page = client.get("/ranking", params=QUERY)
    assert page.status_code == 200
    order = page_order(page.text)
    assert len(order) == 57
    frame_src = htmllib.unescape(
        re.search(r'data-testid="ranking-map"', page.text)
        and re.search(r'<iframe class="map-frame" src="([^"]+)"', page.text).group(1)
    )  # type: ignore[union-attr]
    for part in ("weight=income_pct_region%3A4", "normalisation=minmax", "uncertainty=weights",
                 "draws=30", "seed=7", "period=2024"):  # fmt: skip
        assert part in frame_src, frame_src
    links = dict(re.findall(r'<a href="(/api/ranking/run\?[^"]+)">(CSV|JSON)</a>', page.text))
    by_format = {v: htmllib.unescape(k) for k, v in links.items()}
    api = client.get(by_format["JSON"]).json()
    csv = pd.read_csv(io.StringIO(client.get(by_format["CSV"]).text), dtype={"area_code": str})
    api_rank = {a["area_code"]: a["rank"] for a in api["areas"]}
    csv_rank = dict(zip(csv["area_code"], csv["rank"], strict=True))
    names = {a["area_code"]: a["area_name"] for a in api["areas"]}
    frame = frame_ranks(client.get(frame_src).text)
    for rank, code in order:
        assert int(rank) == api_rank[code] == csv_rank[code], code
        assert frame[names[code]] == rank, names[code]
    assert api["overrides"]["weights"] == {"income_pct_region": 4.0, "convictions_ratio": 0.5}
    assert api["sensitivity"]["uncertainty"] == "weights"
    # the choices matter: the default question orders the areas differently
    default = page_order(client.get("/ranking", params={"profile": "boligsocial"}).text)
    assert [c for _, c in default] != [c for _, c in order]


def test_links_are_built_from_the_model() -> None:
    query = RankingQuery.model_validate({**QUERY, "lang": "en", "format": "csv"})
    link = query.link("/ranking/map", "da")
    assert link.startswith("/ranking/map?profile=boligsocial&area_kind=sogn&draws=30&seed=7")
    assert "weight=income_pct_region%3A4&weight=convictions_ratio%3A0.5" in link
    assert link.endswith("&lang=da") and "format" not in link
    area = query.area_link("851", "da")
    assert area.startswith("/ranking/areas/sogn/851?profile=boligsocial&draws=30")
    assert RankingQuery().pairs() == [("profile", RankingQuery().profile), ("area_kind", "sogn")]


def error_of(response) -> str:  # type: ignore[no-untyped-def]
    """The page's error paragraph as plain text."""
    part = response.text.split('data-testid="ranking-error"', 1)[1].split("</p>", 1)[0]
    return htmllib.unescape(re.sub(r"<[^>]+>", "", part))


def test_bad_choices_are_refused_in_danish(client: TestClient) -> None:
    bad_weight = client.get("/ranking", params={"weight": "indkomst", "lang": "da"})
    assert bad_weight.status_code == 422
    errors = [error_of(bad_weight)]
    assert "En vægt skal skrives som 'kolonne:2', ikke 'indkomst'" in errors[0]
    unknown = client.get("/ranking", params={"profile": "boligsocial", "weight": "x:2"})
    errors.append(error_of(unknown))
    assert "Vægtene nævner indikatorer, der ikke er i profilen: x" in errors[-1]
    missing = client.get("/ranking", params={"profile": "findes_ikke"})
    errors.append(error_of(missing))
    assert missing.status_code == 404 and "Profilen 'findes_ikke' findes ikke" in errors[-1]
    period = client.get("/ranking", params={"period": "1999"})
    errors.append(error_of(period))
    assert "Ingen indikatorværdier for sogn i perioden '1999'" in errors[-1]
    compare = client.get("/ranking/compare", params={"b": "findes_ikke"})
    errors.append(error_of(compare))
    assert "Profilen 'findes_ikke' findes ikke" in errors[-1]
    for english in ("not in the profile", "must look like", "no profile", "no indicator values"):
        assert not [e for e in errors if english in e]
    area = client.get("/ranking/areas/sogn/0000", params={"lang": "da"})
    assert area.status_code == 404
    assert "intet område med koden '0000'" in htmllib.unescape(area.text)
