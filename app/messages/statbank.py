"""Words of the Statistics Denmark connector (geodata/statbank: parse, selection, client).

`statbank.err.*` are the keys of its StatbankErrors; the importer's own words are in
app/messages/statbank_import.py. A located CSV error names file, row and column as the
table-import errors do.
"""

DA = {
    "statbank.err.csv_encoding": "{file}: filen er hverken UTF-8 eller Windows-1252-tekst.",
    "statbank.err.csv_empty": "{file}: filen er tom.",
    "statbank.err.csv_header": (
        "{file}, række {row}: overskriften '{header}' skal have variabelkolonner og en "
        "værdikolonne, fx OMRÅDE;TID;INDHOLD."
    ),
    "statbank.err.csv_duplicate": "{file}, række {row}: kolonnen '{column}' findes to gange.",
    "statbank.err.csv_value_last": (
        "{file}, række {row}: værdikolonnen '{column}' skal være den sidste kolonne."
    ),
    "statbank.err.csv_fields": (
        "{file}, række {row}: forventede {expected} felter, fandt {found}."
    ),
    "statbank.err.csv_code": "{file}, række {row}, kolonne '{column}': koden er tom.",
    "statbank.err.csv_value": (
        "{file}, række {row}, kolonne '{column}': '{value}' er ikke et tal "
        "(Statistikbanken skriver '..' for manglende værdier)."
    ),
    "statbank.err.csv_mixed_decimal": (
        "{file}, række {row}, kolonne '{column}': '{value}' har decimalpunktum, mens andre "
        "værdier har decimalkomma."
    ),
    "statbank.err.csv_line": "{file}, række {row}: linjen kan ikke læses ({reason}).",
    "statbank.err.jsonstat": "{file}: ikke et JSON-stat 1.x-datasæt ({problem}).",
    "statbank.err.jsonstat_value": "{file}, værdi {position}: '{value}' er ikke et tal.",
    "statbank.err.format": "Danmarks Statistik sendte et uventet svar ({what}).",
    "statbank.err.unknown_variable": (
        "Tabel {table} har ingen variabel '{name}'. Dens variable er: {choices}."
    ),
    "statbank.err.unknown_code": (
        "Tabel {table}, variabel {variable}: ukendte koder ({count}): {codes}. "
        "Gyldige koder er fx {choices}."
    ),
    "statbank.err.ambiguous_text": (
        "Tabel {table}, variabel {variable}: '{text}' er teksten til flere koder ({codes}); "
        "angiv koden."
    ),
    "statbank.err.select_syntax": (
        "{option} '{item}': der mangler VARIABEL= foran koderne. Skriv fx ALDER=65-99,IALT "
        "eller KØN=*."
    ),
    "statbank.err.select_empty": (
        "{option} '{item}': en kode er tom. Skriv fx ALDER=65-99,IALT eller KØN=*."
    ),
    "statbank.err.select_backwards": (
        "{option} '{item}': intervallet {range} går baglæns; skriv det mindste tal først."
    ),
    "statbank.err.select_range_size": (
        "{option} '{item}': intervallet {range} giver mere end {max} koder."
    ),
    "statbank.err.redirect": (
        "{host} sendte videre til {target}; kun videresendelser inden for samme adresse følges. "
        "Er API'et flyttet, så ret KVARTERKORT_STATBANK_URL."
    ),
    "statbank.err.select_code_length": ("{option} '{item}': en kode er længere end {max} tegn."),
    "statbank.err.select_too_many": "{option} '{item}': mere end {max} koder for én variabel.",
    "statbank.err.select_variables": "{option} '{item}': mere end {max} variable.",
    "statbank.err.not_cached": (
        "{method} {url} findes ikke i mellemlageret {cache}. Kør kommandoen én gang uden "
        "--offline for at hente svaret."
    ),
    "statbank.err.cache": "Kan ikke skrive i Statistikbankens mellemlager {cache}: {reason}.",
    "statbank.err.timeout": (
        "{host} svarede ikke inden for {seconds} sekunder. Prøv igen senere, eller brug "
        "--offline for at svare fra mellemlageret."
    ),
    "statbank.err.unreachable": (
        "Kunne ikke få forbindelse til {host}. Tjek netværket og KVARTERKORT_STATBANK_URL, "
        "eller brug --offline for at svare fra mellemlageret."
    ),
    "statbank.err.api": (
        "Danmarks Statistik afviste forespørgslen (HTTP {status}, {code}): {detail}"
    ),
    "statbank.err.http": "Danmarks Statistik svarede HTTP {status} på {url}.",
    "statbank.err.too_big": (
        "Svaret på {url} er større end {max_bytes} byte. Vælg færre koder, eller hæv "
        "KVARTERKORT_STATBANK_MAX_BYTES."
    ),
    "statbank.err.lang": "Sproget '{lang}' findes ikke i Statistikbanken; brug da eller en.",
    "statbank.err.table_id": (
        "'{table}' er ikke et tabelnavn fra Statistikbanken som FOLK1A eller STRAF42."
    ),
}

