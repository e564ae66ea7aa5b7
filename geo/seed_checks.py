"""The checks of the seed files that look across rows and files: references to sources,
features and Natural Earth names, overlapping memberships, site layers, the precision of
region points, one default range figure per system. Called by :func:`geo.seeds.load_seeds`
once every file has parsed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.borders import names as border_names
from geo.seed_terms import REGION_MIN_PRECISION_KM, SITE_LAYERS, membership_feature_id


def cross_check(frames: dict[str, pd.DataFrame], problems: list[str], schemas: dict) -> None:
    """Append a ``file:line: problem`` line to ``problems`` for each fault between rows or files;
    ``schemas``: :data:`geo.seeds.SCHEMAS` (file name and columns of each frame)."""

    source_ids = set(frames["sources"].index)
    for name, schema in schemas.items():
        if "sources" not in schema.columns:
            continue
        for _, row in frames[name].iterrows():
            for sid in row["sources"] or ():
                if sid not in source_ids:
                    problems.append(f"{schema.file}:{row['_line']}: cites unknown source {sid!r}")
    memberships = {membership_feature_id(o, c) for o, c in zip(frames["memberships"]["org"], frames["memberships"]["country"])}
    features = set(frames["sites"].index) | set(frames["sectors"].index) | memberships
    for _, row in frames["statuses"].iterrows():
        if row["feature"] not in features:
            problems.append(f"statuses.csv:{row['_line']}: unknown feature {row['feature']!r} "
                            "(not in sites.csv or sectors.csv, nor a membership such as csto-armenia)")
    countries = border_names()
    for _, row in frames["memberships"].iterrows():
        for name in (row["country"], *(row["territories"] or ())):
            if name not in countries:
                problems.append(f"memberships.csv:{row['_line']}: country {name!r} is not a Natural Earth name in geo/data")
    for org, group in frames["memberships"].groupby("org"):
        for country, spans in group.groupby("country"):
            spans = spans.sort_values("start")
            previous_end, previous_line = None, None
            for _, row in spans.iterrows():
                if previous_line is not None and (previous_end is None or row["start"] < previous_end):
                    problems.append(f"memberships.csv:{row['_line']}: {org} membership of {country} "
                                    f"overlaps line {previous_line}")
                previous_end, previous_line = row["end"], row["_line"]
    for _, row in frames["sites"].iterrows():
        if row["layer"] not in SITE_LAYERS:
            problems.append(f"sites.csv:{row['_line']}: layer {row['layer']!r} is not one of {', '.join(sorted(SITE_LAYERS))}")
    for name in ("sites", "events"):
        for _, row in frames[name].iterrows():
            if row["stands_for"] == "region" and row["precision_km"] < REGION_MIN_PRECISION_KM:
                problems.append(f"{schemas[name].file}:{row['_line']}: a region point needs precision_km >= "
                                f"{REGION_MIN_PRECISION_KM:g} covering the region, found {row['precision_km']:g}")
    _check_ranges(frames["ranges"], problems)
    events = frames["events"]
    for expected, (_, row) in enumerate(frames["story"].iterrows(), start=1):
        at = f"story.csv:{row['_line']}"
        if row["step"] != expected:
            problems.append(f"{at}: step {row['step']} out of order: steps are numbered 1, 2, ... in file order")
        if row["event"] not in events.index:
            problems.append(f"{at}: unknown event {row['event']!r} (not in events.csv)")
        elif row["date"] != events.at[row["event"], "date"]:
            problems.append(f"{at}: date {row['date']} is not the date of {row['event']} "
                            f"({events.at[row['event'], 'date']})")


def _check_ranges(ranges: pd.DataFrame, problems: list[str]) -> None:
    """Service spans in order; a figure is sourced or says ``unsourced``; at any date at most one default
    figure per system (defaults of one system must not overlap in service)."""
    low, high = dt.date.min, dt.date.max
    defaults: dict[str, list] = {}
    for _, row in ranges.iterrows():
        at = f"ranges.csv:{row['_line']}"
        start, end = row["in_service_from"] or low, row["in_service_to"] or high
        if end <= start:
            problems.append(f"{at}: in_service_to {row['in_service_to']} is not after in_service_from {row['in_service_from']}")
        if bool(row["sources"]) == (row["claimant"] == "unsourced"):
            problems.append(f"{at}: a figure cites a source, or has claimant 'unsourced' and no source (not both)")
        for system in row["systems"] if row["default"] else ():
            for other_line, (o_start, o_end) in defaults.get(system, []):
                if start < o_end and o_start < end:
                    problems.append(f"{at}: a second default figure for {system!r} in service at the same dates "
                                    f"(line {other_line}); a system has one default at any date")
            defaults.setdefault(system, []).append((row["_line"], (start, end)))
