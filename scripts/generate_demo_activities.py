"""Generate the SYNTHETIC Aalborg SØ activities demo: a project, its offers and a year of sessions.

    uv run python scripts/generate_demo_activities.py [--seed 2026] [--out data/demo]

Writes activities_soe.yaml (project, offers, targets) and activities_soe_2026.csv (sessions with
their counts, in the import format of geodata/activities_io.py) for `kvarterkort demo`.
Deterministic: the same seed gives byte-identical files, and nothing depends on today's date.
The project, its targets and the kinds of offers follow the real SØ project description
(../shared/seeds, "Fremme af fællesskaber og sundhed i Aalborg SØ – Tættere på"); every session,
count and participant code is invented. Venues are the demo's venues inside postnummer 9210 (the
nearest ones when too few lie inside), homes the demo's estates and boligområder there.

The simulation: every participant is a person with a code (SOE-0001 ...), an age band and a home;
each offer has members who join at some session and come back as often as their loyalty says, so
unique participants grow through the year the way a recruiting project's do. Every visit carries
its code (the engine measures a target on unique participants only when all visits are coded).
"""

from __future__ import annotations

import argparse
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import yaml
from demo_gen.writers import write_rows

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = 2026
POSTNR = "9210"
FIRST, LAST = date(2026, 1, 5), date(2026, 11, 27)  # never later: the demo must not need "today"
HOLIDAY_WEEKS = {7, 28, 29, 30, 31, 42}  # vinterferie, sommerferie, efterårsferie
HOLIDAYS = {date(2026, 4, 2), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 14),
            date(2026, 5, 25), date(2026, 6, 5)}  # fmt: skip
CANCELLED_SHARE = 0.03
BANDS = ("0-17", "18-29", "30-49", "50-64", "65-79", "80+", "ukendt")
HOMES = ("boligafdeling", "boligområde", "andet område", "ukendt")
OTHER_POSTNR = ("9220", "9260", "9000")  # neighbouring postal areas, named by their code
PROJECT = {
    "code": "SOE",
    "name": "Fremme af fællesskaber og sundhed i Aalborg SØ – Tættere på",
    "starts": date(2026, 1, 1),
    "ends": date(2028, 12, 31),
    "kommune": "0851",
    "area": f"postnummer:{POSTNR}",  # the project's own area: its reach is judged there
    "published": True,
    "synthetic": True,
}
TARGETS = {2026: (500, 75), 2027: (750, 150), 2028: (1000, 200)}
UNIQUE = {"faellesskab": 468, "sundhedsfremme": 58}  # people reached by 27 November
SHARED_HEALTH = 16  # of the sundhedsfremme participants, this many also come to a fællesskab
HEADER = ("dato", "tilbud", "lokale", "start", "slut", "aldersgruppe", "bopæl", "område",
          "antal", "personale", "note", "koder", "synthetic")  # fmt: skip


@dataclass(frozen=True)
class Offer:
    """An offer and how it runs: weekday, rhythm, time, where, for whom and how big."""

    name: str
    kind: str
    owner: str
    target_group: str
    weekday: int  # 0 = Monday
    every: int  # weeks between sessions: 1 weekly, 2 fortnightly
    times: tuple[str, str]
    venue_types: tuple[str, ...]
    near: str  # the boligområde whose residents it mainly reaches
    members: int
    bands: dict[str, float]
    rounds: tuple[int, ...] = ()  # courses: the ISO weeks each 8-week round starts
    notes: tuple[str, ...] = ()


