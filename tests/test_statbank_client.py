"""The Statbank client against respx with the recorded real answers: nothing here goes online.

Every test runs inside a respx router with assert_all_mocked, so a request the test did not
expect fails the test instead of reaching api.statbank.dk.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import respx
from pydantic import ValidationError
from respx.models import AllMockedAssertionError

from app.errors import translated
from app.settings import Settings
from geodata.statbank.client import StatbankClient, cache_key
from geodata.statbank.errors import StatbankError

DATA = Path(__file__).parent / "data" / "statbank"
BASE = "https://api.statbank.dk/v1"
CSV = (DATA / "data_STRAF42_HERKOMST1-00_TID-2023.csv").read_bytes()
SELECTION = {"HERKOMST1": ["00"], "TID": ["2023"]}
BODY = {
    "table": "STRAF42", "lang": "en", "format": "CSV", "valuePresentation": "Code",
    "delimiter": "Semicolon",
    "variables": [{"code": "HERKOMST1", "values": ["00"]}, {"code": "TID", "values": ["2023"]}],
}  # fmt: skip
UPDATED = "2025-03-25T08:00:00+01:00"


@pytest.fixture
def mock() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router


def client(tmp_path: Path, **options: object) -> StatbankClient:
    return StatbankClient(BASE, tmp_path / "cache", **options)  # type: ignore[arg-type]


def cache_files(tmp_path: Path) -> list[str]:
    folder = tmp_path / "cache"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def data_route(mock: respx.MockRouter, content: bytes = CSV) -> respx.Route:
    return mock.post(f"{BASE}/data").mock(
        return_value=httpx.Response(200, content=content, headers={"Content-Type": "text/csv"})
    )


def test_an_unmocked_request_fails_the_test(mock: respx.MockRouter, tmp_path: Path) -> None:
    with pytest.raises(AllMockedAssertionError):
        client(tmp_path).tableinfo("STRAF42")


def test_tables_sends_the_documented_get_and_parses(mock: respx.MockRouter, tmp_path: Path) -> None:
    recorded = (DATA / "tables_en_active_2025-09-06.json").read_bytes()
    route = mock.get(f"{BASE}/tables").mock(return_value=httpx.Response(200, content=recorded))
    tables = client(tmp_path).tables(lang="en")
    assert len(tables) == 2234 and {"FOLK1A", "KM1"} <= {t.id for t in tables}
    request = route.calls.last.request
    assert request.method == "GET"
    assert str(request.url) == f"{BASE}/tables?format=JSON&lang=en"


def test_tableinfo_get_and_second_call_from_disk_cache(
    mock: respx.MockRouter, tmp_path: Path
) -> None:
    route = mock.get(f"{BASE}/tableinfo").mock(
        return_value=httpx.Response(200, content=(DATA / "tableinfo_STRAF42_da.json").read_bytes())
    )  # fmt: skip
    info = client(tmp_path).tableinfo("straf42", lang="da")
    assert info.id == "STRAF42" and info.variable("TID").id == "Tid"
    assert str(route.calls.last.request.url) == f"{BASE}/tableinfo?id=STRAF42&format=JSON&lang=da"
    again = client(tmp_path).tableinfo("STRAF42", lang="da")  # a new client: the disk, not memory
    assert again == info and route.call_count == 1


def test_tableinfo_is_fetched_again_after_max_age(mock: respx.MockRouter, tmp_path: Path) -> None:
    route = mock.get(f"{BASE}/tableinfo").mock(
        return_value=httpx.Response(200, content=(DATA / "tableinfo_STRAF42_en.json").read_bytes())
    )  # fmt: skip
    client(tmp_path).tableinfo("STRAF42")
    client(tmp_path, max_age_s=3600).tableinfo("STRAF42")
    assert route.call_count == 1
    client(tmp_path, max_age_s=0).tableinfo("STRAF42")
    assert route.call_count == 2


def test_data_csv_posts_the_documented_body(mock: respx.MockRouter, tmp_path: Path) -> None:
    route = data_route(mock)
    fetched = client(tmp_path).data_csv("STRAF42", SELECTION, lang="en", revision=UPDATED)
    request = route.calls.last.request
    assert request.method == "POST" and str(request.url) == f"{BASE}/data"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == BODY
    assert fetched.content == CSV and not fetched.from_cache
    assert fetched.request == {"method": "POST", "url": f"{BASE}/data", "body": BODY}
    assert datetime.now(UTC) - fetched.fetched_at < timedelta(minutes=1)


def test_data_second_call_is_served_from_disk(mock: respx.MockRouter, tmp_path: Path) -> None:
    route = data_route(mock)
    first = client(tmp_path).data_csv("STRAF42", SELECTION, lang="en", revision=UPDATED)
    second = client(tmp_path).data_csv("STRAF42", SELECTION, lang="en", revision=UPDATED)
    assert route.call_count == 1
    assert second.from_cache and second.content == first.content == CSV
    assert second.fetched_at == first.fetched_at and second.request == first.request
    key = cache_key("POST", f"{BASE}/data", BODY, UPDATED)
    assert cache_files(tmp_path) == [f"{key}.body", f"{key}.json"]  # no temporary files left
    meta = json.loads((tmp_path / "cache" / f"{key}.json").read_text())
    assert meta["url"] == f"{BASE}/data" and meta["body"] == BODY and meta["revision"] == UPDATED
    assert datetime.fromisoformat(meta["fetched_at"]) == first.fetched_at
    assert (tmp_path / "cache" / f"{key}.body").read_bytes() == CSV


def test_data_with_revision_is_kept_beyond_max_age(mock: respx.MockRouter, tmp_path: Path) -> None:
    route = data_route(mock)
    client(tmp_path, max_age_s=0).data_csv("STRAF42", SELECTION, revision=UPDATED)
    client(tmp_path, max_age_s=0).data_csv("STRAF42", SELECTION, revision=UPDATED)
    assert route.call_count == 1
    client(tmp_path, max_age_s=0).data_csv("STRAF42", SELECTION)  # no revision: max_age counts
    client(tmp_path, max_age_s=0).data_csv("STRAF42", SELECTION)
    assert route.call_count == 3


def test_a_new_revision_fetches_again(mock: respx.MockRouter, tmp_path: Path) -> None:
    route = data_route(mock)
    client(tmp_path).data_csv("STRAF42", SELECTION, revision=UPDATED)
    revised = client(tmp_path).data_csv("STRAF42", SELECTION, revision="2026-03-24T08:00:00+01:00")
    assert route.call_count == 2 and not revised.from_cache
    assert len(cache_files(tmp_path)) == 4


def test_a_different_selection_is_a_different_request(
    mock: respx.MockRouter, tmp_path: Path
) -> None:
    route = data_route(mock)
    client(tmp_path).data_csv("STRAF42", SELECTION, revision=UPDATED)
    client(tmp_path).data_csv("STRAF42", {**SELECTION, "TID": ["2024"]}, revision=UPDATED)
    assert route.call_count == 2


def test_offline_answers_from_the_cache(mock: respx.MockRouter, tmp_path: Path) -> None:
    data_route(mock)
    client(tmp_path).data_csv("STRAF42", SELECTION, revision=UPDATED)
    mock.clear()  # from here any request would fail the test (assert_all_mocked)
    offline = client(tmp_path, offline=True, max_age_s=0)  # stale is fine offline
    fetched = offline.data_csv("STRAF42", SELECTION, revision=UPDATED)
    assert fetched.from_cache and fetched.content == CSV


def test_offline_says_clearly_when_not_cached(mock: respx.MockRouter, tmp_path: Path) -> None:
    with pytest.raises(StatbankError) as caught:
        client(tmp_path, offline=True).tableinfo("FOLK1A")
    err = caught.value
    assert err.key == "statbank.err.not_cached"
    assert "tableinfo?id=FOLK1A" in str(err) and "--offline" in str(err)
    assert "mellemlageret" in translated(err, "da")
    assert not mock.calls


def test_dst_error_body_becomes_the_message(mock: respx.MockRouter, tmp_path: Path) -> None:
    # The shape DST documents for errors (HTTP 400 + errorTypeCode/message); text made up here.
    error = {"errorTypeCode": "EXTRACT-NOTFOUND", "message": "Tabellen NOSUCH findes ikke"}
    mock.get(f"{BASE}/tableinfo").mock(return_value=httpx.Response(400, json=error))
    with pytest.raises(StatbankError) as caught:
        client(tmp_path).tableinfo("NOSUCH")
    err = caught.value
    assert err.key == "statbank.err.api" and err.params["status"] == 400
    assert "Tabellen NOSUCH findes ikke" in str(err) and "EXTRACT-NOTFOUND" in str(err)
    assert "Tabellen NOSUCH findes ikke" in translated(err, "da")
    assert cache_files(tmp_path) == []


def test_error_without_a_dst_body_names_the_status(mock: respx.MockRouter, tmp_path: Path) -> None:
    mock.post(f"{BASE}/data").mock(return_value=httpx.Response(503, text="<html>down</html>"))
    with pytest.raises(StatbankError) as caught:
        client(tmp_path).data_csv("STRAF42", SELECTION)
    assert caught.value.key == "statbank.err.http" and "503" in str(caught.value)
    assert cache_files(tmp_path) == []


def test_timeout_is_a_clear_error_and_caches_nothing(
    mock: respx.MockRouter, tmp_path: Path
) -> None:
    mock.post(f"{BASE}/data").mock(side_effect=httpx.ConnectTimeout("timed out"))
    with pytest.raises(StatbankError) as caught:
        client(tmp_path, timeout_s=5).data_csv("STRAF42", SELECTION, revision=UPDATED)
    err = caught.value
    assert err.key == "statbank.err.timeout"
    assert "api.statbank.dk" in str(err) and "5 s" in str(err) and "--offline" in str(err)
    assert cache_files(tmp_path) == []


def test_unreachable_host_is_a_clear_error(mock: respx.MockRouter, tmp_path: Path) -> None:
    mock.get(f"{BASE}/tables").mock(side_effect=httpx.ConnectError("name resolution failed"))
    with pytest.raises(StatbankError) as caught:
        client(tmp_path).tables()
    err = caught.value
    assert err.key == "statbank.err.unreachable" and err.params["host"] == "api.statbank.dk"
    assert "could not reach api.statbank.dk" in str(err) and "--offline" in str(err)
    assert "api.statbank.dk" in translated(err, "da")
    assert cache_files(tmp_path) == []


def test_oversize_body_is_refused_and_not_cached(mock: respx.MockRouter, tmp_path: Path) -> None:
    data_route(mock, content=CSV * 100)  # 4,500 bytes with Content-Length
    with pytest.raises(StatbankError) as caught:
        client(tmp_path, max_bytes=1000).data_csv("STRAF42", SELECTION, revision=UPDATED)
    assert caught.value.key == "statbank.err.too_big" and "1000 bytes" in str(caught.value)
    assert cache_files(tmp_path) == []


def test_oversize_stream_without_length_stops_early(mock: respx.MockRouter, tmp_path: Path) -> None:
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        for i in range(1000):  # 1 MB if read to the end
            sent.append(i)
            yield b"x" * 1000

    mock.post(f"{BASE}/data").mock(return_value=httpx.Response(200, content=chunks()))
    with pytest.raises(StatbankError) as caught:
        client(tmp_path, max_bytes=5000).data_csv("STRAF42", SELECTION, revision=UPDATED)
    assert caught.value.key == "statbank.err.too_big"
    assert len(sent) < 10  # reading stopped just past the cap
    assert cache_files(tmp_path) == []


def test_a_tampered_cache_file_is_not_trusted(mock: respx.MockRouter, tmp_path: Path) -> None:
    route = data_route(mock)
    client(tmp_path).data_csv("STRAF42", SELECTION, revision=UPDATED)
    key = cache_key("POST", f"{BASE}/data", BODY | {"lang": "da"}, UPDATED)
    (tmp_path / "cache" / f"{key}.body").write_bytes(b"HERKOMST1;TID;INDHOLD\r\n00;2023;1\r\n")
    fetched = client(tmp_path).data_csv("STRAF42", SELECTION, revision=UPDATED)
    assert route.call_count == 2 and fetched.content == CSV and not fetched.from_cache


def test_bad_table_id_and_language_are_refused_before_any_request(
    mock: respx.MockRouter, tmp_path: Path
) -> None:
    for call, key in (
        (lambda c: c.tableinfo("../etc?x=1"), "statbank.err.table_id"),
        (lambda c: c.tables(lang="de"), "statbank.err.lang"),
    ):
        with pytest.raises(StatbankError) as caught:
            call(client(tmp_path))
        assert caught.value.key == key
    assert not mock.calls


def test_from_settings_uses_the_cache_dir_default(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, statbank_timeout_s=12, statbank_max_bytes=5000)
    made = StatbankClient.from_settings(settings, offline=True)
    assert made.cache_dir == tmp_path / "statbank-cache"
    assert (made.base_url, made.timeout_s, made.max_bytes, made.offline) == (
        BASE, 12, 5000, True,
    )  # fmt: skip
    own = Settings(data_dir=tmp_path, statbank_cache_dir=tmp_path / "elsewhere")
    assert StatbankClient.from_settings(own).cache_dir == tmp_path / "elsewhere"


@pytest.mark.parametrize(
    "bad",
    [
        {"statbank_timeout_s": 0},
        {"statbank_timeout_s": 601},
        {"statbank_max_bytes": 999},
        {"statbank_url": "ftp://api.statbank.dk/v1"},
    ],
)
def test_settings_bounds(bad: dict, tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path, **bad)


def test_an_unwritable_cache_is_a_clear_error(mock: respx.MockRouter, tmp_path: Path) -> None:
    data_route(mock)
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    with pytest.raises(StatbankError) as caught:
        client(tmp_path).data_csv("STRAF42", SELECTION, revision=UPDATED)
    assert caught.value.key == "statbank.err.cache" and str(tmp_path / "cache") in str(caught.value)


def test_a_redirect_is_followed_and_the_final_answer_cached(
    mock: respx.MockRouter, tmp_path: Path
) -> None:
    moved = "https://api.statbank.dk/v1.1/data"
    mock.post(f"{BASE}/data").mock(return_value=httpx.Response(307, headers={"Location": moved}))
    mock.post(moved).mock(return_value=httpx.Response(200, content=CSV))
    assert client(tmp_path).data_csv("STRAF42", SELECTION, revision=UPDATED).content == CSV
    assert client(tmp_path).data_csv("STRAF42", SELECTION, revision=UPDATED).from_cache


def test_a_proxy_page_instead_of_json_is_reported_not_cached(
    mock: respx.MockRouter, tmp_path: Path
) -> None:
    page = httpx.Response(200, text="<html>Log in to the guest network</html>")
    route = mock.get(f"{BASE}/tableinfo").mock(return_value=page)
    for _ in range(2):  # the second run asks again: nothing wrong was kept
        with pytest.raises(StatbankError) as caught:
            client(tmp_path).tableinfo("STRAF42")
        assert caught.value.key == "statbank.err.format"
    assert route.call_count == 2 and cache_files(tmp_path) == []


def test_a_data_answer_that_is_not_csv_is_not_cached(
    mock: respx.MockRouter, tmp_path: Path
) -> None:
    data_route(mock, content=b"<!DOCTYPE html><html>maintenance</html>")
    with pytest.raises(StatbankError) as caught:
        client(tmp_path).data_csv("STRAF42", SELECTION, revision=UPDATED)
    assert caught.value.key == "statbank.err.format" and "CSV" in str(caught.value)
    assert cache_files(tmp_path) == []
