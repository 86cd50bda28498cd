"""Activities held and participants reached: the pure engine of issue 11.

Like ``indicators/`` and ``venues/`` this package knows no SQL and no HTTP: it normalises and
hashes pseudonymous participant codes (:mod:`activities.codes`), checks a registered session
(:mod:`activities.validation`), sums visits and unique participants against the project's targets
(:mod:`activities.progress`) and blanks small cells before anything leaves staff hands
(:mod:`activities.privacy`). ``geodata/`` reads and writes the tables, ``app/`` shows them.

The constants are the vocabulary the database CHECK constraints, the import and the pages share.
"""

from __future__ import annotations

# fællesskabsindsats; sundhedsfremme- og forebyggelsesindsats (the two target lines of Aalborg SØ)
KINDS = ("faellesskab", "sundhedsfremme")
AGE_BANDS = ("0-17", "18-29", "30-49", "50-64", "65-79", "80+", "ukendt")
# where participants live: a named estate, a boligområde, another area of the kommune, unknown
HOME_KINDS = ("estate", "boligomraade", "other_area", "unknown")
# Counts under this are suppressed in anything public or exported without staff login.
MIN_CELL = 5
