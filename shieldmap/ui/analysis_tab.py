"""The app's analysis section: range-figure choice, the four tables, and "Download analysis"."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import analysis

FIRST = {"coverage": ["site_id", "capability", "country", "side", "share", "covered_km2", "capitals_inside",
                      "reaches_other_side"],
         "distances": ["site_name", "country", "distance_km", "distance_min_km", "distance_max_km", "precision_km"],
         "sectors": ["model", "holder", "country", "side", "share_of_country", "km2_in_sector", "sector_km2"],
         "sector_models": ["country", "model", "holder", "share_of_country", "side", "km2_in_sector"],
         "proposals": ["name", "date_proposed", "status", "description", "sources"]}
TABLES = {"coverage": "Coverage of each range ring", "distances": "Distances to the other side's borders",
          "sectors": "The proposed sectors: areas and shares",
          "sector_models": "The sector models compared", "proposals": "The proposals side by side"}


def figure_options(seeds) -> dict[str, list[str | None]]:
    """For each system with a published figure: its figure ids, the default first (None: no ring)."""
    options: dict[str, list[str | None]] = {}
    for figure_id, row in seeds.ranges.iterrows():
        for system in row["systems"]:
            options.setdefault(system, [])
            (options[system].insert(0, figure_id) if row["default"] else options[system].append(figure_id))
    for ids in options.values():
        if not seeds.ranges.loc[ids[0], "default"]:
            ids.insert(0, None)
    return options


def chosen_figures(seeds) -> dict[str, str]:
    """The figures picked (kept apart from the widgets, which exist only while the Analysis tab is open)."""
    chosen = st.session_state.setdefault("figures_chosen", {})
    options = figure_options(seeds)
    return {system: value for system, value in chosen.items()
            if system in options and value is not None and value != options[system][0]}


def _remember(system: str) -> None:
    st.session_state["figures_chosen"][system] = st.session_state[f"figure_{system}"]


def csv_bytes(tables: dict[str, pd.DataFrame]) -> bytes:
    """The same CSV as ``shieldmap analyze --out FILE.csv``."""
    with tempfile.TemporaryDirectory() as folder:
        return analysis.write_analysis(tables, Path(folder) / "analysis.csv").read_bytes()


def render(seeds, tables: dict[str, pd.DataFrame], as_of, figures: dict[str, str], extra_flags: str = "") -> None:
    st.caption("Geodesic distances (WGS84, pyproj), areas in an equal-area projection (EPSG:6933). "
               "Range figures are press figures; pick another where sources differ (the rings on the map follow).")
    options = figure_options(seeds)
    chosen = st.session_state.setdefault("figures_chosen", {})
    for column, (system, ids) in zip(st.columns(len(options)), options.items()):
        column.selectbox(f"Range figure: {system}", ids, key=f"figure_{system}",
                         index=ids.index(chosen.get(system, ids[0])), on_change=_remember, args=(system,),
                         format_func=lambda i: "no ring (no default figure)" if i is None else
                         f"{seeds.ranges.at[i, 'radius_km']:g} km, {seeds.ranges.at[i, 'confidence']} confidence "
                         f"({seeds.ranges.at[i, 'sources'][0]})")
    for tab, name in zip(st.tabs(list(TABLES.values())), TABLES):
        with tab:
            frame = tables[name]
            first = [c for c in FIRST[name] if c in frame.columns]
            st.dataframe(frame[first + [c for c in frame.columns if c not in first]], hide_index=True, width="stretch")
    reach = tables["coverage"].groupby("ring_id")["reaches_other_side"].any() if len(tables["coverage"]) else pd.Series()
    if len(reach):
        st.caption(f"{int(reach.sum())} of {len(reach)} rings reach into the other side's territory at this date "
                   "(the test behind the 2011 option of independent systems).")
    flags = " ".join(f"--figure '{s}={f}'" for s, f in figures.items()) + extra_flags
    st.download_button("Download analysis", data=lambda: csv_bytes(tables), mime="text/csv",
                       file_name=f"shieldmap_analysis_{as_of.isoformat()}.csv", key="download_analysis",
                       on_click="ignore",
                       help=f"The same numbers as `shieldmap analyze --as-of {as_of.isoformat()} {flags} --out FILE.csv`")
