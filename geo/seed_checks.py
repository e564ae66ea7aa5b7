"""The checks of the seed files that look across rows and files: references to sources,
features and Natural Earth names, overlapping memberships, site layers, the precision of
region points, one default range figure per system. Called by :func:`geo.seeds.load_seeds`
once every file has parsed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.borders import names as border_names
from geo.seed_terms import FACT_KEYS, REGION_MIN_PRECISION_KM, SITE_LAYERS, membership_feature_id, record_key
from geo.texts import N_, TextError


def cross_check(frames: dict[str, pd.DataFrame], problems: list, schemas: dict) -> None:
    """Append a ``file:line: problem`` (a :class:`TextError`) to ``problems`` for each fault between rows or files;
    ``schemas``: :data:`geo.seeds.SCHEMAS` (file name and columns of each frame)."""
    source_ids = set(frames["sources"].index)
    _check_cited_sources(frames, schemas, source_ids, problems)
    _check_status_features(frames, problems)
    _check_countries(frames["memberships"], problems)
    _check_membership_overlaps(frames["memberships"], problems)
    _check_site_layers(frames["sites"], problems)
    for name in ("sites", "events"):
        _check_region_precision(frames[name], schemas[name].file, problems)
    _check_ranges(frames["ranges"], problems)
    _check_system_names(frames["sites"], problems)
    check_quotes(frames["quotes"], source_ids, problems)
    check_quote_keys(frames["quotes"], {name: frames[name] for name in FACT_KEYS if name in frames}, problems)
    _check_story(frames["story"], frames["events"], problems)


def _check_cited_sources(frames: dict[str, pd.DataFrame], schemas: dict, source_ids: set, problems: list) -> None:
    """Every source a file with a ``sources`` column cites is in ``sources.csv``."""
    for name, schema in schemas.items():
        if "sources" not in schema.columns:
            continue
        for _, row in frames[name].iterrows():
            for sid in row["sources"] or ():
                if sid not in source_ids:
                    problems.append(TextError(N_("{file}:{line}: cites unknown source {id}"), file=schema.file,
                                              line=row["_line"], id=repr(sid)))


def _check_status_features(frames: dict[str, pd.DataFrame], problems: list) -> None:
    """A status is of a site, a sector or a membership."""
    memberships = {membership_feature_id(o, c) for o, c in zip(frames["memberships"]["org"], frames["memberships"]["country"])}
    features = set(frames["sites"].index) | set(frames["sectors"].index) | memberships
    for _, row in frames["statuses"].iterrows():
        if row["feature"] not in features:
            problems.append(TextError(N_("statuses.csv:{line}: unknown feature {id} (not in sites.csv or sectors.csv, "
                                         "nor a membership such as csto-armenia)"), line=row["_line"], id=repr(row["feature"])))


def _check_countries(memberships: pd.DataFrame, problems: list) -> None:
    """A member country and its territories are Natural Earth names (the borders drawn for it)."""
    countries = border_names()
    for _, row in memberships.iterrows():
        for name in (row["country"], *(row["territories"] or ())):
            if name not in countries:
                problems.append(TextError(N_("memberships.csv:{line}: country {name} is not a Natural Earth name in "
                                             "geo/data"), line=row["_line"], name=repr(name)))


def _check_membership_overlaps(memberships: pd.DataFrame, problems: list) -> None:
    """A country's memberships of one organisation follow each other (one ends before the next starts)."""
    for org, group in memberships.groupby("org"):
        for country, spans in group.groupby("country"):
            spans = spans.sort_values("start")
            previous_end, previous_line = None, None
            for _, row in spans.iterrows():
                if previous_line is not None and (previous_end is None or row["start"] < previous_end):
                    problems.append(TextError(N_("memberships.csv:{line}: {org} membership of {country} overlaps line "
                                                 "{other}"), line=row["_line"], org=org, country=country,
                                              other=previous_line))
                previous_end, previous_line = row["end"], row["_line"]


def _check_site_layers(sites: pd.DataFrame, problems: list) -> None:
    """A site is on one of the site layers."""
    for _, row in sites.iterrows():
        if row["layer"] not in SITE_LAYERS:
            problems.append(TextError(N_("sites.csv:{line}: layer {layer} is not one of {known}"), line=row["_line"],
                                      layer=repr(row["layer"]), known=", ".join(sorted(SITE_LAYERS))))


def _check_region_precision(frame: pd.DataFrame, file: str, problems: list) -> None:
    """A point that stands for a region has a precision that covers a region."""
    for _, row in frame.iterrows():
        if row["stands_for"] == "region" and row["precision_km"] < REGION_MIN_PRECISION_KM:
            problems.append(TextError(N_("{file}:{line}: a region point needs precision_km >= {least} covering the "
                                         "region, found {found}"), file=file, line=row["_line"],
                                      least=f"{REGION_MIN_PRECISION_KM:g}", found=f"{row['precision_km']:g}"))


