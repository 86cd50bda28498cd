"""Translated UI strings, one module per feature (DA and EN dicts)."""
