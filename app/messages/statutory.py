"""Words for the published statutory lists: the area page section, the API and the loader's errors.

`tables.col.*` here are the download headers of the list table (Danish CSV, .xlsx); the list
loader (geodata/loaders/statutory_read.py) accepts the Danish ones as column names, so a
downloaded list loads back (tests/test_statutory_api.py).
"""

_COLUMNS_DA = {
    "list_kind": "Liste",
    "list_year": "Listeår",
    "municipality": "Kommune",
    "on_list": "På listen",
    "new": "Ny",
    "values_repeated": "Tal gentaget fra året før",
    "residents": "Beboere",
    "outside_work_edu_pct": "Uden for arbejde/uddannelse (%)",
    "non_western_pct": "Ikke-vestlige (%)",
    "convicted_pct": "Dømte (%)",
    "convictions_ratio": "Dømte (gange landsgennemsnit)",
    "basic_school_only_pct": "Kun grundskole (%)",
    "income_pct_region": "Indkomst (% af regionen)",
    "match": "Koblet via",
    "linked_name": "Koblet område",
    "rule_set": "Regelsæt",
    "rule_status": "Opfylder kriterierne",
    "agrees": "Stemmer med listen",
}
_KINDS_DA = {
    "ghettoomraade": "Ghettoområde",
    "haardt_belastet": "Hårdt belastet ghettoområde",
    "udsat_boligomraade": "Udsat boligområde",
    "parallelsamfund": "Parallelsamfund",
    "omdannelsesomraade": "Omdannelsesområde",
    "forebyggelsesomraade": "Forebyggelsesområde",
}
_KINDS_EN = {
    "ghettoomraade": "Ghetto area",
    "haardt_belastet": "Hard ghetto area",
    "udsat_boligomraade": "Vulnerable housing area",
    "parallelsamfund": "Parallel society",
    "omdannelsesomraade": "Transformation area",
    "forebyggelsesomraade": "Prevention area",
}
_VALUES_DA = {
    "residents": "beboere",
    "outside_work_edu_pct": "uden for arbejde/uddannelse",
    "non_western_pct": "ikke-vestlige",
    "convicted_pct": "dømte",
    "convictions_ratio": "dømte (gange landsgennemsnit)",
    "basic_school_only_pct": "kun grundskole",
    "income_pct_region": "indkomst (% af regionen)",
}
_VALUES_EN = {
    "residents": "residents",
    "outside_work_edu_pct": "outside work/education",
    "non_western_pct": "non-Western",
    "convicted_pct": "convicted",
    "convictions_ratio": "convicted (times national average)",
    "basic_school_only_pct": "basic schooling only",
    "income_pct_region": "income (% of the region)",
}

DA = {
    "statutory.title": "Offentliggjorte lister",
    "statutory.intro": "Området er koblet til disse poster på ministeriets lister. Tallene er "
    "dem, der stod på listen; hvert år er holdt op mod det års kriterier.",
    "statutory.none": "Området står ikke på nogen indlæst liste.",
    "statutory.caption": "Områdets poster på de offentliggjorte lister, ét år pr. række",
    "statutory.col.year": "År",
    "statutory.col.list": "Liste",
    "statutory.col.state": "Status",
    "statutory.col.values": "Tal på listen",
    "statutory.col.check": "Det års kriterier",
    "statutory.state.on": "På listen",
    "statutory.state.new": "Ny på listen",
    "statutory.state.left": "Udgået af listen",
    "statutory.check.met": "opfyldt ({rule_set})",
    "statutory.check.not_met": "ikke opfyldt ({rule_set})",
    "statutory.check.unknown": "kan ikke afgøres",
    "statutory.check.repeated": "tallene er gentaget fra året før",
    "statutory.check.no_rule_set": "intet regelsæt for denne liste",
    "statutory.check.disagrees": "stemmer ikke med listen",
    "statutory.listed_as": "står på listen som «{name}» ({municipality})",
    "statutory.credit": "Kilde: {credit}",
    "statutory.err.no_rule_set": "Der findes intet regelsæt for listen {list_kind} {year}",
    "statutory.err.year": "forventede et listeår som 2017, fik {value!r}",
    "statutory.err.list_kind": "{value!r} er ikke en listetype; brug en af: {allowed}",
    "statutory.err.no_kind": "ingen listetype: tilføj kolonnen liste (eller kolonnen ghetto for "
    "ghettoområder)",
    "statutory.err.json": "JSON-filen kan ikke læses",
    "statutory.err.download": "{total} poster er for mange til én fil (højst {limit}); vælg år, "
    "liste eller kommune",
    "statutory.err.size": "filen er større end {limit} MB; en listefil er langt mindre: er det "
    "den rigtige fil?",
    "statutory.err.json_shape": 'forventede {{"år": [poster]}} eller en liste af poster',
    **{f"statutory.kind.{k}": v for k, v in _KINDS_DA.items()},
    **{f"statutory.value.{k}": v for k, v in _VALUES_DA.items()},
    **{f"tables.col.{k}": v for k, v in _COLUMNS_DA.items()},
}

EN = {
    "statutory.title": "Published lists",
    "statutory.intro": "The area is linked to these entries on the ministry's lists. The figures "
    "are those printed on the list; each year is checked against that year's criteria.",
    "statutory.none": "The area is on no loaded list.",
    "statutory.caption": "The area's entries on the published lists, one year a row",
    "statutory.col.year": "Year",
    "statutory.col.list": "List",
    "statutory.col.state": "Status",
    "statutory.col.values": "Figures on the list",
    "statutory.col.check": "That year's criteria",
    "statutory.state.on": "On the list",
    "statutory.state.new": "New on the list",
    "statutory.state.left": "Left the list",
    "statutory.check.met": "met ({rule_set})",
    "statutory.check.not_met": "not met ({rule_set})",
    "statutory.check.unknown": "cannot be decided",
    "statutory.check.repeated": "values repeated from the year before",
    "statutory.check.no_rule_set": "no rule set for this list",
    "statutory.check.disagrees": "disagrees with the list",
    "statutory.listed_as": "listed as “{name}” ({municipality})",
    "statutory.credit": "Source: {credit}",
    "statutory.err.no_rule_set": "There is no rule set for the {list_kind} list of {year}",
    "statutory.err.year": "expected a list year such as 2017, got {value!r}",
    "statutory.err.list_kind": "{value!r} is not a list kind; use one of: {allowed}",
    "statutory.err.no_kind": "no list kind: add a list_kind column (or a ghetto column for "
    "ghetto areas)",
    "statutory.err.json": "the JSON file cannot be read",
    "statutory.err.download": "{total} entries are too many for one file (at most {limit}); "
    "choose a year, list or municipality",
    "statutory.err.size": "the file is larger than {limit} MB; a list file is much smaller: is it "
    "the right file?",
    "statutory.err.json_shape": 'expected {{"<year>": [records]}} or a list of records',
    **{f"statutory.kind.{k}": v for k, v in _KINDS_EN.items()},
    **{f"statutory.value.{k}": v for k, v in _VALUES_EN.items()},
    # the English headers are the machine names, so an English download loads back as is
    **{f"tables.col.{k}": k for k in _COLUMNS_DA},
}