EN = {
    "statbank.err.csv_encoding": "{file}: the file is neither UTF-8 nor Windows-1252 text.",
    "statbank.err.csv_empty": "{file}: the file is empty.",
    "statbank.err.csv_header": (
        "{file}, row {row}: the header '{header}' needs variable columns and a value column, "
        "e.g. OMRÅDE;TID;INDHOLD."
    ),
    "statbank.err.csv_duplicate": "{file}, row {row}: the column '{column}' appears twice.",
    "statbank.err.csv_value_last": (
        "{file}, row {row}: the value column '{column}' must be the last column."
    ),
    "statbank.err.csv_fields": "{file}, row {row}: expected {expected} fields, found {found}.",
    "statbank.err.csv_code": "{file}, row {row}, column '{column}': the code is empty.",
    "statbank.err.csv_value": (
        "{file}, row {row}, column '{column}': cannot read '{value}' as a number "
        "(Statbank writes '..' for missing values)."
    ),
    "statbank.err.csv_mixed_decimal": (
        "{file}, row {row}, column '{column}': '{value}' has a decimal point while other "
        "values have a decimal comma."
    ),
    "statbank.err.csv_line": "{file}, row {row}: cannot read the line ({reason}).",
    "statbank.err.jsonstat": "{file}: not a JSON-stat 1.x dataset ({problem}).",
    "statbank.err.jsonstat_value": "{file}, value {position}: '{value}' is not a number.",
    "statbank.err.format": "Statistics Denmark sent an unexpected answer ({what}).",
    "statbank.err.unknown_variable": (
        "Table {table} has no variable '{name}'. Its variables are: {choices}."
    ),
    "statbank.err.unknown_code": (
        "Table {table}, variable {variable}: unknown codes ({count}): {codes}. "
        "Valid codes include {choices}."
    ),
    "statbank.err.ambiguous_text": (
        "Table {table}, variable {variable}: '{text}' is the text of several codes ({codes}); "
        "give the code."
    ),
    "statbank.err.select_syntax": (
        "{option} '{item}': VARIABLE= is missing in front of the codes. Write e.g. "
        "ALDER=65-99,IALT or KØN=*."
    ),
    "statbank.err.select_empty": (
        "{option} '{item}': a code is empty. Write e.g. ALDER=65-99,IALT or KØN=*."
    ),
    "statbank.err.select_backwards": (
        "{option} '{item}': the range {range} runs backwards; write the smaller number first."
    ),
    "statbank.err.select_range_size": (
        "{option} '{item}': the range {range} gives more than {max} codes."
    ),
    "statbank.err.redirect": (
        "{host} redirected to {target}; only redirects within the same address are followed. "
        "If the API moved, set KVARTERKORT_STATBANK_URL."
    ),
    "statbank.err.select_code_length": (
        "{option} '{item}': a code is longer than {max} characters."
    ),
    "statbank.err.select_too_many": "{option} '{item}': more than {max} codes for one variable.",
    "statbank.err.select_variables": "{option} '{item}': more than {max} variables.",
    "statbank.err.not_cached": (
        "{method} {url} is not in the cache {cache}. Run the command once without --offline "
        "to fetch it."
    ),
    "statbank.err.cache": "Cannot write the Statbank cache {cache}: {reason}.",
    "statbank.err.timeout": (
        "{host} did not answer within {seconds} seconds. Try again later, or use --offline "
        "to answer from the cache."
    ),
    "statbank.err.unreachable": (
        "Could not reach {host}. Check the network and KVARTERKORT_STATBANK_URL, or use "
        "--offline to answer from the cache."
    ),
    "statbank.err.api": (
        "Statistics Denmark refused the request (HTTP {status}, {code}): {detail}"
    ),
    "statbank.err.http": "Statistics Denmark answered HTTP {status} to {url}.",
    "statbank.err.too_big": (
        "The answer to {url} is larger than {max_bytes} bytes. Select fewer codes, or raise "
        "KVARTERKORT_STATBANK_MAX_BYTES."
    ),
    "statbank.err.lang": "Statbank has no language '{lang}'; use da or en.",
    "statbank.err.table_id": "'{table}' is not a Statbank table id such as FOLK1A or STRAF42.",
}
