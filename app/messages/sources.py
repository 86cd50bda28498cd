"""Words for where the figures come from: real or synthetic indicators, the kommune in figures."""

DA = {
    "sources.title": "Indikatorernes kilder",
    "sources.intro": "Reel: alle værdier kommer fra en reel kilde. Syntetisk: alle er syntetiske "
    "demodata. Blandet: nogle områders værdier er reelle, andres syntetiske.",
    "sources.status.real": "Reel",
    "sources.status.synthetic": "Syntetisk",
    "sources.status.mixed": "Blandet",
    "sources.status.none": "Ingen værdier",
    "sources.col.indicator": "Indikator",
    "sources.col.status": "Kilde",
    "sources.col.values": "Værdier",
    "sources.col.credit": "Kildeangivelse",
    "sources.col.period": "Periode",
    "sources.values": "{real} reelle, {synthetic} syntetiske",
    "sources.derived": "Beregnet af Kvarterkort: de optalte steder pr. 1.000 beboere. En værdi "
    "er kun reel, når både stederne og områdets beboertal er reelle.",
    "sources.derived_period": "de indlæste steder og beboertal",
    "sources.no_credit": "Ingen kildeangivelse (lag: {layers})",
    "sources.area.col": "Kilde",
    "sources.kommune.title": "Kommunen i tal",
    "sources.kommune.intro": "Reelle tal for {name} fra de indlæste kilder (ingen syntetiske "
    "demodata).",
    "sources.kommune.suppressed": "skjult (små tal)",
    "sources.kommune.missing": "ikke oplyst i kilden",
}

EN = {
    "sources.title": "Where the figures come from",
    "sources.intro": "Real: every value comes from a real source. Synthetic: all are synthetic "
    "demo data. Mixed: some areas' values are real, others synthetic.",
    "sources.status.real": "Real",
    "sources.status.synthetic": "Synthetic",
    "sources.status.mixed": "Mixed",
    "sources.status.none": "No values",
    "sources.col.indicator": "Indicator",
    "sources.col.status": "Source",
    "sources.col.values": "Values",
    "sources.col.credit": "Credit",
    "sources.col.period": "Period",
    "sources.values": "{real} real, {synthetic} synthetic",
    "sources.derived": "Computed by Kvarterkort: the places counted per 1,000 residents. A value "
    "is real only when both the places and the area's resident count are real.",
    "sources.derived_period": "the loaded places and resident counts",
    "sources.no_credit": "No credit line (layer: {layers})",
    "sources.area.col": "Source",
    "sources.kommune.title": "The municipality in figures",
    "sources.kommune.intro": "Real figures for {name} from the loaded sources (no synthetic demo "
    "data).",
    "sources.kommune.suppressed": "hidden (small numbers)",
    "sources.kommune.missing": "not given by the source",
}
