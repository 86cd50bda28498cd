"""Statistics Denmark (Statbank, api.statbank.dk v1): fetch, cache and read official figures.

The package is split so that most of it can be tested without a network or a database:

- `parse` (pure): the CSV and JSON-stat data formats into pandas frames; every problem is a
  StatbankError naming file, row, column. `tableinfo` (pure, re-exported by `parse`): a table's
  variables and codes and the table list as pydantic models, `updated` in Danish time.
- `selection` (pure): `--select VAR=CODES` items, checked against a table's `tableinfo`.
- `client`: the only module that talks HTTP (httpx, with timeouts and a size cap) and keeps
  every answer in a disk cache, so `--offline` can repeat an import without the network.
- `errors`: StatbankError and RevisionError, keyed for the DA/EN message catalogue.

The importer (`areas`, `inputs`, `sums`, `revision`, `importer`) builds on these; its SQL is in
geodata/queries/statbank.py. Tests never go online: they answer the client's requests with
recorded real responses (respx, tests/data/statbank). Statbank data is free to use with the
source given ("Kilde: Danmarks Statistik, Statistikbanken, tabel X"; DST calls this equivalent
to CC BY 4.0).
"""
