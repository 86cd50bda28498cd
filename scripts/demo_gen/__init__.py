"""Building blocks of the Kvarterkort demo-data generator (scripts/generate_demo.py).

Everything produced here is SYNTHETIC. Real inputs (DAGI boundaries, OSM library points) only
anchor the fake data in a recognisable Aalborg geography.
"""
