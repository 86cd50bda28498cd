"""Words of the activities data layer (issue 11): projects, offers, targets, sessions, import.

`activities.data.*` are the keys of the problems geodata/activities_sessions.py,
geodata/activities_projects.py and geodata/activities_io.py raise; the session rules themselves
(`activities.err.*`) are the engine's, in app/messages/activities.py.
"""

DA = {
    "activities.data.no_project": "Der er intet aktivitetsprojekt med koden {code}.",
    "activities.data.project_exists": "Der findes allerede et projekt med koden {code}.",
    "activities.data.code_size": "En projektkode har 1-40 tegn.",
    "activities.data.period": "Projektet slutter ({ends}) før det starter ({starts}).",
    "activities.data.no_kommune": (
        "Kommunen med koden {code} er ikke indlæst. Indlæs kommunegrænsen først."
    ),
    "activities.data.kind": "Ukendt type tilbud: {kind}. Brug en af: {kinds}.",
    "activities.data.offer_name": "Et tilbuds navn har 1-200 tegn.",
    "activities.data.offer_exists": "Projektet har allerede et tilbud med navnet {name}.",
    "activities.data.target_year": "{year} ligger uden for projektets år ({first}-{last}).",
    "activities.data.target_size": "Et mål er mellem 0 og {limit} deltagere.",
    "activities.data.no_offer": "Projektet har intet tilbud med navnet {offer}.",
    "activities.data.no_venue": "Der er intet mødested med nøglen {venue}.",
    "activities.data.venue_and_point": "Vælg et mødested eller et punkt på kortet, ikke begge.",
    "activities.data.count_twice": (
        "Den samme aldersgruppe ({band}) og bopæl er angivet to gange. Læg tallene sammen."
    ),
    "activities.data.place_unknown_home": "Ukendt bopæl kan ikke have et navngivet sted.",
    "activities.data.no_place": (
        "Stedet {place} findes ikke (eller flere steder hedder sådan). Skriv navnet eller koden "
        "på en boligafdeling, et boligområde eller et andet indlæst område."
    ),
    "activities.data.duplicate": (
        "Tilbuddet har allerede en aktivitet på denne dato, dette tidspunkt og dette sted."
    ),
    "activities.data.not_date": "Ikke en dato: {value}. Skriv fx 2026-03-04 eller 4-3-2026.",
    "activities.data.not_time": "Ikke et klokkeslæt: {value}. Skriv fx 16:30.",
    "activities.data.not_whole": "Ikke et helt tal: {value}.",
    "activities.data.choice": "Ukendt værdi: {value}. Brug en af: {allowed}.",
    "activities.data.point": "Ikke et punkt: {value}.",
    "activities.data.empty": "Cellen er tom.",
    "activities.data.session_differs": (
        "Værdien er en anden end i en tidligere række for samme aktivitet."
    ),
    "activities.data.column": "Filen har ingen kolonne {column}.",
    # the fields of a session as the problems name them (app/import_errors.column_text):
    # "kolonne 'Dato'", never "kolonne 'held_on'"; the words match the import's Danish headers
    "tables.col.held_on": "Dato",
    "tables.col.offer": "Tilbud",
    "tables.col.venue_key": "Lokale",
    "tables.col.point": "Punkt",
    "tables.col.starts_at": "Start",
    "tables.col.ends_at": "Slut",
    "tables.col.staff_count": "Medarbejdere",
    "tables.col.age_band": "Aldersgruppe",
    "tables.col.home_kind": "Bopæl",
    "tables.col.place": "Boligafdeling eller område",
    "tables.col.participants": "Antal",
    "tables.col.counts": "Deltagere",
    "tables.col.codes": "Deltagerkoder",
    "tables.col.note": "Note",
}

EN = {
    "activities.data.no_project": "There is no activity project with code {code}.",
    "activities.data.project_exists": "A project with code {code} exists already.",
    "activities.data.code_size": "A project code has 1-40 characters.",
    "activities.data.period": "The project ends ({ends}) before it starts ({starts}).",
    "activities.data.no_kommune": (
        "The kommune with code {code} is not loaded. Load the kommune boundary first."
    ),
    "activities.data.kind": "Unknown offer kind: {kind}. Use one of: {kinds}.",
    "activities.data.offer_name": "An offer's name has 1-200 characters.",
    "activities.data.offer_exists": "The project has an offer named {name} already.",
    "activities.data.target_year": "{year} is outside the project's years ({first}-{last}).",
    "activities.data.target_size": "A target is 0 to {limit} participants.",
    "activities.data.no_offer": "The project has no offer named {offer}.",
    "activities.data.no_venue": "There is no venue with key {venue}.",
    "activities.data.venue_and_point": "Choose a venue or a point on the map, not both.",
    "activities.data.count_twice": (
        "The same age band ({band}) and home are given twice. Add the numbers up."
    ),
    "activities.data.place_unknown_home": "An unknown home cannot have a named place.",
    "activities.data.no_place": (
        "There is no place {place} (or several places have that name). Write the name or code "
        "of an estate, a boligområde or another loaded area."
    ),
    "activities.data.duplicate": (
        "The offer already has a session on this date, at this time and place."
    ),
    "activities.data.not_date": "Not a date: {value}. Write e.g. 2026-03-04 or 4-3-2026.",
    "activities.data.not_time": "Not a time: {value}. Write e.g. 16:30.",
    "activities.data.not_whole": "Not a whole number: {value}.",
    "activities.data.choice": "Unknown value: {value}. Use one of: {allowed}.",
    "activities.data.point": "Not a point: {value}.",
    "activities.data.empty": "The cell is empty.",
    "activities.data.session_differs": (
        "The value differs from an earlier row of the same session."
    ),
    "activities.data.column": "The file has no column {column}.",
    # English column names are the field names themselves (as in app/messages/tables.py)
    **{key: key.removeprefix("tables.col.") for key in DA if key.startswith("tables.col.")},
}
