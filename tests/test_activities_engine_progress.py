"""activities.progress: visits, unique participants, coded share, targets and forecasts, checked
against figures worked out by hand for a small Aalborg SØ-like year (targets 2026: 500 / 75)."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from activities.progress import COLUMNS, quarter_of, summarise

FÆL, SUND = "faellesskab", "sundhedsfremme"
# session, date, kind, offer, venue, [(band, home, participants)], codes
SESSIONS = [
    (1, date(2026, 2, 10), FÆL, "Gåtur", "V1", [("30-49", "estate", 10), ("65-79", "unknown", 5)],
     ["A", "B", "C"]),
    (2, date(2026, 5, 5), FÆL, "Gåtur", "V1", [("30-49", "estate", 8)], ["A", "D"]),
    (3, date(2026, 5, 20), SUND, "Rygestop", "V2", [("50-64", "boligomraade", 6)], []),
    (4, date(2026, 6, 1), FÆL, "Strik", "V2", [("80+", "estate", 2)], ["E", "F"]),
]  # fmt: skip
VISIT_COLUMNS = ["session_id", "held_on", "year", "quarter", "kind", "offer", "venue",
                 "age_band", "home_kind", "participants"]  # fmt: skip
TODAY = date(2026, 7, 2)  # day 183 of 365
PACE = 365 / 183


def frames(sessions: list = SESSIONS) -> tuple[pd.DataFrame, pd.DataFrame]:
    visits, codes = [], []
    for sid, held, kind, offer, venue, cells, hashes in sessions:
        for band, home, n in cells:
            visits.append(
                (sid, held, held.year, quarter_of(held), kind, offer, venue, band, home, n)
            )
        codes += [(sid, h, held, kind, offer, venue) for h in hashes]
    v = pd.DataFrame(visits, columns=VISIT_COLUMNS)
    c = pd.DataFrame(
        codes, columns=["session_id", "code_hash", "held_on", "kind", "offer", "venue"]
    )
    return v, c


TARGETS = pd.DataFrame(
    {"year": [2026, 2026, 2027, 2027], "kind": [FÆL, SUND, FÆL, SUND],
     "participants": [500, 75, 750, 150]}
)  # fmt: skip


def rows(table: pd.DataFrame, *keys: str) -> dict[tuple, dict]:
    return {tuple(r[k] for k in keys): r for r in table.to_dict("records")}


@pytest.mark.parametrize(
    ("d", "q"), [(date(2026, 1, 1), 1), (date(2026, 3, 31), 1), (date(2026, 4, 1), 2),
                 (date(2026, 9, 30), 3), (date(2026, 12, 31), 4)],
)  # fmt: skip
def test_quarter_of(d: date, q: int) -> None:
    assert quarter_of(d) == q


def test_year_and_kind_against_the_2026_targets() -> None:
    v, c = frames()
    out = summarise(v, c, TARGETS, TODAY, project_starts=date(2026, 1, 1))
    assert list(out.columns) == ["year", "kind", *COLUMNS]
    r = rows(out, "year", "kind")
    fael = r[(2026, FÆL)]
    assert fael["visits"] == 25 and fael["unique"] == 6  # A-F; A came twice
    assert fael["coded_share"] == pytest.approx(7 / 25)  # 3 + 2 + 2 codes of 25 visits
    assert fael["target"] == 500 and fael["basis"] == "visits"
    assert fael["share_of_target"] == pytest.approx(25 / 500)
    assert fael["forecast"] == pytest.approx(25 * PACE) and not fael["on_track"]
    sund = r[(2026, SUND)]
    assert sund["visits"] == 6 and math.isnan(sund["unique"]) and sund["coded_share"] == 0
    assert sund["target"] == 75 and sund["share_of_target"] == pytest.approx(6 / 75)
    assert sund["forecast"] == pytest.approx(6 * PACE)


def test_a_target_without_sessions_is_a_row_with_zero_visits_and_no_forecast_for_next_year() -> (
    None
):
    v, c = frames()
    r = rows(summarise(v, c, TARGETS, TODAY), "year", "kind")
    nxt = r[(2027, SUND)]
    assert nxt["visits"] == 0 and nxt["target"] == 150 and nxt["share_of_target"] == 0
    assert math.isnan(nxt["forecast"]) and pd.isna(nxt["on_track"])


def test_by_quarter_counts_unique_within_the_quarter_and_has_no_target() -> None:
    v, c = frames()
    r = rows(summarise(v, c, TARGETS, TODAY, by=("year", "quarter", "kind")),
             "year", "quarter", "kind")  # fmt: skip
    assert set(r) == {(2026, 1, FÆL), (2026, 2, FÆL), (2026, 2, SUND)}
    q1, q2 = r[(2026, 1, FÆL)], r[(2026, 2, FÆL)]
    assert (q1["visits"], q1["unique"], q1["coded_share"]) == (15, 3, pytest.approx(0.2))
    assert (q2["visits"], q2["unique"], q2["coded_share"]) == (10, 4, pytest.approx(0.4))
    assert math.isnan(q1["target"]) and math.isnan(q1["forecast"])


def test_a_fully_coded_group_is_measured_on_unique_participants() -> None:
    v, c = frames()
    r = rows(summarise(v, c, TARGETS, TODAY, by=("year", "offer")), "year", "offer")
    strik, gaa = r[(2026, "Strik")], r[(2026, "Gåtur")]
    assert strik["coded_share"] == 1 and strik["basis"] == "unique"
    # E and F are new within the last 91 days: 2 + 2/91 a day for the 182 days left = 6
    assert strik["forecast"] == pytest.approx(2 + 2 / 91 * 182)
    assert gaa["basis"] == "visits" and gaa["unique"] == 4  # A, B, C, D
    assert math.isnan(strik["target"]) and pd.isna(strik["on_track"])  # no target per offer


def test_unique_basis_feeds_the_share_of_target() -> None:
    coded = [(1, date(2026, 3, 1), SUND, "Rygestop", "V2", [("50-64", "estate", 3)],
              ["X", "Y", "Z"]),
             (2, date(2026, 3, 8), SUND, "Rygestop", "V2", [("50-64", "estate", 3)],
              ["X", "Y", "Z"])]  # fmt: skip
    v, c = frames(coded)
    [row] = summarise(v, c, TARGETS[TARGETS["year"] == 2026], TODAY, by=("year", "kind"))[
        lambda t: t["kind"] == SUND
    ].to_dict("records")
    assert (row["visits"], row["unique"], row["basis"]) == (6, 3, "unique")
    assert row["share_of_target"] == pytest.approx(3 / 75)


def test_year_without_kind_adds_the_kinds_targets() -> None:
    v, c = frames()
    r = rows(summarise(v, c, TARGETS, TODAY, by=("year",)), "year")
    assert r[(2026,)]["target"] == 575 and r[(2026,)]["visits"] == 31


def test_known_pace_is_on_track() -> None:
    busy: list = [(1, date(2026, 6, 30), FÆL, "Gåtur", "V1", [("30-49", "estate", 300)], [])]
    v, c = frames(busy)
    r = rows(summarise(v, c, TARGETS, TODAY), "year", "kind")
    assert r[(2026, FÆL)]["forecast"] == pytest.approx(300 * 365 / 183)  # 598.4 >= 500
    assert bool(r[(2026, FÆL)]["on_track"]) is True
    assert bool(r[(2026, SUND)]["on_track"]) is False  # nobody yet: behind


def test_past_years_have_no_forecast() -> None:
    v, c = frames()
    r = rows(summarise(v, c, TARGETS, date(2027, 3, 1)), "year", "kind")
    assert math.isnan(r[(2026, FÆL)]["forecast"]) and pd.isna(r[(2026, FÆL)]["on_track"])
    assert r[(2027, FÆL)]["forecast"] == 0  # the current year: no sessions yet


def test_the_pace_starts_at_the_project_start_and_stops_at_its_end() -> None:
    v, c = frames([(1, date(2026, 4, 1), FÆL, "Gåtur", "V1", [("30-49", "estate", 62)], [])])
    late = rows(summarise(v, c, TARGETS, TODAY, project_starts=date(2026, 3, 1)), "year", "kind")
    # 1 Mar - 2 Jul is 124 days; 1 Mar - 31 Dec is 306
    assert late[(2026, FÆL)]["forecast"] == pytest.approx(62 * 306 / 124)
    short = rows(summarise(v, c, TARGETS, TODAY, project_ends=date(2026, 9, 30)), "year", "kind")
    assert short[(2026, FÆL)]["forecast"] == pytest.approx(62 * 273 / 183)  # to 30 Sep
    before = rows(summarise(v, c, TARGETS, date(2026, 2, 1), project_starts=date(2026, 3, 1)),
                  "year", "kind")  # fmt: skip
    assert math.isnan(before[(2026, FÆL)]["forecast"])


def test_by_age_band_unique_is_unknown_not_wrong() -> None:
    v, c = frames()
    r = rows(summarise(v, c, TARGETS, TODAY, by=("year", "age_band")), "year", "age_band")
    assert r[(2026, "30-49")]["visits"] == 18
    assert math.isnan(r[(2026, "30-49")]["unique"]) and math.isnan(
        r[(2026, "30-49")]["coded_share"]
    )


def test_area_targets_are_not_added_to_the_project_target() -> None:
    targets = pd.concat([TARGETS.assign(area=None),
                         pd.DataFrame({"year": [2026], "kind": [FÆL], "participants": [100],
                                       "area": ["9210"]})])  # fmt: skip
    v, c = frames()
    r = rows(summarise(v, c, targets, TODAY), "year", "kind")
    assert r[(2026, FÆL)]["target"] == 500


def test_empty_project_shows_its_targets() -> None:
    v, c = frames([])
    out = summarise(v, c, TARGETS, TODAY)
    assert len(out) == 4 and (out["visits"] == 0).all()


def test_coded_share_never_exceeds_one() -> None:
    """Codes beyond the counted heads (a session saved before its counts were corrected) must
    not claim more than every visit is coded."""
    v, c = frames([(1, date(2026, 3, 1), FÆL, "Gåtur", "V1", [("30-49", "estate", 2)],
                    ["A", "B", "C"])])  # fmt: skip
    [row] = summarise(v, c, TARGETS, TODAY, by=("year", "offer")).to_dict("records")
    assert row["coded_share"] == 1


def _coded_year(people_by_date: dict[date, list[str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A fully coded offer: one session per date, every visitor with a code."""
    dated = enumerate(sorted(people_by_date.items()), start=1)
    sessions = [(i, d, FÆL, "Klub", "V1", [("30-49", "estate", len(codes))], codes)
                for i, (d, codes) in dated]  # fmt: skip
    return frames(sessions)


