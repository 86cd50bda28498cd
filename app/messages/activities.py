"""Words of the activities engine (issue 11): participant codes, session rules, progress columns.

`activities.err.*` are the keys of activities.errors.ActivityError and of validation Problems;
`activities.kind.*`, `.band.*`, `.home.*` name the constants of activities/__init__.py, and
`activities.col.*` / `.basis.*` the columns of activities.progress.summarise.
"""

DA = {
    # participant codes (activities/codes.py)
    "activities.err.code_length": (
        "En deltagerkode har {low}-{high} bogstaver eller cifre, ikke {length}."
    ),
    "activities.err.code_characters": (
        "En deltagerkode må kun have bogstaverne A-Z og cifrene 0-9 (mellemrum og bindestreg "
        "fjernes)."
    ),
    "activities.err.code_email": (
        "Det ligner en e-mailadresse. Brug en pseudonym deltagerkode, aldrig personoplysninger."
    ),
    "activities.err.code_name": (
        "Det ligner et navn. Brug en pseudonym deltagerkode (fx SOE-0042), aldrig navne."
    ),
    "activities.err.code_cpr": (
        "Det ligner et CPR-nummer. CPR-numre må aldrig registreres; brug en pseudonym kode."
    ),
    "activities.err.code_phone": (
        "Det ligner et telefonnummer. Brug en pseudonym deltagerkode, aldrig personoplysninger."
    ),
    "activities.err.code_key": "Nøglen til deltagerkoder mangler i opsætningen.",
    # session rules (activities/validation.py)
    "activities.err.unknown_band": "Ukendt aldersgruppe: {band}.",
    "activities.err.unknown_home": "Ukendt boligsted: {home}.",
    "activities.err.count_integer": "Antal deltagere skal være et helt tal.",
    "activities.err.count_negative": "Antal deltagere kan ikke være negativt ({count}).",
    "activities.err.total_too_large": (
        "{total} deltagere i én aktivitet er mere end grænsen på {limit}. Er der tastet et nul "
        "for meget?"
    ),
    "activities.err.before_project": "Datoen ligger før projektets start ({starts}).",
    "activities.err.after_project": "Datoen ligger efter projektets afslutning ({ends}).",
    "activities.err.future_date": (
        "Datoen ligger i fremtiden. Registrér aktiviteten, når den er afholdt."
    ),
    "activities.err.end_before_start": "Sluttidspunktet skal ligge efter starttidspunktet.",
    "activities.err.staff_range": "Antal medarbejdere skal være mellem 0 og {limit}.",
    "activities.err.too_many_codes": (
        "{codes} deltagerkoder, men kun {total} deltagere: højst én kode pr. deltager."
    ),
    "activities.err.point_outside": "Stedet på kortet ligger uden for kommunen.",
    "activities.err.no_place": "Vælg et mødested, eller markér stedet på kortet.",
    "activities.err.note_too_long": (
        "Noten er {length} tegn; højst {limit}. Skriv aldrig navne eller helbredsoplysninger."
    ),
    "activities.err.note_cpr": (
        "Noten ser ud til at indeholde et CPR-nummer. Skriv aldrig CPR-numre, navne eller "
        "helbredsoplysninger i en note."
    ),
    "activities.err.note_email": (
        "Noten indeholder en e-mailadresse. Skriv aldrig personoplysninger i en note."
    ),
    # vocabulary (activities/__init__.py)
    "activities.kind.faellesskab": "Fællesskabsindsats",
    "activities.kind.sundhedsfremme": "Sundhedsfremme- og forebyggelsesindsats",
    "activities.band.0-17": "0-17 år",
    "activities.band.18-29": "18-29 år",
    "activities.band.30-49": "30-49 år",
    "activities.band.50-64": "50-64 år",
    "activities.band.65-79": "65-79 år",
    "activities.band.80+": "80 år og derover",
    "activities.band.ukendt": "Ukendt alder",
    "activities.home.estate": "Boligafdeling",
    "activities.home.boligomraade": "Boligområde",
    "activities.home.other_area": "Andet område i kommunen",
    "activities.home.unknown": "Ukendt bopæl",
    # progress columns (activities/progress.py)
    "activities.col.year": "År",
    "activities.col.quarter": "Kvartal",
    "activities.col.kind": "Indsats",
    "activities.col.offer": "Tilbud",
    "activities.col.venue": "Mødested",
    "activities.col.visits": "Besøg",
    "activities.col.unique": "Unikke deltagere",
    "activities.col.coded_share": "Andel af besøg med deltagerkoder",
    "activities.col.target": "Mål (deltagere)",
    "activities.col.share_of_target": "Andel af mål",
    "activities.col.basis": "Opgjort som",
    "activities.col.forecast": "Prognose for året",
    "activities.col.on_track": "Når målet",
    "activities.basis.unique": "unikke deltagere",
    "activities.basis.visits": "besøg",
    "activities.suppressed": "Under 5 (skjult)",
}

