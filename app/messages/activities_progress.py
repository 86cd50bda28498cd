"""Words of the progress page, the quarterly and yearly reports and their downloads (issue 11).

`activities.progress.col.*` head the download columns that activities.col.* does not name;
`activities.progress.table.*` name the tables a download offers (?table=).
"""

DA = {
    "activities.progress.title": "Fremdrift: {name}",
    "activities.progress.lead": (
        "Deltagere (besøg og unikke deltagere, hvor der er brugt deltagerkoder) mod projektets "
        "mål, opgjort pr. {date}."
    ),
    "activities.progress.period": "Projektperiode {starts} til {ends}, kommune {kommune}.",
    "activities.progress.form": "Vælg år og opgørelsesdato",
    "activities.progress.year": "År",
    "activities.progress.as_of": "Opgjort pr.",
    "activities.progress.show": "Vis",
    "activities.progress.public_note": (
        "Offentlig visning: kun projektets offentliggjorte totaler. Tal fra 1 til 4 er skjult, "
        "og hvor et skjult tal ellers kunne regnes ud af totalen, er endnu et tal skjult. "
        "Aktiviteter, mødesteder og områder vises kun for medarbejdere, der er logget ind. "
        "Tallene er opgjort ved udgangen af det seneste afsluttede kvartal."
    ),
    "activities.progress.staff_note": (
        "Præcise tal (kun for medarbejdere). Del dem ikke offentligt: brug de offentlige "
        "totaler eller tabeller hentet uden at være logget ind."
    ),
    "activities.progress.synthetic": (
        "Syntetiske data: projektet eller dets tilbud er demodata, ikke rigtige deltagere."
    ),
    "activities.progress.suppressed": "skjult",
    "activities.progress.none": "–",
    "activities.progress.total": "I alt",
    "activities.progress.yes": "Ja",
    "activities.progress.no": "Nej",
    "activities.progress.basis_note": (
        "Andel af mål regnes på unikke deltagere, når alle besøg har en deltagerkode, ellers "
        "på besøg (som tæller en person, der kommer flere gange, flere gange). Prognosen "
        "fremskriver året ud fra tempoet indtil opgørelsesdatoen."
    ),
    "activities.progress.by_year": "Deltagere pr. år og indsats",
    "activities.progress.by_quarter": "Deltagere pr. kvartal {year}",
    "activities.progress.by_offer": "Deltagere pr. tilbud {year}",
    "activities.progress.by_venue": "Deltagere pr. mødested {year}",
    "activities.progress.by_area": "Deltagere pr. boligområde (hvor de bor) {year}",
    "activities.progress.area_note": (
        "Kun deltagere, hvis bopæl er registreret som en boligafdeling eller et boligområde; "
        "en boligafdeling tælles i det boligområde, den ligger i."
    ),
    "activities.progress.figure": "Figur: deltagere mod mål {year}",
    "activities.progress.figure_desc": (
        "En søjle pr. indsats i {year}: deltagere opgjort som målet (unikke deltagere, når alle "
        "besøg har en deltagerkode, ellers besøg). Den lodrette streg er målet, ruden prognosen "
        "for året. Hver indsats har sin egen skala. Tallene står også i tabellen."
    ),
    "activities.progress.legend.value": "Deltagere (som målet opgøres)",
    "activities.progress.legend.target": "Mål",
    "activities.progress.legend.forecast": "Prognose",
    "activities.progress.downloads": "Hent tabeller",
    "activities.progress.reports": "Rapporter",
    "activities.progress.report_quarter": "Kvartalsstatus {quarter}. kvartal {year}",
    "activities.progress.report_year": "Årsrapport {year}",
    "activities.progress.reach": "Rækkevidde (kort og tabel)",
    "activities.progress.synthetic_offer": "syntetisk",
    "activities.progress.table.progress": "Fremdrift pr. år og indsats",
    "activities.progress.table.quarters": "Pr. kvartal",
    "activities.progress.table.offers": "Pr. tilbud",
    "activities.progress.table.venues": "Pr. mødested",
    "activities.progress.table.evaluator": "Til evaluator",
    "activities.progress.col.sessions": "Aktiviteter",
    "activities.progress.col.participants": "Deltagere",
    "activities.progress.col.age_band": "Aldersgruppe",
    "activities.progress.col.home_kind": "Bopæl",
    "activities.progress.col.area": "Områdekode",
    "activities.progress.col.area_name": "Boligområde",
    "activities.progress.col.synthetic": "Syntetisk",
    # reports
    "activities.report.quarter_title": "Kvartalsstatus til styregruppen: {name}",
    "activities.report.year_title": "Årsrapport til det politiske udvalg: {name}",
    "activities.report.quarter_lead": (
        "Status for {quarter}. kvartal {year}, opgjort pr. {date}: årets deltagere indtil nu mod "
        "årets mål, kvartalets tal og prognosen for året."
    ),
    "activities.report.year_lead": (
        "Året {year}, opgjort pr. {date}: deltagere mod målene for fællesskabsindsatser og "
        "sundhedsfremme- og forebyggelsesindsatser, pr. kvartal, tilbud og mødested."
    ),
    "activities.report.print": "Udskriv",
    "activities.report.back": "Tilbage til fremdriften",
    "activities.report.public_notice": "Offentlig udgave: tal fra 1 til 4 er skjult",
    "activities.report.to_public": "Offentlig udgave (til dagsorden)",
    "activities.report.to_staff": "Fuld udgave med præcise tal (kun for ansatte)",
    "activities.report.pdf": (
        'Rapporten gemmes som PDF fra browserens udskriftsdialog (vælg "Gem som PDF", A4).'
    ),
    "activities.report.summary": "Sammenfatning",
    "activities.report.summary_line": (
        "{kind}: {value} {basis} af målet på {target} ({share}). Prognose for hele året: "
        "{forecast}."
    ),
    "activities.report.summary_no_target": "{kind}: {value} {basis}; intet mål sat.",
    "activities.report.quarter_table": "Kvartalets deltagere ({quarter}. kvartal)",
    "activities.report.reach": "Rækkevidde: besøg pr. 1.000 beboere og behov",
    "activities.report.reach_note": (
        "Områder med stort behov og lav rækkevidde er fremhævet. Behovet er fra "
        "rangeringsprofilen; besøg tælles i det område, deltagerne bor i (en borger, der kommer "
        "ti gange, tæller ti)."
    ),
    "activities.report.reach_missing": "Rækkevidden kan ikke vises: {reason}",
    "activities.report.reach_map": "Kort over rækkevidde og behov",
    "activities.report.high_need": "Områder med stort behov og lav rækkevidde",
    "activities.report.no_high_need": "Ingen områder med stort behov og lav rækkevidde.",
    "activities.report.per_1000": "Besøg pr. 1.000 beboere",
    "activities.report.residents": "Beboere",
    "activities.report.need_rank": "Behov (rang)",
    "activities.report.area": "Område",
    "activities.report.kind_of_area": "Type",
    "activities.report.area_kind.estate": "Boligafdeling",
    "activities.report.area_kind.boligomraade": "Boligområde",
    "activities.report.evaluator": "Tabel til evaluator (bilag)",
    "activities.report.terms": (
        "Sådan læses tallene: Besøg er antal fremmøder – en borger, der kommer ti gange, tæller "
        "ti. Unikke deltagere er antal forskellige borgere, talt på deres pseudonyme "
        "deltagerkoder. Målene er antal deltagere, så de holdes op mod de unikke deltagere, når "
        "alle besøg har en deltagerkode, ellers mod besøgene. Prognosen fremskriver året ud fra "
        "tempoet indtil opgørelsesdatoen."
    ),
    "activities.report.confidential": (
        "Til intern brug: rapporten har præcise tal, også tal under 5 deltagere. Skal tallene "
        "med i en offentlig dagsorden, så brug projektets offentlige totaler (tal fra 1 til 4 "
        "skjult) og udelad tabellen til evaluator."
    ),
    "activities.report.all": "Alle",
    "activities.report.evaluator_folded": (
        "Tabellen har {n} rækker; her er de lagt sammen, så rapporten kan trykkes (»Alle«). "
        "Hele tabellen: hent »Til evaluator« som CSV eller Excel."
    ),
    "activities.report.evaluator_note": (
        "Aktiviteter og deltagere pr. kvartal, indsats, tilbud, mødested, aldersgruppe og "
        "bopæl. Deltagerne summer til årets besøg ({total}). Præcise tal: kun til evaluator."
    ),
    # errors
    "activities.progress.err.year": "{year} ligger uden for projektet ({first}-{last}).",
    "activities.progress.err.period": (
        "En periode er et år (2026) eller et kvartal (2026-Q2), ikke {period}."
    ),
    "activities.progress.err.no_area": "Intet boligområde med koden {code} er indlæst.",
    "activities.progress.err.staff_table": (
        "Tabellen {table} er kun for medarbejdere. Uden login kan kun fremdriften pr. år og "
        "indsats hentes."
    ),
}

