"""Words of the reach map and the venue feedback (issue 11, items 3 and 4).

`reach.*` are the reach page, its map frame and the errors of usecases/activities_reach.py;
`reach.venues.*` the venue feedback page.
"""

DA = {
    "reach.title": "Rækkevidde: {project} {year}",
    "reach.area": "Projektområde: {area}",
    "reach.area.kommune": (
        "Projektområde: hele kommunen {kommune} (projektet har intet eget område)"
    ),
    "reach.where.area": "i projektområdet {area}",
    "reach.where.kommune": "i kommunen",
    "reach.none.area": (
        "Projektområdet {area} har ingen boligafdelinger eller boligområder indlæst."
    ),
    "reach.layer.area": "Projektområde: {area}",
    "activities.area.format": "Skriv området som TYPE:KODE, fx postnummer:9210 (ikke {value}).",
    "activities.area.kind": "Ukendt områdetype: {kind}. Brug en af: {kinds}.",
    "activities.area.unknown": "Der er intet {kind} med koden {code} indlæst.",
    "activities.area.outside": (
        "{kind} {code} ({name}) ligger ikke i projektets kommune {kommune}."
    ),
    "reach.intro": (
        "Besøg pr. 1.000 beboere i hver boligafdeling og hvert boligområde {where} (en "
        "deltager, der kommer ti gange, tæller ti), set ved siden af områdets "
        "behov efter rangeringsprofilen {profile}. Tal til og med {as_of}."
    ),
    "reach.rule": (
        "Højt behov, lav rækkevidde: behovet er i den øverste tredjedel (behovsplacering 1 er "
        "størst behov) og besøg pr. 1.000 beboere i den nederste tredjedel, begge blandt "
        "tabellens rækker med en værdi."
    ),
    "reach.estate_need": (
        "En boligafdeling har ingen egne indikatorer: den får behovet fra det {kind}, der rummer "
        "den (kolonnen »behov fra«). Et boligområdes besøg tæller også "
        "besøg fra afdelingerne i det."
    ),
    "reach.profile": "Rangeringsprofil",
    "reach.year": "År",
    "reach.show": "Vis",
    "reach.map.open": "Åbn kortet for sig",
    "reach.map.frame": "Kort over rækkevidde og behov",
    "reach.venues.link": "Mødesteder: fremmøde og gåafstand",
    "reach.progress.link": "Tilbage til fremdriften",
    "reach.col.kind": "Type",
    "reach.col.name": "Navn",
    "reach.col.residents": "Beboere",
    "reach.col.visits": "Besøg",
    "reach.col.per_1000": "Besøg pr. 1.000 beboere",
    "reach.col.need_score": "Behovsscore",
    "reach.col.need_rank": "Behovsplacering",
    "reach.col.need_from": "Behov fra",
    "reach.col.flag": "Højt behov, lav rækkevidde",
    "reach.kind.estate": "Boligafdeling",
    "reach.kind.boligomraade": "Boligområde",
    "reach.flag.yes": "Ja",
    "reach.none": "Kommunen har ingen boligafdelinger eller boligområder indlæst.",
    "reach.synthetic": "Syntetiske data: tallene er opdigtede (demo).",
    "reach.legend.title": "Rækkevidde og behov",
    "reach.legend.need": "Behov (rangeringsprofil)",
    "reach.legend.need_high": "højest behov",
    "reach.legend.need_low": "lavest behov",
    "reach.legend.reach": "Besøg pr. 1.000 beboere",
    "reach.legend.reach_low": "0",
    "reach.legend.reach_high": "{high} eller flere",
    "reach.legend.none": "ingen værdi (ukendt antal beboere eller intet behov)",
    "reach.legend.flag": "Højt behov, lav rækkevidde (tyk kant)",
    "reach.layer.need": "Behov",
    "reach.layer.reach": "Besøg pr. 1.000 beboere",
    "reach.layer.flag": "Højt behov, lav rækkevidde",
    "reach.err.no_need": (
        "Der er ingen boligområder eller sogne med indikatorværdier, så der er intet behov at "
        "sætte rækkevidden ved siden af. Indlæs indikatorer først."
    ),
    "reach.venues.title": "Mødesteder: {project} {year}",
    "reach.venues.intro": (
        "Fremmødet på hvert mødested ved siden af det opland, mødestedsfinderen forudsiger: "
        "beboere inden for {metres} m gang ({method_catchment}). Tal til og med {as_of}."
    ),
    "reach.venues.col.venue": "Mødested",
    "reach.venues.col.sessions": "Aktiviteter",
    "reach.venues.col.visits": "Besøg",
    "reach.venues.col.unique": "Unikke deltagere",
    "reach.venues.col.catchment": "Beboere i oplandet",
    "reach.venues.col.per_100": "Besøg pr. 100 beboere i oplandet",
    "reach.venues.point": "Andre steder (punkt på kortet)",
    "reach.venues.none": "Ingen aktiviteter i året endnu.",
    "reach.venues.bands": "Gåafstand hjemmefra",
    "reach.venues.bands.intro": (
        "Besøg hvor deltagernes boligafdeling eller område er kendt, efter afstanden fra "
        "boligafdelingens eller områdets midtpunkt til aktivitetens sted. Afstand: {method}."
    ),
    "reach.venues.col.band": "Afstand (m)",
    "reach.venues.col.share": "Andel",
    "reach.venues.figure": "Besøg efter gåafstand hjemmefra",
    "reach.venues.figure.desc": (
        "Søjler med antal besøg i hvert afstandsbånd; tallene står i tabellen."
    ),
    "reach.method.network": "ad stinettet",
    "reach.method.straight_line": "målt i lige linje, da der ikke er indlæst et stinet",
    "reach.venues.unknown_homes": "Besøg med ukendt bopæl er ikke med i afstandene.",
}