EN = {
    "activities.err.code_length": (
        "A participant code has {low}-{high} letters or digits, not {length}."
    ),
    "activities.err.code_characters": (
        "A participant code may only have the letters A-Z and the digits 0-9 (spaces and "
        "hyphens are removed)."
    ),
    "activities.err.code_email": (
        "This looks like an e-mail address. Use a pseudonymous participant code, never "
        "personal data."
    ),
    "activities.err.code_name": (
        "This looks like a name. Use a pseudonymous participant code (e.g. SOE-0042), never names."
    ),
    "activities.err.code_cpr": (
        "This looks like a CPR number. CPR numbers must never be recorded; use a pseudonymous code."
    ),
    "activities.err.code_phone": (
        "This looks like a phone number. Use a pseudonymous participant code, never personal data."
    ),
    "activities.err.code_key": "The participant code key is missing from the settings.",
    "activities.err.unknown_band": "Unknown age band: {band}.",
    "activities.err.unknown_home": "Unknown place of residence: {home}.",
    "activities.err.count_integer": "A number of participants must be a whole number.",
    "activities.err.count_negative": "A number of participants cannot be negative ({count}).",
    "activities.err.total_too_large": (
        "{total} participants in one session is more than the limit of {limit}. Was a zero "
        "typed too many?"
    ),
    "activities.err.before_project": "The date is before the project starts ({starts}).",
    "activities.err.after_project": "The date is after the project ends ({ends}).",
    "activities.err.future_date": (
        "The date is in the future. Register the session once it has been held."
    ),
    "activities.err.end_before_start": "The end time must be after the start time.",
    "activities.err.staff_range": "The number of staff must be between 0 and {limit}.",
    "activities.err.too_many_codes": (
        "{codes} participant codes but only {total} participants: at most one code per participant."
    ),
    "activities.err.point_outside": "The place on the map is outside the kommune.",
    "activities.err.no_place": "Choose a venue or mark the place on the map.",
    "activities.err.note_too_long": (
        "The note has {length} characters; at most {limit}. Never write names or health data."
    ),
    "activities.err.note_cpr": (
        "The note seems to hold a CPR number. Never write CPR numbers, names or health data "
        "in a note."
    ),
    "activities.err.note_email": (
        "The note holds an e-mail address. Never write personal data in a note."
    ),
    "activities.kind.faellesskab": "Community activity",
    "activities.kind.sundhedsfremme": "Health promotion and prevention activity",
    "activities.band.0-17": "0-17 years",
    "activities.band.18-29": "18-29 years",
    "activities.band.30-49": "30-49 years",
    "activities.band.50-64": "50-64 years",
    "activities.band.65-79": "65-79 years",
    "activities.band.80+": "80 years and over",
    "activities.band.ukendt": "Age unknown",
    "activities.home.estate": "Housing estate",
    "activities.home.boligomraade": "Boligområde (housing area)",
    "activities.home.other_area": "Another area of the kommune",
    "activities.home.unknown": "Residence unknown",
    "activities.col.year": "Year",
    "activities.col.quarter": "Quarter",
    "activities.col.kind": "Activity kind",
    "activities.col.offer": "Offer",
    "activities.col.venue": "Venue",
    "activities.col.visits": "Visits",
    "activities.col.unique": "Unique participants",
    "activities.col.coded_share": "Share of visits with participant codes",
    "activities.col.target": "Target (participants)",
    "activities.col.share_of_target": "Share of target",
    "activities.col.basis": "Counted as",
    "activities.col.forecast": "Forecast for the year",
    "activities.col.on_track": "On track",
    "activities.basis.unique": "unique participants",
    "activities.basis.visits": "visits",
    "activities.suppressed": "Under 5 (hidden)",
}
