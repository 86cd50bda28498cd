"""Which indicators are loaded: the set the pages offer profiles from, asked on every form render.

It must be the codes that have values (a definition without values is not offered), and it must
be found by one index probe per definition, not by a DISTINCT over every indicator value (a full
scan: 176 ms on 306,000 values against 0.2 ms for the probes).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text

from geodata.db import session_scope
from geodata.queries.ranking import loaded_indicator_codes


def test_codes_are_the_ones_with_values(demo_url: str) -> None:
    with session_scope(demo_url) as s:
        before = loaded_indicator_codes(s)
        rows = s.execute(text("SELECT DISTINCT indicator_code FROM indicator_values"))
        assert before == {str(code) for (code,) in rows} and before
        gone = sorted(before)[0]
        s.execute(text("DELETE FROM indicator_values WHERE indicator_code = :c"), {"c": gone})
        assert loaded_indicator_codes(s) == before - {gone}


def test_codes_are_found_by_index_probes_not_a_full_scan(demo_url: str) -> None:
    """Ten more periods of every value (about 30,000 rows), analysed: big enough that the
    planner's choice shows. The query the function sends must look values up by code."""
    with session_scope(demo_url) as s:
        s.execute(
            text(
                "INSERT INTO indicator_values (layer_id, area_id, indicator_code, period, value) "
                "SELECT v.layer_id, v.area_id, v.indicator_code, v.period || '-' || g, v.value "
                "FROM indicator_values v, generate_series(1, 10) g"
            )
        )
    with session_scope(demo_url) as s:
        s.execute(text("ANALYZE indicator_values"))
        s.execute(text("ANALYZE indicator_definitions"))
        sent: list[str] = []

        def record(*args: Any) -> None:
            sent.append(args[2])

        connection = s.connection()
        event.listen(connection, "before_cursor_execute", record)
        loaded_indicator_codes(s)
        event.remove(connection, "before_cursor_execute", record)
        assert len(sent) == 1
        plan = "\n".join(str(line) for (line,) in s.execute(text("EXPLAIN " + sent[0])))
    assert "Index Cond: (indicator_code = " in plan, plan
    assert "Seq Scan on indicator_values" not in plan, plan
