"""The answer cache on its own: bounded, expiring, one computation per key, errors not kept;
and the data version it is keyed by moves with every write that answers depend on."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.answer_cache import AnswerCache
from geodata.queries.data_version import ANSWER_TABLES, MAP_TABLES, data_version


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, value: object = "answer") -> object:
        self.calls += 1
        return value


def test_least_recently_used_answers_leave_first() -> None:
    cache, compute = AnswerCache(size=2), Counter()
    cache.get_or_compute("a", compute)
    cache.get_or_compute("b", compute)
    cache.get_or_compute("a", compute)  # a is now the most recent
    cache.get_or_compute("c", compute)  # so b leaves
    assert compute.calls == 3
    cache.get_or_compute("a", compute)
    assert compute.calls == 3
    cache.get_or_compute("b", compute)
    assert compute.calls == 4


def test_answers_expire_after_the_ttl() -> None:
    now = [0.0]
    cache, compute = AnswerCache(size=8, ttl_s=10, clock=lambda: now[0]), Counter()
    cache.get_or_compute("q", compute)
    now[0] = 10.0
    cache.get_or_compute("q", compute)
    assert compute.calls == 1
    now[0] = 10.5
    cache.get_or_compute("q", compute)
    assert compute.calls == 2


def test_errors_are_not_kept() -> None:
    cache, calls = AnswerCache(), []

    def failing() -> str:
        calls.append(1)
        raise ValueError("no areas loaded")

    for _ in range(2):
        with pytest.raises(ValueError):
            cache.get_or_compute("q", failing)
    assert len(calls) == 2
    assert cache.get_or_compute("q", lambda: "now it works") == "now it works"


def test_concurrent_askers_of_one_question_wait_for_one_computation() -> None:
    cache, started, release = AnswerCache(), threading.Event(), threading.Event()
    calls: list[int] = []

    def slow() -> str:
        calls.append(1)
        started.set()
        release.wait(10)
        return "answer"

    results: list[str] = []
    first = threading.Thread(target=lambda: results.append(cache.get_or_compute("q", slow)))
    first.start()
    started.wait(10)
    others = [threading.Thread(target=lambda: results.append(cache.get_or_compute("q", slow)))
              for _ in range(4)]  # fmt: skip
    for t in others:
        t.start()
    release.set()
    for t in [first, *others]:
        t.join(10)
    assert results == ["answer"] * 5 and len(calls) == 1


def test_size_zero_disables_the_cache() -> None:
    cache, compute = AnswerCache(size=0), Counter()
    cache.get_or_compute("q", compute)
    cache.get_or_compute("q", compute)
    assert compute.calls == 2


def _commit(session: Session, sql: str) -> None:
    session.execute(text(sql))
    session.commit()


def test_the_data_version_moves_with_layers_profiles_and_assets(session: Session) -> None:
    before, before_map = data_version(session), data_version(session, MAP_TABLES)
    _commit(session, "INSERT INTO layers (name, kind, source, licence, synthetic, feature_count) "
                     "VALUES ('l', 'venues', 's', 'CC0', false, 0)")  # fmt: skip
    after_insert = data_version(session)
    assert after_insert != before
    _commit(session, "UPDATE layers SET loaded_at = now() WHERE name = 'l'")
    after_update = data_version(session)
    assert after_update not in (before, after_insert)
    _commit(session, "DELETE FROM layers WHERE name = 'l'")
    assert data_version(session) not in (after_insert, after_update)
    profiles = data_version(session)
    _commit(session, "INSERT INTO ranking_profiles (name, yaml) VALUES ('p', 'name: p')")
    assert data_version(session) != profiles
    answers, maps = data_version(session), data_version(session, MAP_TABLES)
    assert maps != before_map
    _commit(session, "INSERT INTO assets (category, title, description, status, source, synthetic, "
                     "endorsements, open_reports, geom) "
                     "VALUES ('spaces', 't', '', 'approved', 'resident', false, 0, 0, "
                     "ST_SetSRID(ST_MakePoint(552000, 6320000), 25832))")  # fmt: skip
    assert data_version(session, ANSWER_TABLES) == answers  # rankings do not read assets
    assert data_version(session, MAP_TABLES) != maps  # maps draw them
