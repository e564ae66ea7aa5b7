"""The common feature table every layer returns, and the date logic they share.

Every layer is a GeoDataFrame in EPSG:4326 whose first columns are
:data:`COMMON_COLUMNS`. A record belongs to a date when ``start <= date`` and
(``end`` is empty or ``date < end``), and a site whose status is cancelled
(:data:`geo.seeds.SHOWN_AFTER_END`) on and after its end too (drawn crossed); a status that changes over time is the
last one in ``statuses.csv`` whose ``from`` is on or before the date.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections.abc import Sequence

import geopandas as gpd
import pandas as pd
import shapely

from geo.seeds import SHOWN_AFTER_END, Seeds

COMMON_COLUMNS = ["id", "layer", "name", "kind", "status", "start", "end",
                  "sources", "citations", "precision_km", "note"]
#: After the common columns: ``quotes``, the words of the sources that support the feature's records as text (the
#: exports' and tables' form, made by :func:`quotes_text`), and ``support``, the same as records
#: (:meth:`geo.seeds.Seeds.support`) for the popups; ``support`` stays out of every file (:data:`INTERNAL_COLUMNS`).
SUPPORT_COLUMNS = ["quotes", "support"]
INTERNAL_COLUMNS = ("support",)


def active(start: dt.date | None, end: dt.date | None, as_of: dt.date) -> bool:
    """Whether a record with this span belongs to ``as_of``."""
    return (start is None or start <= as_of) and (end is None or as_of < end)


def change_dates(seeds: Seeds) -> tuple[dt.date, ...]:
    """Every date in the seed tables, sorted: the only days on which a layer can change.

    Every date rule here compares the chosen date with a date of the seeds (``start <= date``,
    ``date < end``, a status's ``from``, an event's date), so between two of these days every
    layer is the same."""
    if seeds.digest not in _CHANGE_DATES:
        _CHANGE_DATES.clear()  # one seed set at a time, in practice
        _CHANGE_DATES[seeds.digest] = _collect_dates(seeds)
    return _CHANGE_DATES[seeds.digest]


_CHANGE_DATES: dict[str, tuple[dt.date, ...]] = {}


def _collect_dates(seeds: Seeds) -> tuple[dt.date, ...]:
    days: set[dt.date] = set()
    for field in dataclasses.fields(seeds):
        frame = getattr(seeds, field.name)
        if isinstance(frame, pd.DataFrame):
            for values in [frame.index, *(frame[column] for column in frame.columns)]:
                days.update(v for v in values if isinstance(v, dt.date))
    return tuple(sorted(days))


def first_day(text) -> dt.date | None:
    """The first day of a source's date as the seeds give it (``2011-07-15``, ``2012-05`` or ``2023``); None
    when it has none."""
    parts = str(text or "").strip().split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def published_later(text, as_of: dt.date | None) -> bool:
    """Whether a source dated ``text`` (:func:`first_day`) was published after ``as_of``."""
    day = first_day(text)
    return bool(as_of and day and day > as_of)


def layer_date(seeds: Seeds, as_of: dt.date, extra_days=()) -> dt.date:
    """The day whose layers are those of ``as_of``: the last change day on or before it (a day of the
    seeds, or one of ``extra_days``: days on which a rule outside the seeds changes a layer).

    Layers (and their display files) are built and cached per layer date, so the ~70 dates Play
    steps through, or any date a visitor asks for, cost at most one build per change day.
    """
    days = sorted({*change_dates(seeds), *extra_days}) if extra_days else change_dates(seeds)
    index = bisect.bisect_right(days, as_of)
    return days[index - 1] if index else (days[0] - dt.timedelta(days=1) if days else as_of)


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def status_row(seeds: Seeds, feature_id: str, as_of: dt.date) -> pd.Series | None:
    """The feature's last row of ``statuses.csv`` on or before ``as_of`` (None if it has none yet)."""
    current = None
    for row in _statuses_by_feature(seeds).get(feature_id, ()):
        if row["from"] is None or row["from"] <= as_of:
            current = row
    return current


_STATUSES: dict[str, dict] = {}


def _statuses_by_feature(seeds: Seeds) -> dict[str, list[pd.Series]]:
    """Each feature's rows of ``statuses.csv`` in order of ``from`` (an empty one first): once per seed set."""
    if seeds.digest not in _STATUSES:
        _STATUSES.clear()
        ordered = seeds.statuses.sort_values("from", key=lambda s: s.map(lambda d: d or dt.date.min), kind="stable")
        grouped: dict[str, list[pd.Series]] = {}
        for _, row in ordered.iterrows():
            grouped.setdefault(row["feature"], []).append(row)
        _STATUSES[seeds.digest] = grouped
    return _STATUSES[seeds.digest]


def _current_status(seeds: Seeds, feature_id: str, as_of: dt.date) -> tuple[str | None, dt.date | None]:
    """The feature's last row of ``statuses.csv`` on or before ``as_of``: (status, its ``from``)."""
    row = status_row(seeds, feature_id, as_of)
    return (None, None) if row is None else (row["status"], row["from"])


