"""Words of registering activities (issue 11, item 2): the projects list, the phone form, the
session list, and the API's own refusals. The rules a session breaks are worded in
app/messages/activities.py (`activities.err.*`) and activities_data.py (`activities.data.*`).
"""

DA = {
    "nav.activities": "Aktiviteter",
    "activities.register.projects": "Aktiviteter",
    "activities.register.projects.intro_staff": (
        "Projekter med tilbud, aktiviteter og deltagere. Registrér en aktivitet, se listen over "
        "aktiviteter, fremdriften mod målene, rækkevidden og rapporterne."
    ),
    "activities.register.projects.intro_public": (
        "Offentliggjorte projekter. Tallene er samlede, og tal fra 1 til 4 er skjult af hensyn "
        "til deltagerne."
    ),
    "activities.register.venue_from_plan": (
        "Mødested fra planen: {venue}. Vælg projektet for at registrere en aktivitet der."
    ),
    "activities.register.no_projects": "Der er ingen projekter at vise.",
    "activities.register.synthetic": "syntetiske data",
    "activities.register.published": "offentliggjort",
    "activities.register.unpublished": "ikke offentliggjort",
    "activities.register.n_sessions": "{n} aktiviteter",
    "activities.register.register": "Registrér aktivitet",
    "activities.register.here": "Registrér aktivitet her",
    "activities.register.progress": "Fremdrift",
    "activities.register.sessions": "Aktiviteter registreret",
    "activities.register.reach": "Rækkevidde",
    "activities.register.venues": "Mødesteder",
    "activities.register.report_quarter": "Kvartalsstatus {quarter}. kvartal {year}",
    "activities.register.report_year": "Årsrapport {year}",
    "activities.register.login": "Log ind for at registrere aktiviteter",
    "activities.register.title": "Registrér aktivitet",
    "activities.register.done": "Gemt: {offer}, {date}, {n} deltagere.",
    "activities.register.err.summary": "Aktiviteten er ikke gemt. Ret dette:",
    "activities.register.field.offer": "Tilbud",
    "activities.register.field.held_on": "Dato",
    "activities.register.field.staff_count": "Medarbejdere",
    "activities.register.field.venue": "Mødested",
    "activities.register.field.starts_at": "Start",
    "activities.register.field.ends_at": "Slut",
    "activities.register.field.counts": "Deltagere",
    "activities.register.field.codes": "Deltagerkoder (en pr. linje)",
    "activities.register.field.note": "Note (ingen navne)",
    "activities.register.choose_venue": "Vælg mødested",
    "activities.register.venues_used": "Projektets mødesteder (senest brugt først)",
    "activities.register.venues_other": "Andre mødesteder i kommunen",
    "activities.register.counts_help": (
        "Antal deltagere pr. aldersgruppe. Vælg hvor de bor, hvis I ved det; ellers lad "
        "»Ukendt bopæl« stå."
    ),
    "activities.register.more_homes": "Deltagere fra andre steder",
    "activities.register.other_area_unnamed": "Andet område i kommunen (ikke nævnt)",
    "activities.register.home": "Bopæl",
    "activities.register.optional": "Deltagerkoder og note (valgfrit)",
    "activities.register.codes_help": (
        "Kun pseudonyme koder, aldrig navne eller CPR-numre. Koderne gemmes kun som nøglede "
        "hash-værdier og kan ikke læses tilbage."
    ),
    "activities.register.save": "Gem aktivitet",
    "activities.register.recent": "Dine seneste aktiviteter",
    "activities.register.recent_none": "Du har ikke registreret aktiviteter i projektet endnu.",
    "activities.register.point": "punkt på kortet",
    "activities.register.n_participants": "{n} deltagere",
    "activities.register.copy": "Kopiér",
    "activities.register.all_sessions": "Alle aktiviteter i projektet",
    "activities.register.deleted": "Aktiviteten er slettet.",
    "activities.register.showing": "Viser {first}-{last} af {total}.",
    "activities.register.col.participants": "Deltagere",
    "activities.register.col.codes": "Koder",
    "activities.register.col.actions": "Handlinger",
    "activities.register.delete": "Slet",
    "activities.register.delete_label": "Slet aktiviteten {offer} {date}",
    "activities.register.delete_confirm": (
        "Slet aktiviteten {offer} {date} med alle dens deltagertal? Det kan ikke fortrydes."
    ),
    "activities.register.pages": "Sider",
    "activities.register.previous": "Forrige side",
    "activities.register.next": "Næste side",
    "activities.register.err.offer": "Vælg et af projektets tilbud.",
    "activities.register.err.venue": "Vælg mødestedet, hvor aktiviteten blev holdt.",
    "activities.register.err.date": "Skriv en dato, fx 2026-03-04.",
    "activities.register.err.time": "Skriv et klokkeslæt, fx 16:30.",
    "activities.register.err.number": "Skriv et helt tal.",
    "activities.register.err.count": "Antallet for {band} er ikke et helt tal.",
    "activities.register.err.codes": (
        "Højst {limit} koder, hver på højst {chars} tegn, en pr. linje."
    ),
    "activities.register.paging": "limit er 1-{limit}, og offset er 0 eller mere.",
    "activities.register.no_session": "Projektet har ingen aktivitet med nummeret {id}.",
    "assets.audit.kind.activity_registered": "aktivitet registreret",
    "assets.audit.kind.activity_deleted": "aktivitet slettet",
    "assets.audit.kind.activity_published": "aktivitetsprojekt offentliggjort",
    "assets.audit.kind.activity_unpublished": "aktivitetsprojekt trukket tilbage",
}

