"""Terms the seed reader (:mod:`geo.seeds`) and its cross-file checks (:mod:`geo.seed_checks`)
share: the site layers, the least precision of a region point, a membership's feature id.

Its own module so that the checks need nothing from the reader (no import cycle).
"""

from __future__ import annotations

#: A point that stands for a region must be uncertain by at least this much: the
#: smallest region used (the Brdy military district) reaches ~20 km from its point.
#: Each region's own reach is stated in the row's note (e.g. Grodno region ~190 km).
REGION_MIN_PRECISION_KM = 20.0
SITE_LAYERS = frozenset({"s300_belarus", "romania_interceptor", "epaa", "russian_sites", "nato_sites"})


def membership_feature_id(org: str, country: str) -> str:
    """The feature id of a membership row, e.g. ``("CSTO", "Armenia") -> "csto-armenia"``.

    ``statuses.csv`` keys a membership status (``frozen``) by this id.
    """
    return f"{org.lower()}-{country.lower().replace('.', '').replace(' ', '-')}"