def status_at(seeds: Seeds, feature_id: str, as_of: dt.date) -> str | None:
    """The feature's status at ``as_of`` from ``statuses.csv`` (None if it has none yet)."""
    return _current_status(seeds, feature_id, as_of)[0]


def status_since(seeds: Seeds, feature_id: str, as_of: dt.date) -> dt.date | None:
    """Since when the feature has had its status at ``as_of`` (the ``from`` of that row; None if unknown)."""
    return _current_status(seeds, feature_id, as_of)[1]


def citations(seeds: Seeds, source_ids) -> str:
    """Human-readable citations: ``Title (Outlet, date) URL`` joined by `` | ``, as a bibliography gives them (the
    seed report a source was read in stays in ``sources.csv``)."""
    parts = []
    for record in seeds.source_records(source_ids):
        head = f"{record['title']} ({', '.join(filter(None, [record['outlet'], record['date']]))})"
        parts.append(f"{head} {record['url']}".strip() if record["url"] else head)
    return " | ".join(parts)


def support(seeds: Seeds, *records) -> tuple[dict, ...]:
    """The words that support a feature: those of each ``(table, row)`` of ``records`` (a fact table's stem and
    its seed row; a ``None`` row is left out) in order, each once."""
    found = [item for table, row in records if row is not None for item in seeds.support(table, row)]
    return tuple({repr(sorted(item.items())): item for item in found}.values())


def quotes_text(items) -> str | None:
    """The support as text (English): ``Title: “quote” (English: “...”; read YYYY-MM-DD; copy: ...)`` or
    ``inferred: ...``, joined by `` | ``; None if there is none."""
    parts = []
    for item in items or ():
        if item.get("inferred"):
            parts.append(item["inferred"])
            continue
        notes = [f"English: \u201c{item['translation']}\u201d" if item.get("translation") else None,
                 f"read {item['accessed']}", f"copy: {item['copy']}" if item.get("copy") else None]
        parts.append(f"{item['title']}: \u201c{item['quote']}\u201d ({'; '.join(filter(None, notes))})")
    return " | ".join(parts) or None


def frame(records: list[dict], layer: str, extra_columns: Sequence[str] = ()) -> gpd.GeoDataFrame:
    """A layer's GeoDataFrame with the common columns first, then :data:`SUPPORT_COLUMNS`, EPSG:4326."""
    columns = COMMON_COLUMNS + SUPPORT_COLUMNS + [c for c in extra_columns if c not in COMMON_COLUMNS + SUPPORT_COLUMNS]
    for record in records:
        record.setdefault("layer", layer)
        record["support"] = tuple(record.get("support") or ())
        record["quotes"] = quotes_text(record["support"])
    data = pd.DataFrame(records, columns=columns + ["geometry"], dtype=object)
    geometry = data.pop("geometry")
    for column in data.columns:
        values = data[column].dropna()
        numeric = len(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        if numeric or column == "precision_km":
            data[column] = pd.to_numeric(data[column]).astype("float64")
    result = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(list(geometry), crs="EPSG:4326"), crs="EPSG:4326")
    return result.reset_index(drop=True)


def site_records(seeds: Seeds, layer: str, as_of: dt.date) -> list[dict]:
    """The located sites of one layer present at ``as_of``, as feature records."""
    records = []
    for site_id, row in seeds.sites[seeds.sites["layer"] == layer].iterrows():
        if not active(row["start"], row["end"], as_of) and not (
                active(row["start"], None, as_of) and status_at(seeds, site_id, as_of) in SHOWN_AFTER_END):
            continue
        current = status_row(seeds, site_id, as_of)
        records.append({
            "id": site_id, "name": row["name"], "kind": row["kind"],
            "status": None if current is None else current["status"], "start": iso(row["start"]),
            "end": iso(row["end"]), "sources": ";".join(row["sources"]),
            "citations": citations(seeds, row["sources"]), "precision_km": row["precision_km"],
            "note": row["note"], "system": row["system"], "unit": row["unit"],
            "stands_for": row["stands_for"], "details": row["details"],
            "support": support(seeds, ("sites", row), ("statuses", current)),
            "geometry": shapely.Point(row["lon"], row["lat"]),
        })
    return records


SITE_COLUMNS = ["system", "unit", "stands_for", "details"]


def standing(frame: gpd.GeoDataFrame, as_of: dt.date) -> gpd.GeoDataFrame:
    """The features of a built layer that are still there at ``as_of``: without the sites past their end
    that are drawn only to show they were cancelled (what analysis and the engagement screen count)."""
    if "end" not in frame.columns or not len(frame):
        return frame
    over = frame["end"].map(lambda end: isinstance(end, str) and dt.date.fromisoformat(end) <= as_of)
    return frame[~over.astype(bool)]


def site_layer(seeds: Seeds, layer: str, as_of: dt.date) -> gpd.GeoDataFrame:
    """A point layer built from ``sites.csv`` rows whose ``layer`` is ``layer``."""
    return frame(site_records(seeds, layer, as_of), layer, SITE_COLUMNS)
