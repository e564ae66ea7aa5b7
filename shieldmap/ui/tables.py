"""Tables as the reader sees them, in the current language: column headings, layer titles, Russian names
where the data has them (``name_ru``), status and change words. The data (and every download) keeps its
column names and values; only what is shown changes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from shieldmap import i18n
from shieldmap.i18n import N_, _, translate
from shieldmap import seed_texts
from shieldmap.web import webmap

HEADINGS = {"layer": N_("layer"), "id": N_("id"), "name": N_("name"), "status": N_("status"), "start": N_("start"),
            "end": N_("end"), "precision_km": N_("precision (km)"), "sources": N_("sources"), "change": N_("change"),
            "status_before": N_("status before"), "status_after": N_("status after"), "property": N_("property"),
            "value": N_("value"), "title": N_("title"), "outlet": N_("outlet"), "date": N_("date"),
            "url": N_("link"), "report": N_("report"), "says": N_("the source says"), "quotes": N_("the sources say"),
            # the engagement table (shieldmap engage's columns)
            "site_name": N_("site"), "system": N_("system"), "closest_km": N_("closest (km)"),
            "downrange_km": N_("downrange (km)"), "time_min": N_("time (min)"), "altitude_km": N_("altitude (km)"),
            "interceptor": N_("interceptor"), "interceptor_burnout_kms": N_("interceptor burnout (km/s)"),
            "claimed_by": N_("claimed by"), "verdict": N_("verdict"),
            "window_s": N_("window (s)"), "latest_launch_s": N_("latest launch (s)"),
            "earliest_launch_s": N_("earliest launch (s)"), "needed_kms": N_("speed needed (km/s)"), "why": N_("why"),
            "intercept_time_s": N_("intercept at (s)"), "intercept_altitude_km": N_("intercept altitude (km)"),
            "intercept_ground_km": N_("intercept distance (km)"),
            "horizon_km": N_("radar horizon (km)"), "visible_min": N_("visible from (min)")}
"""Column -> its heading (translated where shown)."""
WORDS = ("status", "change", "status_before", "status_after", "verdict")
"""Columns whose values are words of a vocabulary (statuses, added/removed/status), translated where shown."""
DATES = ("start", "end")
"""Columns of ISO dates: in another language shown as dates in its notation (:func:`headings`), still sortable."""


def shown(frame: pd.DataFrame, cite=None) -> pd.DataFrame:
    """A copy of ``frame`` for display: no ``id`` column (ids are the data's, not the reader's), layer titles,
    the sources as their outlets and dates (``cite(ids)``: their citation records; without it the column goes),
    blank cells for what does not apply; in Russian, Russian names and translated words."""
    frame = frame.drop(columns=[c for c in ("id", *(() if cite else ("sources",))) if c in frame.columns])
    if "layer" in frame.columns:
        frame["layer"] = frame["layer"].map(lambda i: webmap.title(i) if i in webmap.ALL_LAYERS else i)
    if "sources" in frame.columns:
        frame["sources"] = frame["sources"].map(lambda ids: "; ".join(
            dict.fromkeys(seed_texts.cited(c) for c in cite(ids))) if isinstance(ids, str) and ids else "")
    if i18n.current() != i18n.DEFAULT:
        local = f"name_{i18n.current()}"
        if "name" in frame.columns and local in frame.columns:
            frame["name"] = [other if isinstance(other, str) and other else name
                             for name, other in zip(frame["name"], frame[local])]
        for column in set(WORDS) & set(frame.columns):
            frame[column] = frame[column].map(translate)
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(lambda v: "" if v is None or v != v else v)
    if i18n.current() != i18n.DEFAULT:
        for column in set(DATES) & set(frame.columns):
            frame[column] = pd.to_datetime(frame[column].replace("", None), errors="coerce", format="%Y-%m-%d")
    return frame


def headings(frame: pd.DataFrame, **config) -> dict:
    """``column_config`` giving each column its heading in the current language (``config`` overrides)."""
    dated = i18n.current() != i18n.DEFAULT  # shown() made them dates: written as the date widgets write them
    found = {c: st.column_config.DateColumn(_(HEADINGS[c]), format=i18n.widget_date()) if dated and c in DATES
             else st.column_config.Column(_(HEADINGS[c])) for c in frame.columns if c in HEADINGS}
    return {**found, **config}
