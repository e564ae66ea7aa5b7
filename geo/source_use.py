"""Which records cite each source: the audit behind ``shieldmap sources``.

A source is cited by seed records (sites, statuses, memberships, sectors,
events, range figures, story steps; the engagement files' places, interceptors
and radars), by a sector model's construction (e.g. the IGN centre of Europe
for the ``wedges`` model) or by the analysis's table of proposals.
A source nobody cites, or a citation of an unknown source, is a fault in the
seeds; ``tests/unit/test_seeds.py`` fails on either.
"""

from __future__ import annotations

import pandas as pd

from geo import sectors
from geo.seeds import Seeds

SEED_TABLES = ("sites", "statuses", "memberships", "sectors", "events", "ranges", "story")
COLUMNS = ["id", "records", "cited_by", "single_source_figures", "checked", "title", "outlet", "date", "url"]


def citations(seeds: Seeds) -> dict[str, list[str]]:
    """Source id -> where it is cited (``"sites.csv:12"``, ``"capitals.csv:3"``, ``"sector model wedges"``):
    every seed file of every loader (:mod:`geo.seeds`, :mod:`geo.analysis_seeds`, :mod:`geo.engagement_seeds`)."""
    from geo.analysis_seeds import SCHEMAS as ANALYSIS_FILES, load_analysis_seeds
    from geo.engagement_seeds import SCHEMAS as ENGAGEMENT_FILES, load_engagement

    analysed, engaged = load_analysis_seeds(seeds), load_engagement(seeds=seeds)
    tables = [(f"{name}.csv", getattr(seeds, name)) for name in SEED_TABLES]
    tables += [(schema.file, getattr(analysed, name)) for name, schema in ANALYSIS_FILES.items()]
    tables += [(schema.file, getattr(engaged, name)) for name, schema in ENGAGEMENT_FILES.items()]
    cited: dict[str, list[str]] = {}
    for file, table in tables:
        if "sources" not in table:  # place_groups.csv: its places cite the sources
            continue
        for line, ids in zip(table["_line"], table["sources"]):
            for sid in ids or ():
                cited.setdefault(sid, []).append(f"{file}:{line}")
    for model_name, model in sectors.MODELS.items():
        for sid in model.sources:
            cited.setdefault(sid, []).append(f"sector model {model_name}")
    return cited


def source_table(seeds: Seeds) -> pd.DataFrame:
    """One row per source of ``sources.csv``, and one per unknown cited id (with empty title):
    ``records`` counts the citing records, ``cited_by`` lists them."""
    cited = citations(seeds)
    alone: dict[str, list[str]] = {}  # source id -> the range figures that cite it and nothing else (single-source figures)
    for figure_id, ids in zip(seeds.ranges.index, seeds.ranges["sources"]):
        if ids and len(ids) == 1:
            alone.setdefault(ids[0], []).append(figure_id)
    rows = []
    for sid, source in seeds.sources.iterrows():
        where = cited.get(sid, [])
        rows.append({"id": sid, "records": len(where), "cited_by": "; ".join(where),
                     "single_source_figures": "; ".join(alone.get(sid, [])) or None,
                     "checked": source.get("checked"), "title": source["title"],
                     "outlet": source["outlet"], "date": source["date"], "url": source["url"]})
    for sid in sorted(set(cited) - set(seeds.sources.index)):
        rows.append({"id": sid, "records": len(cited[sid]), "cited_by": "; ".join(cited[sid]),
                     "single_source_figures": None, "checked": None, "title": None, "outlet": None, "date": None, "url": None})
    return pd.DataFrame(rows, columns=COLUMNS)