OFFERS = (
    Offer("Fællesspisning", "faellesskab", "Himmerland Boligforening",
          "Alle beboere: familier, enlige og ældre", 3, 1, ("17:30", "19:30"), ("faelleshus",),
          "Sohngårdsparken", 150, {"0-17": 3, "18-29": 1, "30-49": 2, "50-64": 2, "65-79": 2,
                                   "80+": 0.5, "ukendt": 0.2},
          notes=("Tema: mad fra hele verden", "Sommerafslutning", "Høstfest med beboerrådet")),
    Offer("Kvindecafé", "faellesskab", "Alabu Bolig", "Kvinder i alle aldre", 1, 1,
          ("10:00", "12:00"), ("beboerlokale",), "Sohngårdsparken", 55,
          {"18-29": 2, "30-49": 3, "50-64": 2, "65-79": 1, "ukendt": 0.1}),
    Offer("Madklub for mænd", "faellesskab", "Plus Bolig", "Mænd, især 50+", 2, 2,
          ("17:00", "20:00"), ("faelleshus",), "Gug Engpark", 32,
          {"30-49": 1, "50-64": 3, "65-79": 2, "80+": 0.3}),
    Offer("Familieklub", "faellesskab", "Vivabolig", "Børnefamilier", 4, 2, ("16:00", "18:00"),
          ("faelleshus",), "Tranders Vænge", 100, {"0-17": 6, "18-29": 1, "30-49": 4},
          notes=("Fastelavn", "Juleværksted")),
    Offer("Kaffe og brætspil", "faellesskab", "Pensionistforeningen Gug", "Ældre beboere 65+", 0,
          1, ("13:00", "15:00"), ("aktivitetscenter",), "Gug Engpark", 45,
          {"50-64": 1, "65-79": 4, "80+": 2}),
    Offer("Affaldsindsamling i Gug", "faellesskab", "Lejerbo",
          "Alle beboere, også børn og unge", 5, 2, ("10:00", "12:00"), ("faelleshus",),
          "Gug Engpark", 86, {"0-17": 3, "18-29": 2, "30-49": 2, "50-64": 2, "65-79": 1},
          notes=("Med Gug Naturforening",)),
    Offer("Gåhold med sundhedsformidlerne", "sundhedsfremme", "Center for Sundhedsfremme",
          "Beboere, der vil i gang med at bevæge sig", 2, 1, ("10:00", "11:00"),
          ("aktivitetscenter",), "Sohngårdsparken", 16,
          {"30-49": 1, "50-64": 3, "65-79": 3, "80+": 0.5}, notes=("Street art tour",)),
    Offer("Sunde Vaner (hold)", "sundhedsfremme", "Center for Sundhedsfremme",
          "Voksne, der vil ændre vaner (KRAMS)", 1, 1, ("13:00", "15:00"), ("beboerlokale",),
          "Tranders Vænge", 16, {"18-29": 1, "30-49": 3, "50-64": 3, "65-79": 1},
          rounds=(10, 37)),
    Offer("Seniormotion", "sundhedsfremme", "Seniormotion Gug og Center for Sundhedsfremme",
          "Ældre med eller i risiko for kronisk sygdom", 4, 1, ("10:00", "11:00"), ("fitness",),
          "Gug Engpark", 10, {"65-79": 4, "80+": 1}),
)  # fmt: skip


@dataclass
class Person:
    code: str
    band: str
    home: str
    place: str
    joins: dict[str, tuple[int, float]] = field(default_factory=dict)  # offer -> (session, p)


@dataclass
class Geography:
    venues: dict[str, str]  # offer name -> venue key
    capacity: dict[str, int]  # venue key -> capacity
    estates: dict[str, list[tuple[str, str, float]]]  # near -> (estate, boligområde, weight)


def read_geography(demo: Path, real: Path) -> Geography:
    """Venues in (else nearest to) 9210 by geometry, and the SØ estates weighted by residents
    and nearness to each offer's boligområde."""
    postnr = gpd.read_file(real / "aalborg_postnumre_dagi2014.geojson").to_crs(25832)
    area = postnr.loc[postnr["postnr"] == POSTNR].geometry.union_all()
    frames = [gpd.read_file(demo / f"{n}.geojson").to_crs(25832)
              for n in ("venues", "venues_dawa")]  # fmt: skip
    columns = ["venue_id", "type", "capacity", "geometry"]
    venues = gpd.GeoDataFrame([r for f in frames for r in f[columns].to_dict("records")],
                              geometry="geometry", crs=25832)  # fmt: skip
    venues["outside_m"] = venues.distance(area)
    inside = venues[venues["outside_m"] == 0]
    if len(inside) < 6:  # too few in 9210: take the nearest ones
        inside = venues.sort_values(["outside_m", "venue_id"]).head(6)
    bos = gpd.read_file(demo / "boligomraader.geojson").to_crs(25832)
    so = bos[bos["postnr"] == POSTNR]
    centre = {r.name: r.geometry.centroid for r in so.itertuples()}
    estates = gpd.read_file(demo / "estates.geojson").to_crs(25832)
    _check_unique_names(estates, bos)
    est = estates[estates["boligomraade_code"].isin(set(so["code"]))]
    bo_name = dict(zip(so["code"], so["name"], strict=True))
    chosen: dict[str, str] = {}
    for o in OFFERS:
        pool = inside[inside["type"].isin(o.venue_types)]
        pool = pool if len(pool) else inside
        dist = pool.distance(centre[o.near])
        chosen[o.name] = str(pool.assign(d=dist).sort_values(["d", "venue_id"]).iloc[0].venue_id)
    weights = {
        near: [(str(e.name), bo_name[e.boligomraade_code],
                float(e.residents) * math.exp(-e.geometry.centroid.distance(point) / 800))
               for e in est.sort_values("name").itertuples()]
        for near, point in centre.items()
    }  # fmt: skip
    capacity = {str(v.venue_id): int(v.capacity) for v in venues.itertuples()}
    return Geography(chosen, capacity, weights)


