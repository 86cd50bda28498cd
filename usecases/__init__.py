"""Use cases: the ranking and venue questions answered once for routes, CLI, tiles and cache.

Each module takes a Session and a parameter object and returns result objects or frames.
Nothing here imports `app` (words and formatters are handed over).
"""
