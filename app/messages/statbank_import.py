"""Words of the Statbank importer (geodata/statbank/importer.py, inputs.py, sums.py).

`statbank.import.err.*` are the keys of the importer's StatbankErrors (the CLI prints their
English text; a page or the API renders these). The public provenance listing
(/api/statbank/imports) is data (codes, credit, request) and has no words of its own.
"""

DA = {
    "statbank.import.err.area_and_geo": (
        "{source} har områder ({name}); vælg dem med --select {name}=KODER i stedet for --area."
    ),
    "statbank.import.err.codes_absent": "{source}: koderne {codes} for {name} findes ikke i data.",
    "statbank.import.err.direction": "--direction skal være en af: {choices}.",
    "statbank.import.err.file_too_big": (
        "{file}: filen er større end {max} bytes, det største en Statbank-fil må være; gem "
        "færre koder, fx ét område eller få perioder ad gangen."
    ),
    "statbank.import.err.duplicate": "{source}: den samme kombination findes to gange ({where}).",
    "statbank.import.err.new_indicator": (
        "Indikatoren '{code}' er ikke defineret endnu: angiv --name (dansk) og --direction "
        "for at oprette den."
    ),
    "statbank.import.err.no_area": (
        "{source} har ingen områdevariabel: angiv med --area TYPE:KODE hvilket område tallene "
        "gælder (fx --area land:DK)."
    ),
    "statbank.import.err.no_areas": (
        "{source}: ingen indlæste områder passer; der blev ledt efter {looked}. Indlæs "
        "områderne først."
    ),
    "statbank.import.err.no_client": "Der er ingen forbindelse til Statistikbanken.",
    "statbank.import.err.no_source": "Angiv en tabel eller en fil (--file).",
    "statbank.import.err.no_time": "{source}: der er ingen tidskolonne (TID).",
    "statbank.import.err.no_variable": (
        "{source}: der er ingen variabel '{name}'; data har {columns}."
    ),
    "statbank.import.err.option_length": "{option}: angiv 1 til {max} tegn.",
    "statbank.import.err.per_fixed": "--per kan ikke ændre område eller tid.",
    "statbank.import.err.period": (
        "{source}, {where}, kolonne '{column}': cellen er ikke en periode som 2020K1 (højst "
        "{max} tegn)."
    ),
    "statbank.import.err.revision": (
        "{count} gemte værdier af {code} ville ændre sig (tabellen er revideret). Brug "
        "--accept-revision for at erstatte dem."
    ),
    "statbank.import.err.star_total": (
        "Tabel {table}: {name}=* ville lægge totalen {total} sammen med delene; angiv delene "
        "(fx {name}=0-99) eller totalen alene."
    ),
    "statbank.import.err.table_unknown": (
        "{file}: tabellen fremgår ikke af filnavnet; angiv den: kvarterkort statbank import "
        "TABEL --file FIL."
    ),
    "statbank.import.err.unknown_cell": (
        "{source}, {where}, kolonne '{column}': '{cell}' er hverken en kode eller en tekst i "
        "tabellen."
    ),
    "statbank.import.err.unselected": (
        "{source}: {name} har flere koder ({codes}); vælg med --select {name}=KODER "
        "(eller * for dem alle)."
    ),
    "statbank.import.err.too_many_cells": (
        "Tabel {table}: udvælgelsen beder om {cells} tal, mere end {max}; vælg færre koder "
        "(fx ét område eller én periode ad gangen)."
    ),
}

EN = {
    "statbank.import.err.area_and_geo": (
        "{source} has areas ({name}); choose them with --select {name}=CODES instead of --area."
    ),
    "statbank.import.err.codes_absent": "{source}: {name} codes not in the data: {codes}.",
    "statbank.import.err.direction": "--direction must be one of: {choices}.",
    "statbank.import.err.file_too_big": (
        "{file}: the file is larger than {max} bytes, the most a Statbank file may have; save "
        "fewer codes, e.g. one area or a few periods at a time."
    ),
    "statbank.import.err.duplicate": "{source}: the same combination appears twice ({where}).",
    "statbank.import.err.new_indicator": (
        "Indicator '{code}' is not defined yet: give --name (Danish) and --direction to create it."
    ),
    "statbank.import.err.no_area": (
        "{source} has no area variable: say which area its figures are for with "
        "--area KIND:CODE (e.g. --area land:DK)."
    ),
    "statbank.import.err.no_areas": (
        "{source}: no loaded area matches; looked for {looked}. Load those areas first."
    ),
    "statbank.import.err.no_client": "There is no connection to Statistics Denmark.",
    "statbank.import.err.no_source": "Name a table or a file (--file).",
    "statbank.import.err.no_time": "{source}: there is no time column (TID).",
    "statbank.import.err.no_variable": "{source}: no variable '{name}'; the data has {columns}.",
    "statbank.import.err.option_length": "{option}: give 1 to {max} characters.",
    "statbank.import.err.per_fixed": "--per cannot change the area or the time.",
    "statbank.import.err.period": (
        "{source}, {where}, column '{column}': the cell is not a period such as 2020K1 (at most "
        "{max} characters)."
    ),
    "statbank.import.err.revision": (
        "{count} stored values of {code} would change (the table was revised). Pass "
        "--accept-revision to replace them."
    ),
    "statbank.import.err.star_total": (
        "Table {table}: {name}=* would add the total {total} to its parts; name the parts "
        "(e.g. {name}=0-99) or the total alone."
    ),
    "statbank.import.err.table_unknown": (
        "{file}: cannot tell the table from the file name; give it: kvarterkort statbank "
        "import TABLE --file FILE."
    ),
    "statbank.import.err.unknown_cell": (
        "{source}, {where}, column '{column}': '{cell}' is neither a code nor a text of the table."
    ),
    "statbank.import.err.unselected": (
        "{source}: {name} has several codes ({codes}); choose with --select {name}=CODES "
        "(or * for all of them)."
    ),
    "statbank.import.err.too_many_cells": (
        "Table {table}: the selection asks for {cells} figures, more than {max}; select fewer "
        "codes (an area or period at a time)."
    ),
}