EN = {
    "activities.progress.title": "Progress: {name}",
    "activities.progress.lead": (
        "Participants (visits, and unique participants where codes were used) against the "
        "project's targets, as of {date}."
    ),
    "activities.progress.period": "Project period {starts} to {ends}, kommune {kommune}.",
    "activities.progress.form": "Choose year and as-of date",
    "activities.progress.year": "Year",
    "activities.progress.as_of": "As of",
    "activities.progress.show": "Show",
    "activities.progress.public_note": (
        "Public view: only the project's published totals. Counts from 1 to 4 are hidden, and "
        "where a hidden count could be worked out from the total, another count is hidden too. "
        "Sessions, venues and areas are shown to logged-in staff only. "
        "The figures are counted to the end of the last completed quarter."
    ),
    "activities.progress.staff_note": (
        "Exact counts (staff only). Do not share them publicly: use the public totals or a "
        "download without login."
    ),
    "activities.progress.synthetic": (
        "Synthetic data: the project or its offers are demo data, not real participants."
    ),
    "activities.progress.suppressed": "hidden",
    "activities.progress.none": "–",
    "activities.progress.total": "Total",
    "activities.progress.yes": "Yes",
    "activities.progress.no": "No",
    "activities.progress.basis_note": (
        "The share of the target is counted on unique participants when every visit carries a "
        "code, else on visits (which count a person who comes several times several times). "
        "The forecast extends the pace up to the as-of date to the year's end."
    ),
    "activities.progress.by_year": "Participants by year and kind",
    "activities.progress.by_quarter": "Participants by quarter {year}",
    "activities.progress.by_offer": "Participants by offer {year}",
    "activities.progress.by_venue": "Participants by venue {year}",
    "activities.progress.by_area": "Participants by boligområde (where they live) {year}",
    "activities.progress.area_note": (
        "Only participants whose home was recorded as an estate or a boligområde; an estate "
        "counts in the boligområde it lies in."
    ),
    "activities.progress.figure": "Figure: participants against targets {year}",
    "activities.progress.figure_desc": (
        "One bar per kind in {year}: participants counted as the target counts them (unique "
        "participants when every visit has a code, else visits). The vertical line is the "
        "target, the diamond the year's forecast. Each kind has its own scale. The numbers are "
        "also in the table."
    ),
    "activities.progress.legend.value": "Participants (as the target counts them)",
    "activities.progress.legend.target": "Target",
    "activities.progress.legend.forecast": "Forecast",
    "activities.progress.downloads": "Download tables",
    "activities.progress.reports": "Reports",
    "activities.progress.report_quarter": "Quarterly status Q{quarter} {year}",
    "activities.progress.report_year": "Yearly report {year}",
    "activities.progress.reach": "Reach (map and table)",
    "activities.progress.synthetic_offer": "synthetic",
    "activities.progress.table.progress": "Progress by year and kind",
    "activities.progress.table.quarters": "By quarter",
    "activities.progress.table.offers": "By offer",
    "activities.progress.table.venues": "By venue",
    "activities.progress.table.evaluator": "For the evaluator",
    "activities.progress.col.sessions": "Sessions",
    "activities.progress.col.participants": "Participants",
    "activities.progress.col.age_band": "Age band",
    "activities.progress.col.home_kind": "Home",
    "activities.progress.col.area": "Area code",
    "activities.progress.col.area_name": "Boligområde",
    "activities.progress.col.synthetic": "Synthetic",
    "activities.report.quarter_title": "Quarterly status for the steering group: {name}",
    "activities.report.year_title": "Yearly report for the political committee: {name}",
    "activities.report.quarter_lead": (
        "Status for Q{quarter} {year}, as of {date}: the year's participants so far against the "
        "year's targets, the quarter's figures and the forecast for the year."
    ),
    "activities.report.year_lead": (
        "The year {year}, as of {date}: participants against the targets for community and "
        "health-promotion activities, by quarter, offer and venue."
    ),
    "activities.report.print": "Print",
    "activities.report.back": "Back to progress",
    "activities.report.public_notice": "Public edition: numbers from 1 to 4 are hidden",
    "activities.report.to_public": "Public edition (for the agenda)",
    "activities.report.to_staff": "Full edition with exact numbers (staff only)",
    "activities.report.pdf": (
        'Save the report as PDF from the browser\'s print dialog (choose "Save as PDF", A4).'
    ),
    "activities.report.summary": "Summary",
    "activities.report.summary_line": (
        "{kind}: {value} {basis} of the target of {target} ({share}). Forecast for the whole "
        "year: {forecast}."
    ),
    "activities.report.summary_no_target": "{kind}: {value} {basis}; no target set.",
    "activities.report.quarter_table": "The quarter's participants (Q{quarter})",
    "activities.report.reach": "Reach: visits per 1,000 residents and need",
    "activities.report.reach_note": (
        "Areas of high need and low reach are picked out. Need comes from the ranking profile; "
        "visits are counted in the area the participants live in (a resident who comes ten "
        "times counts ten)."
    ),
    "activities.report.reach_missing": "The reach cannot be shown: {reason}",
    "activities.report.reach_map": "Map of reach and need",
    "activities.report.high_need": "Areas of high need and low reach",
    "activities.report.no_high_need": "No areas of high need and low reach.",
    "activities.report.per_1000": "Visits per 1,000 residents",
    "activities.report.residents": "Residents",
    "activities.report.need_rank": "Need (rank)",
    "activities.report.area": "Area",
    "activities.report.kind_of_area": "Kind",
    "activities.report.area_kind.estate": "Estate",
    "activities.report.area_kind.boligomraade": "Boligområde",
    "activities.report.evaluator": "Table for the evaluator (appendix)",
    "activities.report.terms": (
        "How to read the figures: visits are attendances – a resident who comes ten times counts "
        "ten. Unique participants are different residents, counted by their pseudonymous "
        "participant codes. The targets are numbers of participants, so they are compared with "
        "the unique participants when every visit has a code, otherwise with the visits. The "
        "forecast projects the year from the pace up to the as-of date."
    ),
    "activities.report.confidential": (
        "For internal use: the report has exact counts, also counts under 5 participants. If "
        "the figures go into a public agenda, use the project's public totals (counts from 1 to "
        "4 hidden) and leave out the table for the evaluator."
    ),
    "activities.report.all": "All",
    "activities.report.evaluator_folded": (
        'The table has {n} rows; here they are summed so that the report prints ("All"). '
        'The whole table: download "For the evaluator" as CSV or Excel.'
    ),
    "activities.report.evaluator_note": (
        "Sessions and participants per quarter, kind, offer, venue, age band and home. The "
        "participants add up to the year's visits ({total}). Exact counts: for the evaluator only."
    ),
    "activities.progress.err.year": "{year} is outside the project ({first}-{last}).",
    "activities.progress.err.period": (
        "A period is a year (2026) or a quarter (2026-Q2), not {period}."
    ),
    "activities.progress.err.no_area": "No boligområde with code {code} is loaded.",
    "activities.progress.err.staff_table": (
        "The table {table} is for staff only. Without login only the progress by year and kind "
        "can be downloaded."
    ),
}
