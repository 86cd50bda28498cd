"""Synthetic ABCD assets around the demo's boligområder, so the asset map has something to show.

Residents' real assets come in through the asset map itself; these only illustrate the six ABCD
categories in the neighbourhoods the Aalborg projects work in. Every one is marked synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from demo_gen.common import rng_for

# (category, subcategory, title template, description, schedule); {place} = the area's name.
TEMPLATES = (
    (
        "skills",
        "crafts",
        "Cykelreparation i {place}",
        "Hjælper naboer med at lappe og justere cykler.",
        "Lørdage 10–12",
    ),
    (
        "skills",
        "cooking",
        "Madlavning til fællesspisning i {place}",
        "Laver mad til 30 og lærer gerne andre op.",
        "Efter aftale",
    ),
    (
        "skills",
        "languages",
        "Hjælp med breve på arabisk og dansk ({place})",
        "Læser og forklarer breve fra kommunen og lægen.",
        "Hverdage efter kl. 16",
    ),
    (
        "skills",
        "movement",
        "Gåtur-makker i {place}",
        "Går gerne en fast tur med nogen, der vil i gang.",
        "Tirsdag og torsdag morgen",
    ),
    (
        "associations",
        "residents",
        "Beboerforeningen {place}",
        "Fællesspisning, sommerfest og beboermøder.",
        "Første torsdag i måneden",
    ),
    (
        "associations",
        "volunteers",
        "Lektiecafé {place}",
        "Frivillige hjælper børn og unge med lektier.",
        "Mandag og onsdag 15–17",
    ),
    (
        "associations",
        "patients",
        "Pårørendenetværket {place}",
        "Mødes og deler erfaringer om at være pårørende til kronisk syge.",
        "Hver anden tirsdag",
    ),
    (
        "institutions",
        "health",
        "Sundhedsformidlerne i {place}",
        "Frivillige sundhedsformidlere med bred sprogkundskab fortæller om kommunens tilbud.",
        "Efter aftale",
    ),
    (
        "institutions",
        "housing",
        "Ejendomskontoret {place}",
        "Boligorganisationens kontor; udlåner fælleslokaler.",
        "Hverdage 8–10",
    ),
    (
        "spaces",
        "community_house",
        "Fælleshuset i {place}",
        "Stort lokale med køkken; kan lånes til aktiviteter.",
        "Efter booking",
    ),
    (
        "spaces",
        "playground",
        "Legepladsen midt i {place}",
        "Legeplads med bænke; mødested for forældre.",
        "Altid åben",
    ),
    (
        "spaces",
        "garden",
        "Fælleshaven i {place}",
        "Højbede og redskabsskur; alle kan være med.",
        "April–oktober",
    ),
    (
        "economy",
        "cafe",
        "Beboercaféen i {place}",
        "Billig kaffe og hjemmebag drevet af frivillige.",
        "Fredag 9–12",
    ),
    (
        "economy",
        "reuse",
        "Byttehylden i {place}",
        "Tøj, bøger og legetøj byttes gratis.",
        "Altid åben",
    ),
    (
        "culture",
        "event",
        "Sommerfest i {place}",
        "Årlig fest med musik, mad og loppemarked.",
        "Sidste lørdag i juni",
    ),
    (
        "culture",
        "story",
        "Fortællinger fra {place}",
        "Ældre beboere fortæller om områdets historie.",
        "Efter aftale",
    ),
)
PENDING_SHARE = 0.1  # a few waiting in the coordinators' moderation queue


@dataclass(frozen=True)
class DemoAsset:
    row: dict[str, object]
    point: BaseGeometry


def build_assets(seed: int, areas) -> list[DemoAsset]:  # type: ignore[no-untyped-def]
    """Six to ten assets per boligområde, at random points in or just around it."""
    rng = rng_for(seed, "assets")
    assets = []
    for area in sorted(areas, key=lambda a: a.plan.code):
        picks = rng.choice(len(TEMPLATES), size=int(rng.integers(6, 11)), replace=False)
        for index in sorted(picks):
            category, sub, title, description, schedule = TEMPLATES[index]
            point = _point_near(rng, area.geometry)
            status = "pending" if rng.random() < PENDING_SHARE else "approved"
            row = {
                "category": category,
                "subcategory": sub,
                "title": title.format(place=area.plan.name),
                "description": description,
                "schedule": schedule,
                "status": status,
                "synthetic": True,
            }
            assets.append(DemoAsset(row, point))
    return assets


def _point_near(rng: np.random.Generator, polygon: BaseGeometry) -> BaseGeometry:
    """A point inside the area or within 150 m of it (assets sit around estates too)."""
    zone = polygon.buffer(150)
    minx, miny, maxx, maxy = zone.bounds
    while True:
        point = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if zone.contains(point):
            return point