def _check_story(story: pd.DataFrame, events: pd.DataFrame, problems: list) -> None:
    """The story's steps are numbered 1, 2, ... in file order, each of a known event, on that event's date."""
    for expected, (_, row) in enumerate(story.iterrows(), start=1):
        at = f"story.csv:{row['_line']}"
        if row["step"] != expected:
            problems.append(TextError(N_("{at}: step {step} out of order: steps are numbered 1, 2, ... in file order"),
                                      at=at, step=row["step"]))
        if row["event"] not in events.index:
            problems.append(TextError(N_("{at}: unknown event {id} (not in events.csv)"), at=at, id=repr(row["event"])))
        elif row["date"] != events.at[row["event"], "date"]:
            problems.append(TextError(N_("{at}: date {date} is not the date of {event} ({its})"), at=at, date=row["date"],
                                      event=row["event"], its=events.at[row["event"], "date"]))


def _check_system_names(sites: pd.DataFrame, problems: list) -> None:
    """A system has one Russian name (``system_ru``) wherever ``sites.csv`` names it, and has one where it has a name."""
    first: dict[str, tuple] = {}
    for _, row in sites.iterrows():
        if not row["system"] or "system_ru" not in sites.columns:
            continue
        russian = row["system_ru"] if isinstance(row["system_ru"], str) else ""
        if not russian:
            problems.append(TextError(N_("sites.csv:{line}: system {system} has no system_ru"), line=row["_line"],
                                      system=repr(row["system"])))
            continue
        name, line = first.setdefault(row["system"], (russian, row["_line"]))
        if russian != name:
            problems.append(TextError(N_("sites.csv:{line}: system_ru {value} for {system} differs from line {other} "
                                         "({first})"), line=row["_line"], value=repr(russian),
                                      system=repr(row["system"]), other=line, first=repr(name)))


def _check_ranges(ranges: pd.DataFrame, problems: list) -> None:
    """Service spans in order; a figure is sourced or says ``unsourced``; at any date at most one default
    figure per system (defaults of one system must not overlap in service)."""
    low, high = dt.date.min, dt.date.max
    defaults: dict[str, list] = {}
    for _, row in ranges.iterrows():
        at = f"ranges.csv:{row['_line']}"
        start, end = row["in_service_from"] or low, row["in_service_to"] or high
        if end <= start:
            problems.append(TextError(N_("{at}: in_service_to {end} is not after in_service_from {start}"), at=at,
                                      end=row["in_service_to"], start=row["in_service_from"]))
        if bool(row["sources"]) == (row["claimant"] == "unsourced"):
            problems.append(TextError(N_("{at}: a figure cites a source, or has claimant 'unsourced' and no source "
                                         "(not both)"), at=at))
        for system in row["systems"] if row["default"] else ():
            for other_line, (o_start, o_end) in defaults.get(system, []):
                if start < o_end and o_start < end:
                    problems.append(TextError(N_("{at}: a second default figure for {system} in service at the same "
                                                 "dates (line {other}); a system has one default at any date"), at=at,
                                              system=repr(system), other=other_line))
            defaults.setdefault(system, []).append((row["_line"], (start, end)))


def check_quotes(quotes: pd.DataFrame, source_ids: set, problems: list) -> None:
    """Each row of ``quotes.csv`` is either a source's words (a known ``source``, the ``quote``, the date it was
    ``accessed``; a ``translation`` and a ``copy`` note only with a quote) or our inference (``inferred``, no source)."""
    for _, row in quotes.iterrows():
        at = f"quotes.csv:{row['_line']}"
        if row["source"] and row["source"] not in source_ids:
            problems.append(TextError(N_("{at}: unknown source {id} (not in sources.csv)"), at=at, id=repr(row["source"])))
        if row["inferred"]:
            if row["source"] or row["quote"]:
                problems.append(TextError(N_("{at}: a row is a source's quote or an inference ('inferred'), not both"),
                                          at=at))
        elif not (row["source"] and row["quote"] and row["accessed"]):
            problems.append(TextError(N_("{at}: a quote needs its source, its words and the date it was accessed "
                                         "(or the row is an inference: 'inferred')"), at=at))
        if (row["translation"] or row["copy"]) and not row["quote"]:
            problems.append(TextError(N_("{at}: a translation or a copy note belongs to a quote"), at=at))


def check_quote_keys(quotes: pd.DataFrame, tables: dict[str, pd.DataFrame], problems: list) -> None:
    """A row of ``quotes.csv`` about one of ``tables`` (stem -> its frame) names a record of it."""
    for name, table in tables.items():
        keys = {record_key(name, row) for _, row in table.iterrows()}
        for _, row in quotes[quotes["table"] == name].iterrows():
            if row["key"] not in keys:
                problems.append(TextError(N_("quotes.csv:{line}: no record {key} in {file}.csv (key: {columns})"),
                                          line=row["_line"], key=repr(row["key"]), file=name,
                                          columns="|".join(FACT_KEYS[name])))
