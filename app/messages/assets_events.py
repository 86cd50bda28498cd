"""Words of the mapping evenings (kortlægningsaftener): the resident's code field and refusals,
and the coordinator's event pages."""

DA = {
    "assets.field.event": "Kode til kortlægningsaften (valgfri)",
    "assets.event.help": "Kun til en kortlægningsaften: skriv koden fra arrangøren.",
    "assets.event.err.rate": "Kortlægningsaftenen har modtaget mange aktiver den seneste time. "
    "Prøv igen om {minutes} min.",
    "assets.event.err.photo_rate": "Kortlægningsaftenen har modtaget mange fotos den seneste "
    "time. Prøv igen om {minutes} min., eller send aktivet uden fotos.",
    "assets.event.err.unknown": "Koden til kortlægningsaftenen findes ikke. Tjek koden hos "
    "arrangøren, eller slet den for at sende uden.",
    "assets.event.err.scheduled": "Kortlægningsaftenen er ikke begyndt endnu. Prøv igen, når den "
    "er begyndt, eller slet koden for at sende uden.",
    "assets.event.err.ended": "Kortlægningsaftenen er slut, så koden virker ikke længere. Slet "
    "koden for at sende uden.",
    "assets.event.err.closed": "Arrangøren har lukket kortlægningsaftenen, så koden virker ikke "
    "længere. Slet koden for at sende uden.",
    "assets.event.err.full": "Kortlægningsaftenen har fået det højeste antal aktiver, den må få. "
    "Slet koden for at sende uden.",
    "assets.event.err.code": "Der kunne ikke findes en ledig kode. Prøv igen.",
    "assets.event.err.name": "Aftenen skal have et navn på højst {max} tegn.",
    "assets.event.err.place": "Stedet må højst have {max} tegn.",
    "assets.event.err.max": "Højeste antal aktiver skal være mellem 1 og {max}.",
    "assets.event.err.when": "Angiv både start og slut som dato og klokkeslæt.",
    "assets.event.err.order": "Aftenen skal slutte, efter den begynder.",
    "assets.event.err.long": "En kortlægningsaften varer højst {hours} timer.",
    "assets.event.err.missing": "Kortlægningsaftenen findes ikke.",
    "assets.events.title": "Kortlægningsaftener",
    "assets.events.intro": "En kortlægningsaften giver beboere på samme netværk (fx fælleshusets "
    "wi-fi) lov til at tilføje mange aktiver i et begrænset tidsrum. Del linket eller koden; "
    "aktiverne venter på godkendelse som alle andre.",
    "assets.events.limits": "Grænser: højst {per_hour} aktiver i timen pr. aften, højst {hours} "
    "timer pr. aften, højst {max} aktiver i alt pr. aften.",
    "assets.events.new": "Ny kortlægningsaften",
    "assets.events.name": "Navn",
    "assets.events.place": "Sted",
    "assets.events.starts": "Start",
    "assets.events.ends": "Slut",
    "assets.events.max": "Højst antal aktiver i alt (valgfrit)",
    "assets.events.create": "Opret kortlægningsaften",
    "assets.events.code": "Kode",
    "assets.events.link": "Link til formularen",
    "assets.events.state": "Status",
    "assets.events.count": "Indsendt",
    "assets.events.count_now": "{n} aktiver indsendt under aftenen",
    "assets.events.by_status": "Aktiverne fra aftenen efter status lige nu",
    "assets.events.close": "Luk nu",
    "assets.events.reopen": "Genåbn",
    "assets.events.none": "Ingen kortlægningsaftener endnu.",
    "assets.events.back": "Alle kortlægningsaftener",
    "assets.events.created": "Kortlægningsaftenen er oprettet. Del linket eller koden.",
    "assets.events.closed": "Kortlægningsaftenen er lukket.",
    "assets.events.reopened": "Kortlægningsaftenen er genåbnet.",
    "assets.events.page": "Side {page} af {pages}",
    "assets.events.state.open": "åben",
    "assets.events.state.scheduled": "planlagt",
    "assets.events.state.ended": "slut",
    "assets.events.state.closed": "lukket",
    "assets.events.state.full": "fuld",
}

EN = {
    "assets.field.event": "Mapping evening code (optional)",
    "assets.event.help": "Only for a mapping evening: type the code from the organiser.",
    "assets.event.err.rate": "The mapping evening has received many assets in the last hour. Try "
    "again in {minutes} min.",
    "assets.event.err.photo_rate": "The mapping evening has received many photos in the last "
    "hour. Try again in {minutes} min., or send the asset without photos.",
    "assets.event.err.unknown": "This mapping evening code does not exist. Check the code with "
    "the organiser, or delete it to send without.",
    "assets.event.err.scheduled": "The mapping evening has not started yet. Try again when it has, "
    "or delete the code to send without.",
    "assets.event.err.ended": "The mapping evening is over, so the code no longer works. Delete "
    "the code to send without.",
    "assets.event.err.closed": "The organiser has closed the mapping evening, so the code no "
    "longer works. Delete the code to send without.",
    "assets.event.err.full": "The mapping evening has received the most assets it may. Delete the "
    "code to send without.",
    "assets.event.err.code": "No free code could be found. Try again.",
    "assets.event.err.name": "The evening needs a name of at most {max} characters.",
    "assets.event.err.place": "The place may have at most {max} characters.",
    "assets.event.err.max": "The maximum number of assets must be between 1 and {max}.",
    "assets.event.err.when": "Give both start and end as date and time.",
    "assets.event.err.order": "The evening must end after it starts.",
    "assets.event.err.long": "A mapping evening lasts at most {hours} hours.",
    "assets.event.err.missing": "The mapping evening does not exist.",
    "assets.events.title": "Mapping evenings",
    "assets.events.intro": "A mapping evening lets residents on one network (e.g. the community "
    "house Wi-Fi) add many assets for a limited time. Share the link or the code; the assets "
    "wait for approval like all others.",
    "assets.events.limits": "Limits: at most {per_hour} assets an hour per evening, at most "
    "{hours} hours per evening, at most {max} assets in all per evening.",
    "assets.events.new": "New mapping evening",
    "assets.events.name": "Name",
    "assets.events.place": "Place",
    "assets.events.starts": "Start",
    "assets.events.ends": "End",
    "assets.events.max": "Most assets in all (optional)",
    "assets.events.create": "Create mapping evening",
    "assets.events.code": "Code",
    "assets.events.link": "Link to the form",
    "assets.events.state": "Status",
    "assets.events.count": "Submitted",
    "assets.events.count_now": "{n} assets submitted during the evening",
    "assets.events.by_status": "The evening's assets by status right now",
    "assets.events.close": "Close now",
    "assets.events.reopen": "Reopen",
    "assets.events.none": "No mapping evenings yet.",
    "assets.events.back": "All mapping evenings",
    "assets.events.created": "The mapping evening is created. Share the link or the code.",
    "assets.events.closed": "The mapping evening is closed.",
    "assets.events.reopened": "The mapping evening is reopened.",
    "assets.events.page": "Page {page} of {pages}",
    "assets.events.state.open": "open",
    "assets.events.state.scheduled": "scheduled",
    "assets.events.state.ended": "ended",
    "assets.events.state.closed": "closed",
    "assets.events.state.full": "full",
}
