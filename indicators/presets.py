"""Ready-made configurations that reproduce published indices.

The English Index of Multiple Deprivation is the reference: its method (exponential transform
of domain ranks, fixed domain weights) is exactly an ``imd_exponential`` profile with
``normalise_weights: false`` (the published weights sum to 99.9 %, and the official score uses
them as they are). ``tests/test_indicators_imd.py`` checks all 33,755 LSOAs of IoD2025.
"""

from __future__ import annotations

from indicators.profile import Profile
from indicators.profile_io import PROFILE_DIR, load_profile

IMD_PROFILE = PROFILE_DIR / "imd2025_england.yaml"


def imd_profile() -> Profile:
    """The IMD 2025 (England) profile: official domain ranks in, IMD score and rank out."""
    return load_profile(IMD_PROFILE)