def test_the_same_people_returning_do_not_inflate_the_unique_forecast() -> None:
    """Ten regulars since January and nobody new lately: the year ends at ten people, not at a
    straight line through January (which would say 20 by December)."""
    regulars = [f"P{i}" for i in range(10)]
    v, c = _coded_year({date(2026, m, 5): regulars for m in range(1, 7)})
    r = rows(summarise(v, c, TARGETS, TODAY, by=("year", "offer")), "year", "offer")
    klub = r[(2026, "Klub")]
    assert klub["basis"] == "unique" and klub["unique"] == 10
    assert klub["forecast"] == pytest.approx(10)  # no new person since 3 April
    assert klub["visits"] == 60  # visits keep their straight line
    assert summarise(v, c, TARGETS, TODAY)["forecast"].iloc[0] == pytest.approx(10)


def test_early_in_the_year_the_new_people_pace_is_the_straight_line() -> None:
    """Before the window has filled (day 40), every person is new within it: both rules agree."""
    v, c = _coded_year({date(2026, 1, 20): ["A", "B"], date(2026, 2, 3): ["A", "C", "D"]})
    today = date(2026, 2, 9)  # day 40
    r = rows(summarise(v, c, TARGETS, today, by=("year", "offer")), "year", "offer")
    assert r[(2026, "Klub")]["forecast"] == pytest.approx(4 * 365 / 40)


def test_only_people_first_seen_in_the_last_quarter_set_the_pace() -> None:
    """Ten in January, three new in June (inside the 91 days to 2 July): 10 + 3 + 3/91 * 182."""
    v, c = _coded_year({date(2026, 1, 5): [f"P{i}" for i in range(10)],
                        date(2026, 6, 10): ["P0", "N1", "N2", "N3"]})  # fmt: skip
    r = rows(summarise(v, c, TARGETS, TODAY, by=("year", "offer")), "year", "offer")
    assert r[(2026, "Klub")]["forecast"] == pytest.approx(13 + 3 / 91 * 182)