def _check_unique_names(estates: gpd.GeoDataFrame, bos: gpd.GeoDataFrame) -> None:
    """The import finds a home by name: a name two estates (or areas) share would not resolve."""
    for names in (estates["name"], bos["name"]):
        doubles = names[names.str.lower().duplicated()]
        if len(doubles):
            raise SystemExit(f"names not unique: {sorted(doubles)}")


def session_dates(o: Offer) -> list[date]:
    """The offer's dates: weekly or fortnightly on its weekday (courses: 8-week rounds), never in
    the holiday weeks or on a public holiday, from 5 January to 27 November."""
    out = []
    day = FIRST + timedelta(days=o.weekday)
    while day <= LAST:
        week = day.isocalendar().week
        running = (any(r <= week < r + 8 for r in o.rounds) if o.rounds
                   else week % o.every == 0)  # fmt: skip
        if running and week not in HOLIDAY_WEEKS and day not in HOLIDAYS:
            out.append(day)
        day += timedelta(days=7)
    return out


class Simulation:
    """People, who joins which offer when, and who comes to each session."""

    def __init__(self, seed: int, geo: Geography) -> None:
        self.rng = random.Random(seed)
        self.geo = geo
        self.people: list[Person] = []
        self.dates = {o.name: [d for d in session_dates(o) if self.rng.random() >= CANCELLED_SHARE]
                      for o in OFFERS}  # fmt: skip

    def person(self, o: Offer) -> Person:
        band = self._pick(list(o.bands), list(o.bands.values()))
        estates = self.geo.estates[o.near]
        estate, bo, _ = estates[self._pick(range(len(estates)), [w for *_, w in estates])]
        home = self._pick(HOMES, (78, 9, 9, 4))
        place = {"boligafdeling": estate, "boligområde": bo,
                 "andet område": self.rng.choice((*OTHER_POSTNR, ""))}.get(home, "")  # fmt: skip
        p = Person(f"SOE-{len(self.people) + 1:04d}", band, home, place)
        self.people.append(p)
        return p

    def _pick(self, items, weights):  # type: ignore[no-untyped-def]
        return self.rng.choices(list(items), weights=list(weights))[0]

    def join(self, p: Person, o: Offer) -> None:
        """Join at a session: one in ten at the start (the opening), the rest through the year;
        course members at their round's first session. Loyalty: regulars, occasionals, once."""
        n = len(self.dates[o.name])
        if o.rounds:
            firsts = [i for i, d in enumerate(self.dates[o.name])
                      if i == 0 or (d - self.dates[o.name][i - 1]).days > 30]  # fmt: skip
            at, loyalty = self.rng.choice(firsts), 0.85
        else:
            early = self.rng.random() < 0.1
            at = self.rng.randrange(min(2, n)) if early else self.rng.randrange(n)
            loyalty = self._pick((0.6, 0.25, 0.0), (4, 4, 2))
        p.joins[o.name] = (at, loyalty)

    def populate(self) -> None:
        """Members per offer so that each kind reaches exactly UNIQUE people by 27 November."""
        for kind, total in UNIQUE.items():
            offers = [o for o in OFFERS if o.kind == kind]
            sizes = [o.members for o in offers]
            sizes[0] += total - sum(sizes) - (SHARED_HEALTH if kind == "sundhedsfremme" else 0)
            for o, size in zip(offers, sizes, strict=True):
                for _ in range(size):
                    self.join(self.person(o), o)
        first = OFFERS[0]
        for p in self.rng.sample(self.people[: UNIQUE["faellesskab"]], 30):
            if first.name not in p.joins:  # a second fællesskab: people come back to meet more
                self.join(p, first)
        health = [o for o in OFFERS if o.kind == "sundhedsfremme"]
        seniors = [p for p in self.people[: UNIQUE["faellesskab"]] if p.band in ("50-64", "65-79")]
        for p in self.rng.sample(seniors, SHARED_HEALTH):
            self.join(p, self.rng.choice(health))

    def sessions(self) -> list[tuple[Offer, int, date, list[Person]]]:
        out = []
        for o in OFFERS:
            members = [p for p in self.people if o.name in p.joins]
            cap = self.geo.capacity[self.geo.venues[o.name]]
            for i, day in enumerate(self.dates[o.name]):
                came = [p for p in members if p.joins[o.name][0] == i]
                extra = [p for p in members if p.joins[o.name][0] < i
                         and self.rng.random() < p.joins[o.name][1]]  # fmt: skip
                came += extra[: max(0, cap - len(came))]
                if came:
                    out.append((o, i, day, came))
        return out