EN = {
    "nav.activities": "Activities",
    "activities.register.projects": "Activities",
    "activities.register.projects.intro_staff": (
        "Projects with offers, sessions and participants. Register a session, see the list of "
        "sessions, progress against the targets, reach and the reports."
    ),
    "activities.register.projects.intro_public": (
        "Published projects. The figures are totals, and numbers from 1 to 4 are hidden to "
        "protect the participants."
    ),
    "activities.register.venue_from_plan": (
        "Venue from the plan: {venue}. Choose the project to register a session there."
    ),
    "activities.register.no_projects": "There are no projects to show.",
    "activities.register.synthetic": "synthetic data",
    "activities.register.published": "published",
    "activities.register.unpublished": "not published",
    "activities.register.n_sessions": "{n} sessions",
    "activities.register.register": "Register a session",
    "activities.register.here": "Register a session here",
    "activities.register.progress": "Progress",
    "activities.register.sessions": "Registered sessions",
    "activities.register.reach": "Reach",
    "activities.register.venues": "Venues",
    "activities.register.report_quarter": "Quarterly status Q{quarter} {year}",
    "activities.register.report_year": "Yearly report {year}",
    "activities.register.login": "Log in to register sessions",
    "activities.register.title": "Register a session",
    "activities.register.done": "Saved: {offer}, {date}, {n} participants.",
    "activities.register.err.summary": "The session was not saved. Please fix:",
    "activities.register.field.offer": "Offer",
    "activities.register.field.held_on": "Date",
    "activities.register.field.staff_count": "Staff",
    "activities.register.field.venue": "Venue",
    "activities.register.field.starts_at": "Start",
    "activities.register.field.ends_at": "End",
    "activities.register.field.counts": "Participants",
    "activities.register.field.codes": "Participant codes (one per line)",
    "activities.register.field.note": "Note (no names)",
    "activities.register.choose_venue": "Choose a venue",
    "activities.register.venues_used": "The project's venues (last used first)",
    "activities.register.venues_other": "Other venues in the kommune",
    "activities.register.counts_help": (
        "Participants per age band. Choose where they live if you know it; otherwise leave "
        "'Residence unknown'."
    ),
    "activities.register.more_homes": "Participants from other places",
    "activities.register.other_area_unnamed": "Another area in the kommune (not named)",
    "activities.register.home": "Residence",
    "activities.register.optional": "Participant codes and note (optional)",
    "activities.register.codes_help": (
        "Pseudonymous codes only, never names or CPR numbers. Codes are stored only as keyed "
        "hashes."
    ),
    "activities.register.save": "Save session",
    "activities.register.recent": "Your recent sessions",
    "activities.register.recent_none": "You have not registered sessions in this project yet.",
    "activities.register.point": "point on the map",
    "activities.register.n_participants": "{n} participants",
    "activities.register.copy": "Copy",
    "activities.register.all_sessions": "All sessions of the project",
    "activities.register.deleted": "The session was deleted.",
    "activities.register.showing": "Showing {first}-{last} of {total}.",
    "activities.register.col.participants": "Participants",
    "activities.register.col.codes": "Codes",
    "activities.register.col.actions": "Actions",
    "activities.register.delete": "Delete",
    "activities.register.delete_label": "Delete the session {offer} {date}",
    "activities.register.delete_confirm": (
        "Delete the session {offer} {date} with all its counts? This cannot be undone."
    ),
    "activities.register.pages": "Pages",
    "activities.register.previous": "Previous page",
    "activities.register.next": "Next page",
    "activities.register.err.offer": "Choose one of the project's offers.",
    "activities.register.err.venue": "Choose the venue where the session was held.",
    "activities.register.err.date": "Write a date, e.g. 2026-03-04.",
    "activities.register.err.time": "Write a time, e.g. 16:30.",
    "activities.register.err.number": "Write a whole number.",
    "activities.register.err.count": "The count for {band} is not a whole number.",
    "activities.register.err.codes": (
        "At most {limit} codes of at most {chars} characters each, one per line."
    ),
    "activities.register.paging": "limit is 1-{limit} and offset 0 or more.",
    "activities.register.no_session": "The project has no session number {id}.",
    "assets.audit.kind.activity_registered": "activity session registered",
    "assets.audit.kind.activity_deleted": "activity session deleted",
    "assets.audit.kind.activity_published": "activity project published",
    "assets.audit.kind.activity_unpublished": "activity project withdrawn",
}
