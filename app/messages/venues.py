"""Words of the venue finder (coordinator page, map, report), Danish and English."""

DA = {
    "venues.title": "Lokaler til mobile sundhedstilbud",
    "venues.intro": "Find de eksisterende lokaler, som flest i jeres målgruppe kan gå til. Vælg "
    "model, målgruppe, område og krav til lokalet, og tryk »Find lokaler«. Adressen på siden "
    "kan deles: den gemmer alle valg.",
    "venues.form": "Forespørgsel",
    "venues.submit": "Find lokaler",
    "venues.reset": "Nulstil",
    "venues.fs.model": "Model",
    "venues.fs.target": "Målgruppe",
    "venues.fs.area": "Område",
    "venues.fs.rules": "Krav til lokalet",
    "venues.fs.rotation": "Turnusplan (valgfri)",
    "venues.fs.advanced": "Flere valg",
    "venues.model": "Hvad skal optimeres?",
    "venues.model.mclp": "Flest i målgruppen inden for gangafstanden (MCLP)",
    "venues.model.lscp": "Færrest lokaler, der dækker målgruppen (LSCP)",
    "venues.model.pmedian": "Kortest gang i alt (p-median)",
    "venues.model.pcenter": "Kortest længste gang (p-center)",
    "venues.p": "Antal lokaler (p)",
    "venues.p.help": "Bruges ikke af LSCP, der selv finder antallet.",
    "venues.radius": "Gangafstand",
    "venues.radius.help": "MCLP og LSCP: hvor langt man højst går for at være dækket. "
    "p-median og p-center: den længste gang, der regnes med.",
    "venues.unit": "Enhed",
    "venues.unit.m": "meter",
    "venues.unit.min": "minutter",
    "venues.share": "Andel af målgruppen, der skal dækkes (LSCP, 0–1)",
    "venues.target": "Målgruppe",
    "venues.target.residents": "Alle beboere",
    "venues.target.65+": "Borgere på 65 år og derover",
    "venues.target.almene boliger": "Beboere i almene boliger",
    "venues.target.need": "Beboere vægtet efter behov (prioriteringsprofil)",
    "venues.profile": "Prioriteringsprofil (ved behov)",
    "venues.need_area_kind": "Områdetype for behov",
    "venues.area_kind": "Områdetype",
    "venues.area_code": "Område",
    "venues.area_code.help": "Kode eller vælg fra listen, fx 9210 (Aalborg SØ). Tom: alle data.",
    "venues.buffer_m": "Lokaler op til så mange meter uden for området",
    "venues.kind.postnummer": "Postnummer",
    "venues.kind.sogn": "Sogn",
    "venues.kind.boligområde": "Boligområde",
    "venues.kind.skoledistrikt": "Skoledistrikt",
    "venues.kind.kommune": "Kommune",
    "venues.types": "Lokaletyper (ingen valgt: alle)",
    "venues.type.faelleshus": "Fælleshus",
    "venues.type.beboerlokale": "Beboerlokale",
    "venues.type.aktivitetscenter": "Aktivitetscenter",
    "venues.type.bibliotek": "Bibliotek",
    "venues.type.kirke_sognegaard": "Kirke/sognegård",
    "venues.type.skole": "Skole",
    "venues.type.idraetshal": "Idrætshal",
    "venues.type.sundhedshus": "Sundhedshus",
    "venues.type.kulturhus": "Kulturhus",
    "venues.type.fitness": "Motionscenter",
    "venues.type.other": "Andet",
    "venues.step_free": "Trinfri adgang",
    "venues.kitchen": "Køkken",
    "venues.bookable_only": "Kan bookes",
    "venues.min_capacity": "Mindst antal pladser",
    "venues.weekdays": "Ledig alle disse dage",
    "venues.day.man": "Mandag",
    "venues.day.tir": "Tirsdag",
    "venues.day.ons": "Onsdag",
    "venues.day.tor": "Torsdag",
    "venues.day.fre": "Fredag",
    "venues.day.lor": "Lørdag",
    "venues.day.son": "Søndag",
    "venues.time_window": "Tidsrum (TT:MM-TT:MM)",
    "venues.required": "Skal med (lokale-id'er, adskilt af komma)",
    "venues.excluded": "Må ikke bruges (lokale-id'er, adskilt af komma)",
    "venues.speed": "Gåhastighed (meter pr. minut)",
    "venues.method": "Afstandsberegning",
    "venues.method.auto": "Gangnet, hvis der er et, ellers fugleflugt",
    "venues.method.network": "Kun gangnet",
    "venues.method.straight_line": "Fugleflugt × omvejsfaktor",
    "venues.network_layer": "Gangnet (lag)",
    "venues.network_layer.auto": "Det, der dækker området",
    "venues.slots_per_week": "Besøg pr. uge",
    "venues.weeks": "Antal uger",
    "venues.rotation.help": "Fx to dage om ugen i otte uger: et nyt sted hver gang, de mest "
    "givende først.",
    "venues.error": "Forespørgslen kan ikke besvares",
    "venues.result": "Resultat",
    "venues.synthetic": "Disse lag er syntetiske (opdigtede): {names}. Ægte lokaler med "
    "opdigtede oplysninger er mærket ved lokalet.",
    "venues.headline": "{n} lokaler når {share} af målgruppen ({covered} af {total}) "
    "inden for {radius}.",
    "venues.headline.median": "{n} lokaler betjener {share} af målgruppen ({covered} af "
    "{total}); længste gang {longest}.",
    "venues.fig.share": "Andel dækket",
    "venues.fig.mean": "Gennemsnitlig gang",
    "venues.fig.selected": "Valgte lokaler",
    "venues.fig.candidates": "Egnede lokaler i alt",
    "venues.map": "Kort",
    "venues.map.title": "Kort over valgte lokaler, gangområder og dækning",
    "venues.map.open": "Åbn kortet i fuld størrelse",
    "venues.table": "Rækkevidde og belastning pr. lokale",
    "venues.table.help": "Rækkevidde: målgruppen inden for gangafstanden fra lokalet, uanset "
    "de andre lokaler. Belastning: de borgere, der har netop dette lokale som nærmeste valgte "
    "(summen er alle dækkede).",
    "venues.col.order": "Nr.",
    "venues.col.id": "Id",
    "venues.col.name": "Lokale",
    "venues.col.type": "Type",
    "venues.col.reach": "Rækkevidde",
    "venues.col.load": "Belastning (andel)",
    "venues.col.share": "Andel af målgruppen",
    "venues.col.mean": "Gns. gang",
    "venues.col.week": "Uge",
    "venues.col.facts": "Trinfri/køkken/pladser",
    "venues.total": "I alt (dækket)",
    "venues.rotation": "Turnusplan",
    "venues.rotation.intro": "{k} besøg om ugen i {w} uger; hvert nyt sted når nye borgere. "
    "{guarantee}",
    "venues.rotation.greedy": "Rækkefølgen er grådig: efter hver uge når planen mindst 63 % af "
    "det bedst mulige med samme antal besøg.",
    "venues.col.new": "Nye borgere",
    "venues.col.cumulative": "Nået i alt",
    "venues.downloads": "Hent resultatet",
    "venues.download.venues": "Lokaler (CSV)",
    "venues.download.demand": "Borgerpunkter (CSV)",
    "venues.download.costs": "Afstande (CSV)",
    "venues.report": "Udskriftsvenlig rapport",
    "venues.report.title": "Rapport: lokaler til mobile sundhedstilbud",
    "venues.report.print": "Udskriv",
    "venues.report.parameters": "Forespørgsel",
    "venues.report.sketch": "Skitse af resultatet",
    "venues.report.back": "Tilbage til lokalesøgningen",
    "venues.candidates.note": "Blege cirkler på kortet er egnede lokaler, der ikke blev valgt.",
    "venues.sentence.straight.none": "Afstande er beregnet som fugleflugt × {detour}, fordi der "
    "ikke er indlæst et gangnet.",
    "venues.sentence.straight.chosen": "Afstande er beregnet som fugleflugt × {detour} (valgt i "
    "forespørgslen).",
    "venues.sentence.network": "Afstande er gangafstande ad gangnettet »{layer}«.",
    "venues.sentence.speed": "Gåhastighed {speed} km/t.",
    "venues.none": "ingen",
    "venues.map.legend": "Signaturforklaring",
    "venues.map.selected": "Valgt lokale",
    "venues.map.candidate": "Egnet lokale, ikke valgt",
    "venues.map.covered": "Dækket",
    "venues.map.uncovered": "Ikke dækket",
    "venues.map.catchment": "Gangområde",
    "venues.map.assignment": "Nærmeste valgte lokale",
    "venues.map.area": "Undersøgt område",
    "venues.map.weight": "Borgere (vægt)",
    "venues.map.venue": "Lokale",
    "venues.map.walk": "Gang",
    "venues.map.nearest": "Nærmeste egnede lokale",
    "venues.map.reach": "Rækkevidde",
    "venues.map.load": "Belastning",
    "venues.map.type": "Type",
    "venues.map.not_selected": "Ikke valgt",
    "venues.map.none": "intet inden for rækkevidde",
    "venues.unknown": "ukendt",
    "venues.dayshort.man": "man",
    "venues.dayshort.tir": "tir",
    "venues.dayshort.ons": "ons",
    "venues.dayshort.tor": "tor",
    "venues.dayshort.fre": "fre",
    "venues.dayshort.lor": "lør",
    "venues.dayshort.son": "søn",
    "venues.hours.none": "ingen ledige tider oplyst",
    "venues.contact.none": "ingen kontakt oplyst",
    "venues.field.capacity": "pladser",
    "venues.field.step_free": "trinfri adgang",
    "venues.field.kitchen": "køkken",
    "venues.field.availability": "ledige tider",
    "venues.field.bookable": "kan bookes",
    "venues.field.owner": "ejer",
    "venues.field.contact": "kontakt",
    "venues.col.booking": "Booking",
    "venues.col.address": "Adresse",
    "venues.col.bookable": "Kan bookes",
    "venues.col.contact": "Kontakt",
    "venues.col.hours": "Ledige tider",
    "venues.col.capacity": "Pladser",
    "venues.invented": "Navn, adresse og placering er ægte; syntetiske (opdigtede) oplysninger: "
    "{fields}.",
    "venues.synthetic_venue": "Syntetisk (opdigtet) lokale.",
    "venues.warnings": "Tjek før booking",
    "venues.warning": "Advarsel",
    "venues.warn.not_bookable": "{name} kan ikke bookes ifølge data. Vælg et andet lokale, "
    "sæt »Kan bookes« som krav, eller aftal brugen direkte med ejeren.",
    "venues.warn.bookable_unknown": "Det vides ikke, om {name} kan bookes. Spørg ejeren, før "
    "I planlægger med lokalet.",
    "venues.warn.no_contact": "Der er ingen kontakt oplyst for {name}. Find en kontaktperson, "
    "før I planlægger med lokalet.",
    "venues.map.address": "Adresse",
    "venues.map.contact": "Kontakt",
    "venues.map.bookable": "Kan bookes",
    "venues.map.hours": "Ledige tider",
    "venues.map.capacity": "Pladser",
    "venues.map.warning": "Advarsel",
    "venues.map.suppressed": "under 5 (skjult)",
    # headers of the venue table's new columns in Danish CSV/.xlsx (app/downloads.py)
    "tables.col.free_times": "Ledige tider",
    "tables.col.warnings": "Advarsler",
    "tables.col.synthetic_fields": "Syntetiske felter",
    "venues.err.p_too_large": "Du har bedt om {p} lokaler, men kun {available} lokaler "
    "opfylder kravene ({candidates} egnede, {excluded} fravalgt). Vælg højst {available} "
    "lokaler, eller lemp kravene, så flere lokaler er med.",
    "venues.err.required_over_p": "{required} lokaler skal med, men der vælges kun {p}. Sæt "
    "antallet af lokaler til mindst {required}, eller fjern nogle af dem, der skal med.",
    "venues.err.unreachable": "Ingen i målgruppen kan nå et egnet lokale. Lemp kravene til "
    "lokalerne eller vælg et større område.",
    "venues.err.out_of_reach": "Ingen i målgruppen bor inden for {radius} {unit} af et egnet "
    "lokale; den korteste afstand er {nearest} {unit}. Sæt gangafstanden til mindst "
    "{nearest} {unit}, eller lemp kravene til lokalerne.",
    "venues.err.lscp_infeasible": "Målgruppen kan ikke dækkes som ønsket: {points} "
    "borgerpunkter med {weight} borgere har intet egnet lokale inden for {radius} {unit}, så "
    "{share} % dækning er umulig. Højst {best} % kan nås: sæt andelen ned til højst det, eller "
    "gør gangafstanden længere.",
    "venues.err.too_few": "{p} lokaler kan ikke betjene alle i målgruppen, der kan nå et "
    "lokale. Vælg flere lokaler, eller brug LSCP med en lang gangafstand for at se, hvor mange "
    "der skal til.",
    "venues.err.too_few_cover": "{p} lokaler kan ikke betjene alle i målgruppen, der kan nå et "
    "lokale: der skal mindst {need} lokaler til. Vælg mindst {need} lokaler, eller gør "
    "gangafstanden kortere.",
    "venues.err.capacity": "Lokalerne har ikke plads nok: {weight} borgere skal have et lokale, "
    "men de {p} største egnede lokaler har tilsammen plads til {room} (alle egnede lokaler "
    "tilsammen {total}). Vælg flere lokaler, eller lemp kravene, så større lokaler er med.",
    "venues.err.too_large": "Spørgsmålet er for stort: {demand} borgerpunkter × {candidates} "
    "lokaler giver {pairs} afstande, men der må højst beregnes {limit}. Vælg et mindre område "
    "eller færre lokaletyper.",
    "venues.err.cancelled": "Beregningen blev afbrudt.",
    "venues.solved.heuristic.size": "Spørgsmålet er for stort til en eksakt løsning "
    "({demand} borgerpunkter × {candidates} lokaler, grænsen er {limit}). Svaret er fundet med "
    "en hurtig søgning (grådig + ombytning) og er højst {gap} fra det bedst mulige.",
    "venues.solved.heuristic.time": "Den eksakte løsning nåede ikke at blive færdig inden for "
    "{seconds} sekunder. Svaret er det bedste, der blev fundet, og er højst {gap} fra det bedst "
    "mulige.",
    "venues.solved.gap_unknown": "ukendt",
    "venues.err.rotation_too_long": "{weeks} uger med {slots} besøg om ugen kræver {need} "
    "forskellige lokaler, men kun {available} er egnede. Gør perioden kortere eller lemp "
    "kravene til lokalerne.",
    "venues.err.rotation_required": "{required} lokaler skal med, men turnusplanen har kun "
    "{slots} besøg. Forlæng planen eller fjern nogle af dem, der skal med.",
    "venues.err.needs_p": "Modellen skal have et antal lokaler. Udfyld »Antal lokaler (p)«.",
    "venues.err.needs_radius": "Modellen skal have en gangafstand. Udfyld »Gangafstand«.",
    "venues.err.unknown_required": "Disse lokaler skal med, men er ikke blandt de egnede "
    "lokaler: {ids}. Tjek id'erne, eller lemp kravene, så lokalerne er med.",
    "venues.err.unknown_excluded": "Disse fravalgte lokaler er ikke blandt de egnede lokaler: "
    "{ids}. Tjek id'erne.",
    "venues.err.required_and_excluded": "Disse lokaler står både under »Skal med« og »Må ikke "
    "bruges«: {ids}. Fjern dem fra den ene af listerne.",
    "venues.err.nothing_within": "Med en gangafstand på {radius} {unit} når ingen i målgruppen et "
    "egnet lokale; ingen bor engang inden for {cutoff} {unit} af et. Gør gangafstanden længere "
    "eller lemp kravene til lokalerne.",
    "venues.err.no_profile": "Prioriteringsprofilen »{profile}« findes ikke. Vælg en af: {known}.",
    "venues.err.need_flat": "Profilen »{profile}« giver ikke noget {kind} højere behov end de "
    "andre. Vælg en anden profil eller områdetype.",
    "venues.err.no_demand": "Ingen i målgruppen bor i de indlæste data. Vælg en anden målgruppe.",
    "venues.err.no_demand.area": "Ingen i målgruppen bor i {kind} {code}. Vælg en anden "
    "målgruppe eller et andet område.",
    "venues.err.no_candidates": "Intet lokale opfylder kravene. Lemp kravene til lokalerne.",
    "venues.err.no_candidates.area": "Intet lokale i eller nær {kind} {code} opfylder kravene. "
    "Lemp kravene, eller tag lokaler længere uden for området med.",
    "venues.err.unknown_area": "Der er intet område af typen {kind} med koden »{code}«. Koder "
    "af den type: {codes}.",
    "venues.err.unknown_types": "Ukendte lokaletyper: {types}. Vælg blandt: {known}.",
    "venues.err.time_window": "Tidsrummet »{window}« skal skrives TT:MM-TT:MM med starten før "
    "slutningen, fx 10:00-12:00.",
    "venues.err.no_network": "Der er ikke indlæst et gangnet, der dækker lokalerne. Vælg "
    "»Gangnet, hvis der er et, ellers fugleflugt«, eller indlæs et gangnet.",
    "venues.err.unknown_network": "Der er intet gangnet med navnet »{name}«. Vælg et fra listen.",
    "venues.err.no_65plus": "Befolkningsdata har ikke antal borgere på 65 år og derover. Vælg "
    "en anden målgruppe.",
    "venues.download.public_note": "Antal borgere pr. kvadrat (100 m) vises ikke, når de er under "
    "5, og øvrige antal er afrundet til nærmeste 5, så ingen enkeltpersoner kan genkendes. "
    "Medarbejdere, der er logget ind, ser de præcise tal.",
}

