"""Terms the seed reader (:mod:`geo.seeds`) and its cross-file checks (:mod:`geo.seed_checks`)
share: the site layers, the least precision of a region point, a membership's feature id.

Its own module so that the checks need nothing from the reader (no import cycle).
"""

from __future__ import annotations

from geo.texts import N_

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


#: The words of the seeds' ``kind`` columns (sites.csv, events.csv) and of proposals.csv's ``proposed_by``, marked
#: for the catalogue (shown translated in popups and tables; ``tests/unit/test_i18n.py`` fails on a seed value
#: missing here). The seed reader does not restrict them: a new word shows in English until it is added.
SITE_KINDS = (N_("air and missile defence battery (temporary)"), N_("air-defence battalion"),
              N_("air-defence battalions"), N_("air-defence battery (rotational)"), N_("air-defence brigade garrison"),
              N_("air-defence complexes"), N_("air-defence missile system"), N_("air-defence missile system (exercise)"),
              N_("command and control"), N_("early-warning radar"), N_("forward-based radar"),
              N_("missile-defence interceptor site"), N_("naval base"), N_("planned interceptor site (2007-2009 plan)"),
              N_("planned radar site (2007-2009 plan)"), N_("ship at sea (rotational)"),
              N_("short-range ballistic missile system"))
EVENT_KINDS = (N_("agreement"), N_("announcement"), N_("appointment"), N_("ceremony"), N_("conference"),
               N_("construction"), N_("decision"), N_("deployment"), N_("meeting"), N_("proposal"), N_("report"),
               N_("statement"), N_("summit"))
PROPOSERS = (N_("Russia"), N_("Russia (President Medvedev)"), N_("Russia (envoy Rogozin)"))


#: The fact tables (seed file stems) whose records carry the words that support them (``quotes.csv``), and the
#: columns whose values, joined by ``|``, make a record's key there (a date as YYYY-MM-DD, an empty one empty).
FACT_KEYS = {"sites": ("id",), "statuses": ("feature", "status", "from"), "ranges": ("id",), "events": ("id",),
             "sectors": ("id",), "proposals": ("id",), "memberships": ("org", "country", "start"), "radars": ("id",),
             "places": ("id",), "capitals": ("name",), "interceptors": ("id",), "timeline": ("id",),
             "intercept_limits": ("id",)}
#: A fact table's figure column: a quote of such a record must contain the figure (``tests/unit/test_quotes.py``).
FIGURE_COLUMNS = {"ranges": "radius_km", "interceptors": "burnout_kms", "radars": "value", "timeline": "value_s",
                  "intercept_limits": "value_km"}
INFERRED_PREFIX = "inferred: "


def record_key(table: str, row) -> str:
    """The key of a fact record in ``quotes.csv``, e.g. ``statuses`` -> ``"deveselu|operational|2016-05-12"``."""
    def cell(value) -> str:
        if value is None or value != value:
            return ""
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "|".join(cell(row[column]) for column in FACT_KEYS[table])


#: Each sector model's parameters in ``sector_models.csv`` (the names of its dataclass fields), the default first.
SECTOR_PARAMETERS: dict[str, tuple[str, ...]] = {
    "russian_depiction": ("poland_east_of_lon", "norway_north_of_lat", "sweden_north_of_lat", "finland_north_of_lat",
                          "west_of_lon", "south_of_lat", "edge_band_deg"),
    "alliance_borders": ("west_of_lon", "south_of_lat", "edge_band_deg"),
    "wedges": ("centre_lat", "centre_lon"),
}