def session_rows(sim: Simulation, o: Offer, day: date, came: list[Person]) -> list[list[str]]:
    """One row per age band and home (the session's own fields and codes on its first row)."""
    cells: dict[tuple[str, str, str], int] = {}
    for p in came:
        cells[(p.band, p.home, p.place)] = cells.get((p.band, p.home, p.place), 0) + 1
    order = sorted(cells, key=lambda c: (BANDS.index(c[0]), HOMES.index(c[1]), c[2]))
    staff = str(1 + (len(came) > 12) + (len(came) > 30))
    note = sim.rng.choice(o.notes) if o.notes and sim.rng.random() < 0.08 else ""
    codes = " ".join(sorted(p.code for p in came))
    rows = []
    for j, (band, home, place) in enumerate(order):
        first = j == 0
        own = [o.times[1], staff, note, codes] if first else ["", "", "", ""]
        rows.append([day.isoformat(), o.name, sim.geo.venues[o.name], o.times[0], own[0], band,
                     home, place, str(cells[(band, home, place)]), *own[1:], "true"])  # fmt: skip

    return rows


def project_yaml(seed: int, csv_name: str) -> str:
    """The project, its offers and targets; a header says it is synthetic and how it was made."""
    data = {
        "project": PROJECT,
        "recorded_until": LAST,
        "sessions": csv_name,
        "targets": [{"year": y, "kind": k, "participants": n}
                    for y, pair in TARGETS.items()
                    for k, n in zip(("faellesskab", "sundhedsfremme"), pair, strict=True)],
        "offers": [{"name": o.name, "kind": o.kind, "owner": o.owner,
                    "target_group": o.target_group} for o in OFFERS],
    }  # fmt: skip
    head = (f"# SYNTHETIC demo: made by scripts/generate_demo_activities.py --seed {seed}; "
            "do not edit by hand.\n# The project, its period and targets are those of the real "
            "Aalborg SØ project description;\n# the offers, sessions, counts and participant codes"
            " are invented.\n")  # fmt: skip
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    # a kommune code is text: quoted, so no YAML reader takes 0851 for a number
    kommune = PROJECT["kommune"]
    return head + body.replace(f"kommune: {kommune}\n", f"kommune: '{kommune}'\n")


def run(seed: int, out: Path) -> dict[str, int]:
    geo = read_geography(REPO_ROOT / "data" / "demo", REPO_ROOT / "data" / "real")
    sim = Simulation(seed, geo)
    sim.populate()
    held = sim.sessions()
    held.sort(key=lambda s: (s[2], s[0].times[0], s[0].name))
    out.mkdir(parents=True, exist_ok=True)
    csv_name = "activities_soe_2026.csv"
    lines = (row for o, _, day, came in held for row in session_rows(sim, o, day, came))
    rows = write_rows(out / csv_name, HEADER, lines)
    (out / "activities_soe.yaml").write_text(project_yaml(seed, csv_name), encoding="utf-8")
    visits = {k: sum(len(c) for o, _, _, c in held if o.kind == k) for k in UNIQUE}
    return {"sessions": len(held), "rows": rows, "people": len(sim.people), **visits}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "data" / "demo")
    args = parser.parse_args(argv)
    n = run(args.seed, args.out)
    print(f"SYNTHETIC activities demo, seed {args.seed}: {n['sessions']} sessions, {n['rows']} "
          f"rows, {n['people']} people; visits fællesskab {n['faellesskab']}, sundhedsfremme "
          f"{n['sundhedsfremme']} -> {args.out}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