EN = {
    "venues.title": "Venues for mobile health offers",
    "venues.intro": "Find the existing venues that most of your target group can walk to. "
    "Choose a model, target group, area and venue requirements, then press 'Find venues'. The "
    "page address can be shared: it keeps every choice.",
    "venues.form": "Request",
    "venues.submit": "Find venues",
    "venues.reset": "Reset",
    "venues.fs.model": "Model",
    "venues.fs.target": "Target group",
    "venues.fs.area": "Area",
    "venues.fs.rules": "Venue requirements",
    "venues.fs.rotation": "Rotation plan (optional)",
    "venues.fs.advanced": "More options",
    "venues.model": "What to optimise",
    "venues.model.mclp": "Most of the target group within walking distance (MCLP)",
    "venues.model.lscp": "Fewest venues covering the target group (LSCP)",
    "venues.model.pmedian": "Least walking in total (p-median)",
    "venues.model.pcenter": "Shortest longest walk (p-center)",
    "venues.p": "Number of venues (p)",
    "venues.p.help": "Not used by LSCP, which finds the number itself.",
    "venues.radius": "Walking distance",
    "venues.radius.help": "MCLP and LSCP: the longest walk that counts as covered. p-median and "
    "p-center: the longest walk considered.",
    "venues.unit": "Unit",
    "venues.unit.m": "metres",
    "venues.unit.min": "minutes",
    "venues.share": "Share of the target group to cover (LSCP, 0–1)",
    "venues.target": "Target group",
    "venues.target.residents": "All residents",
    "venues.target.65+": "Residents aged 65 and over",
    "venues.target.almene boliger": "Residents of social housing",
    "venues.target.need": "Residents weighted by need (ranking profile)",
    "venues.profile": "Ranking profile (for need)",
    "venues.need_area_kind": "Area kind for need",
    "venues.area_kind": "Area kind",
    "venues.area_code": "Area",
    "venues.area_code.help": "A code or pick from the list, e.g. 9210 (Aalborg SØ). Empty: all "
    "data.",
    "venues.buffer_m": "Venues up to this many metres outside the area",
    "venues.kind.postnummer": "Postcode",
    "venues.kind.sogn": "Parish",
    "venues.kind.boligområde": "Housing area",
    "venues.kind.skoledistrikt": "School district",
    "venues.kind.kommune": "Municipality",
    "venues.types": "Venue types (none ticked: all)",
    "venues.type.faelleshus": "Community house",
    "venues.type.beboerlokale": "Residents' room",
    "venues.type.aktivitetscenter": "Activity centre",
    "venues.type.bibliotek": "Library",
    "venues.type.kirke_sognegaard": "Church/parish hall",
    "venues.type.skole": "School",
    "venues.type.idraetshal": "Sports hall",
    "venues.type.sundhedshus": "Health centre",
    "venues.type.kulturhus": "Culture house",
    "venues.type.fitness": "Fitness centre",
    "venues.type.other": "Other",
    "venues.step_free": "Step-free access",
    "venues.kitchen": "Kitchen",
    "venues.bookable_only": "Bookable",
    "venues.min_capacity": "Minimum number of seats",
    "venues.weekdays": "Free on all of these days",
    "venues.day.man": "Monday",
    "venues.day.tir": "Tuesday",
    "venues.day.ons": "Wednesday",
    "venues.day.tor": "Thursday",
    "venues.day.fre": "Friday",
    "venues.day.lor": "Saturday",
    "venues.day.son": "Sunday",
    "venues.time_window": "Time (HH:MM-HH:MM)",
    "venues.required": "Must be included (venue ids, comma-separated)",
    "venues.excluded": "Must not be used (venue ids, comma-separated)",
    "venues.speed": "Walking speed (metres per minute)",
    "venues.method": "Distances",
    "venues.method.auto": "Walking network if there is one, else straight line",
    "venues.method.network": "Walking network only",
    "venues.method.straight_line": "Straight line × detour factor",
    "venues.network_layer": "Walking network (layer)",
    "venues.network_layer.auto": "The one covering the area",
    "venues.slots_per_week": "Visits per week",
    "venues.weeks": "Number of weeks",
    "venues.rotation.help": "E.g. two days a week for eight weeks: a new place every visit, the "
    "most rewarding first.",
    "venues.error": "The request cannot be answered",
    "venues.result": "Result",
    "venues.synthetic": "These layers are synthetic (made up): {names}. Real venues with made-up "
    "details are marked at the venue.",
    "venues.headline": "{n} venues reach {share} of the target group ({covered} of {total}) "
    "within {radius}.",
    "venues.headline.median": "{n} venues serve {share} of the target group ({covered} of "
    "{total}); longest walk {longest}.",
    "venues.fig.share": "Share covered",
    "venues.fig.mean": "Mean walk",
    "venues.fig.selected": "Venues chosen",
    "venues.fig.candidates": "Eligible venues",
    "venues.map": "Map",
    "venues.map.title": "Map of chosen venues, walking catchments and coverage",
    "venues.map.open": "Open the map full size",
    "venues.table": "Reach and load per venue",
    "venues.table.help": "Reach: the target group within walking distance of the venue, "
    "whatever the other venues. Load: the residents for whom this venue is the nearest chosen "
    "one (they add up to everyone covered).",
    "venues.col.order": "No.",
    "venues.col.id": "Id",
    "venues.col.name": "Venue",
    "venues.col.type": "Type",
    "venues.col.reach": "Reach",
    "venues.col.load": "Load (share)",
    "venues.col.share": "Share of target group",
    "venues.col.mean": "Mean walk",
    "venues.col.week": "Week",
    "venues.col.facts": "Step-free/kitchen/seats",
    "venues.total": "Total (covered)",
    "venues.rotation": "Rotation plan",
    "venues.rotation.intro": "{k} visits a week for {w} weeks; every new place reaches new "
    "residents. {guarantee}",
    "venues.rotation.greedy": "The order is greedy: after every week the plan reaches at least "
    "63 % of the best possible with as many visits.",
    "venues.col.new": "New residents",
    "venues.col.cumulative": "Reached so far",
    "venues.downloads": "Download the result",
    "venues.download.venues": "Venues (CSV)",
    "venues.download.demand": "Resident points (CSV)",
    "venues.download.costs": "Distances (CSV)",
    "venues.report": "Printable report",
    "venues.report.title": "Report: venues for mobile health offers",
    "venues.report.print": "Print",
    "venues.report.parameters": "Request",
    "venues.report.sketch": "Sketch of the result",
    "venues.report.back": "Back to the venue finder",
    "venues.candidates.note": "Faded circles on the map are eligible venues that were not chosen.",
    "venues.sentence.straight.none": "Distances are straight-line distances × {detour}, because "
    "no walking network is loaded.",
    "venues.sentence.straight.chosen": "Distances are straight-line distances × {detour} (chosen "
    "in the request).",
    "venues.sentence.network": "Distances are walking distances along the network '{layer}'.",
    "venues.sentence.speed": "Walking speed {speed} km/h.",
    "venues.none": "none",
    "venues.map.legend": "Legend",
    "venues.map.selected": "Chosen venue",
    "venues.map.candidate": "Eligible venue, not chosen",
    "venues.map.covered": "Covered",
    "venues.map.uncovered": "Not covered",
    "venues.map.catchment": "Walking catchment",
    "venues.map.assignment": "Nearest chosen venue",
    "venues.map.area": "Study area",
    "venues.map.weight": "Residents (weight)",
    "venues.map.venue": "Venue",
    "venues.map.walk": "Walk",
    "venues.map.nearest": "Nearest eligible venue",
    "venues.map.reach": "Reach",
    "venues.map.load": "Load",
    "venues.map.type": "Type",
    "venues.map.not_selected": "Not chosen",
    "venues.map.none": "none within reach",
    "venues.unknown": "unknown",
    "venues.dayshort.man": "Mon",
    "venues.dayshort.tir": "Tue",
    "venues.dayshort.ons": "Wed",
    "venues.dayshort.tor": "Thu",
    "venues.dayshort.fre": "Fri",
    "venues.dayshort.lor": "Sat",
    "venues.dayshort.son": "Sun",
    "venues.hours.none": "no free times given",
    "venues.contact.none": "no contact given",
    "venues.field.capacity": "seats",
    "venues.field.step_free": "step-free access",
    "venues.field.kitchen": "kitchen",
    "venues.field.availability": "free times",
    "venues.field.bookable": "bookable",
    "venues.field.owner": "owner",
    "venues.field.contact": "contact",
    "venues.col.booking": "Booking",
    "venues.col.address": "Address",
    "venues.col.bookable": "Bookable",
    "venues.col.contact": "Contact",
    "venues.col.hours": "Free times",
    "venues.col.capacity": "Seats",
    "venues.invented": "Name, address and position are real; synthetic (made-up) details: "
    "{fields}.",
    "venues.synthetic_venue": "Synthetic (made-up) venue.",
    "venues.warnings": "Check before booking",
    "venues.warning": "Warning",
    "venues.warn.not_bookable": "According to the data, {name} cannot be booked. Choose another "
    "venue, tick 'Bookable' as a requirement, or agree its use with the owner directly.",
    "venues.warn.bookable_unknown": "It is not known whether {name} can be booked. Ask the owner "
    "before planning with it.",
    "venues.warn.no_contact": "No contact is given for {name}. Find a contact person before "
    "planning with it.",
    "venues.map.address": "Address",
    "venues.map.contact": "Contact",
    "venues.map.bookable": "Bookable",
    "venues.map.hours": "Free times",
    "venues.map.capacity": "Seats",
    "venues.map.warning": "Warning",
    "venues.map.suppressed": "under 5 (hidden)",
    # English headers are the machine names (as in app/messages/tables.py)
    "tables.col.free_times": "free_times",
    "tables.col.warnings": "warnings",
    "tables.col.synthetic_fields": "synthetic_fields",
    "venues.err.p_too_large": "You asked for {p} venues, but only {available} venues meet the "
    "requirements ({candidates} eligible, {excluded} excluded). Ask for at most {available}, "
    "or relax the requirements so more venues qualify.",
    "venues.err.required_over_p": "{required} venues must be included, but only {p} are "
    "chosen. Set the number of venues to at least {required}, or require fewer.",
    "venues.err.unreachable": "No one in the target group can reach an eligible venue. Relax "
    "the venue requirements or choose a larger area.",
    "venues.err.out_of_reach": "No one in the target group lives within {radius} {unit} of an "
    "eligible venue; the shortest distance is {nearest} {unit}. Set the walking distance to at "
    "least {nearest} {unit}, or relax the venue requirements.",
    "venues.err.lscp_infeasible": "The target group cannot be covered as asked: {points} "
    "resident points with {weight} residents have no eligible venue within {radius} {unit}, so "
    "{share}% coverage is impossible. At most {best}% can be reached: lower the share to that, "
    "or make the walking distance longer.",
    "venues.err.too_few": "{p} venues cannot serve everyone in the target group who can reach a "
    "venue. Choose more venues, or use LSCP with a long walking distance to see how many are "
    "needed.",
    "venues.err.too_few_cover": "{p} venues cannot serve everyone in the target group who can "
    "reach a venue: at least {need} venues are needed. Choose at least {need} venues, or make "
    "the walking distance shorter.",
    "venues.err.capacity": "The venues are too small: {weight} residents need a venue, but the "
    "{p} largest eligible venues hold {room} together (all eligible venues together {total}). "
    "Choose more venues, or relax the requirements so larger venues qualify.",
    "venues.err.too_large": "The question is too large: {demand} resident points × {candidates} "
    "venues make {pairs} distances, but at most {limit} may be computed. Choose a smaller area "
    "or fewer venue types.",
    "venues.err.cancelled": "The calculation was cancelled.",
    "venues.solved.heuristic.size": "The question is too large for an exact solution "
    "({demand} resident points × {candidates} venues, the limit is {limit}). The answer was "
    "found by a fast search (greedy + swap) and is at most {gap} from the best possible.",
    "venues.solved.heuristic.time": "The exact solution did not finish within {seconds} "
    "seconds. The answer is the best one found and is at most {gap} from the best possible.",
    "venues.solved.gap_unknown": "unknown",
    "venues.err.rotation_too_long": "{weeks} weeks with {slots} visits a week need {need} "
    "different venues, but only {available} are eligible. Shorten the period or relax the "
    "venue requirements.",
    "venues.err.rotation_required": "{required} venues must be included, but the rotation plan "
    "has only {slots} visits. Lengthen the plan or require fewer venues.",
    "venues.err.needs_p": "This model needs a number of venues. Fill in 'Number of venues (p)'.",
    "venues.err.needs_radius": "This model needs a walking distance. Fill in 'Walking distance'.",
    "venues.err.unknown_required": "These venues must be included but are not among the "
    "eligible venues: {ids}. Check the ids, or relax the requirements so they qualify.",
    "venues.err.unknown_excluded": "These excluded venues are not among the eligible venues: "
    "{ids}. Check the ids.",
    "venues.err.required_and_excluded": "These venues are both required and excluded: {ids}. "
    "Remove them from one of the two lists.",
    "venues.err.nothing_within": "With a walking distance of {radius} {unit} no one in the target "
    "group reaches an eligible venue; no one even lives within {cutoff} {unit} of one. Make the "
    "walking distance longer or relax the venue requirements.",
    "venues.err.no_profile": "There is no ranking profile '{profile}'. Choose one of: {known}.",
    "venues.err.need_flat": "The profile '{profile}' gives no {kind} a higher need than the "
    "others. Choose another profile or area kind.",
    "venues.err.no_demand": "No one in the target group lives in the data loaded. Choose "
    "another target group.",
    "venues.err.no_demand.area": "No one in the target group lives in {kind} {code}. Choose "
    "another target group or area.",
    "venues.err.no_candidates": "No venue meets the requirements. Relax the venue requirements.",
    "venues.err.no_candidates.area": "No venue in or near {kind} {code} meets the requirements. "
    "Relax them, or include venues further outside the area.",
    "venues.err.unknown_area": "There is no area of kind {kind} with the code '{code}'. Codes of "
    "that kind: {codes}.",
    "venues.err.unknown_types": "Unknown venue types: {types}. Choose from: {known}.",
    "venues.err.time_window": "The time '{window}' must be written HH:MM-HH:MM with the start "
    "before the end, e.g. 10:00-12:00.",
    "venues.err.no_network": "No walking network covering the venues is loaded. Choose "
    "'Walking network if there is one, else straight line', or load a walking network.",
    "venues.err.unknown_network": "There is no walking network named '{name}'. Choose one from "
    "the list.",
    "venues.err.no_65plus": "The population data have no counts of residents aged 65 and over. "
    "Choose another target group.",
    "venues.download.public_note": "Resident counts per grid cell (100 m) are hidden when under "
    "5, and other counts are rounded to the nearest 5, so no individual can be recognised. "
    "Logged-in staff see the exact figures.",
}