EN = {
    "reach.title": "Reach: {project} {year}",
    "reach.area": "Project area: {area}",
    "reach.area.kommune": "Project area: the whole kommune {kommune} (the project has no own area)",
    "reach.where.area": "in the project area {area}",
    "reach.where.kommune": "of the kommune",
    "reach.none.area": "The project area {area} has no estates or boligområder loaded.",
    "reach.layer.area": "Project area: {area}",
    "activities.area.format": "Write the area as KIND:CODE, e.g. postnummer:9210 (not {value}).",
    "activities.area.kind": "Unknown area kind: {kind}. Use one of: {kinds}.",
    "activities.area.unknown": "No {kind} with code {code} is loaded.",
    "activities.area.outside": (
        "{kind} {code} ({name}) does not lie in the project's kommune {kommune}."
    ),
    "reach.intro": (
        "Visits per 1,000 residents in each estate and boligområde {where} (a "
        "participant who comes ten times counts ten), beside the area's need "
        "under the ranking profile {profile}. Figures up to and including {as_of}."
    ),
    "reach.rule": (
        "High need, low reach: need in the top third (need rank 1 is the greatest need) and "
        "visits per 1,000 residents in the bottom third, both among the table's rows with a "
        "value."
    ),
    "reach.estate_need": (
        "An estate has no indicators of its own: it takes the need of the {kind} that holds it "
        '(column "need from"). A boligområde\'s visits include those from its estates.'
    ),
    "reach.profile": "Ranking profile",
    "reach.year": "Year",
    "reach.show": "Show",
    "reach.map.open": "Open the map on its own",
    "reach.map.frame": "Map of reach and need",
    "reach.venues.link": "Venues: attendance and walking distance",
    "reach.progress.link": "Back to progress",
    "reach.col.kind": "Kind",
    "reach.col.name": "Name",
    "reach.col.residents": "Residents",
    "reach.col.visits": "Visits",
    "reach.col.per_1000": "Visits per 1,000 residents",
    "reach.col.need_score": "Need score",
    "reach.col.need_rank": "Need rank",
    "reach.col.need_from": "Need from",
    "reach.col.flag": "High need, low reach",
    "reach.kind.estate": "Estate",
    "reach.kind.boligomraade": "Boligområde",
    "reach.flag.yes": "Yes",
    "reach.none": "No estates or boligområder of the kommune are loaded.",
    "reach.synthetic": "Synthetic data: the figures are invented (demo).",
    "reach.legend.title": "Reach and need",
    "reach.legend.need": "Need (ranking profile)",
    "reach.legend.need_high": "most need",
    "reach.legend.need_low": "least need",
    "reach.legend.reach": "Visits per 1,000 residents",
    "reach.legend.reach_low": "0",
    "reach.legend.reach_high": "{high} or more",
    "reach.legend.none": "no value (residents unknown or no need score)",
    "reach.legend.flag": "High need, low reach (thick outline)",
    "reach.layer.need": "Need",
    "reach.layer.reach": "Visits per 1,000 residents",
    "reach.layer.flag": "High need, low reach",
    "reach.err.no_need": (
        "No boligområder or sogne with indicator values are loaded, so there is no need to set "
        "reach beside. Load indicators first."
    ),
    "reach.venues.title": "Venues: {project} {year}",
    "reach.venues.intro": (
        "Attendance at each venue beside the catchment the venue finder predicts: residents "
        "within {metres} m walk ({method_catchment}). Figures up to and including {as_of}."
    ),
    "reach.venues.col.venue": "Venue",
    "reach.venues.col.sessions": "Sessions",
    "reach.venues.col.visits": "Visits",
    "reach.venues.col.unique": "Unique participants",
    "reach.venues.col.catchment": "Residents in the catchment",
    "reach.venues.col.per_100": "Visits per 100 catchment residents",
    "reach.venues.point": "Other places (a point on the map)",
    "reach.venues.none": "No sessions in the year yet.",
    "reach.venues.bands": "Walking distance from home",
    "reach.venues.bands.intro": (
        "Visits whose participants' estate or area is known, by the distance from the home's "
        "interior point to the session's place. Distance: {method}."
    ),
    "reach.venues.col.band": "Distance (m)",
    "reach.venues.col.share": "Share",
    "reach.venues.figure": "Visits by walking distance from home",
    "reach.venues.figure.desc": (
        "Bars with the number of visits in each distance band; the table holds the numbers."
    ),
    "reach.method.network": "along the path network",
    "reach.method.straight_line": "measured in a straight line, as no path network is loaded",
    "reach.venues.unknown_homes": "Visits whose home is unknown are not in the distances.",
}
