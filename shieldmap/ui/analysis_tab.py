"""The app's analysis section: range-figure choice, charts, the four tables, and "Download analysis".

The tables are shown with human names, percentages and rounded km (:func:`display_table`);
the CSV download is made from the unrounded tables, as ``shieldmap analyze`` writes them.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import analysis
from geo.analysis.distances import NEAREST
from shieldmap import i18n, seed_texts
from shieldmap.i18n import N_, _, translate
from shieldmap.ui import charts, session
from shieldmap.ui.below_state import BelowState, below
from shieldmap.ui.text import code, literal
from shieldmap.view import View, data_span
from shieldmap.web import mapkey

SHOWN = {"coverage": ["site", "hypothetical", "system", "capability", "radius_km", "country", "side", "share",
                      "covered_km2", "reaches_other_side", "figure_confidence", "precision_km"],
         "distances": ["site_name", "hypothetical", "system", "target", "country", "distance_km", "distance_min_km",
                       "distance_max_km", "precision_km", "stands_for", "inside"],
         "sectors": ["model", "sector", "country", "side", "share_of_country", "km2_in_sector", "sector_km2",
                     "sector_status"],
         "sector_models": ["country", "model", "sector", "share_of_country", "side", "km2_in_sector"],
         "proposals": ["name", "proposed_by", "date_proposed", "status", "status_date", "description", "sources"]}
PERCENT = {"share", "share_of_country"}
DATES = ("date_proposed", "status_date")
"""Columns of ISO dates: shown as dates in the reader's notation, still sortable."""
KM = {"radius_km", "covered_km2", "distance_km", "distance_min_km", "distance_max_km", "precision_km",
      "km2_in_sector", "sector_km2"}
LABELS = {"inputs": N_("as typed"), "site_side": N_("side"), "countries": N_("states covered"),
          "capitals_inside": N_("capitals inside"), "site": N_("site"), "site_name": N_("site"),
          "radius_km": N_("range (km)"), "share": N_("share of country"),
          "covered_km2": N_("km² covered"), "reaches_other_side": N_("reaches the other side"),
          "figure_confidence": N_("confidence"), "precision_km": N_("location ± km"), "distance_km": N_("distance (km)"),
          "distance_min_km": N_("at least (km)"), "distance_max_km": N_("at most (km)"),
          "stands_for": N_("location stands for"), "share_of_country": N_("share of country"),
          "km2_in_sector": N_("km² in sector"), "sector_km2": N_("sector km²"), "sector_status": N_("status"),
          "date_proposed": N_("proposed"), "status_date": N_("status since"), "proposed_by": N_("proposed by"),
          "hypothetical": N_("hypothetical"), "system": N_("system"), "capability": N_("capability"),
          "country": N_("country"), "side": N_("side"), "target": N_("target"), "inside": N_("inside"),
          "model": N_("model"), "sector": N_("sector"), "name": N_("name"), "status": N_("status"),
          "description": N_("description"), "sources": N_("sources")}
"""Column headings as shown (the CSV download keeps the column names)."""
TABLES = {"coverage": N_("Coverage of each range ring"), "distances": N_("Distances to the other side's borders"),
          "sectors": N_("The proposed sectors: areas and shares"),
          "sector_models": N_("The sector models compared"), "proposals": N_("The proposals side by side")}


def figure_options(seeds) -> dict[str, list[str | None]]:
    """For each system with a published figure: None first (the default figure in service at the date, or
    no ring if the system has no default), then its figure ids."""
    options: dict[str, list[str | None]] = {}
    for figure_id, row in seeds.ranges.iterrows():
        for system in row["systems"]:
            options.setdefault(system, [None]).append(figure_id)
    return options


def default_figures(seeds) -> dict[str, str | None]:
    """Each system's default range figure id (None: no ring by default)."""
    return {system: ids[0] for system, ids in figure_options(seeds).items()}


def figure_ids(seeds) -> dict[str, set[str]]:
    """Each system's range figure ids (what ``?figures=`` may name)."""
    return {system: {i for i in ids if i} for system, ids in figure_options(seeds).items()}


def _figure_text(seeds, system: str, figure_id: str | None) -> str:
    table = seeds.ranges
    if figure_id is None:
        has_default = any(d and system in s for s, d in zip(table["systems"], table["default"]))
        return _("default: the figure in service at the date") if has_default else _("no ring (no default figure)")
    row = table.loc[figure_id]
    missile = f" ({row['missile']})" if row["missile"] else ""
    sources = row["sources"] or (_("unsourced"),)
    return _("{km} km{missile}, {claimant} {kind}, {confidence} ({source})").format(
        km=i18n.number(row['radius_km'], None), missile=missile,
        claimant=translate(row["claimant"]), kind=translate(row["claim_kind"]),
        confidence=translate(row["confidence"]), source=sources[0])


def _remember(system: str) -> None:
    st.session_state.setdefault(session.FIGURES, {})[system] = st.session_state[BelowState.figure_key(system)]


def csv_bytes(tables: dict[str, pd.DataFrame]) -> bytes:
    """The same CSV as ``shieldmap analyze --out FILE.csv``."""
    with tempfile.TemporaryDirectory() as folder:
        return analysis.write_analysis(tables, Path(folder) / "analysis.csv").read_bytes()


def display_table(name: str, frame: pd.DataFrame, seeds, what_ifs=()) -> pd.DataFrame:
    """The table as shown: site and sector names instead of ids (a hypothetical site by the name its user
    gave, ``what_ifs`` being the view's specs), shares in %, km rounded (a copy)."""
    frame = frame.copy()
    if name == "coverage":
        names = charts.site_names(seeds, what_ifs)
        frame["site"] = frame["site_id"].map(lambda i: names.get(i, i))
    if name == "distances":  # a hypothetical site by its given name (the table's own says HYPOTHETICAL: ...)
        names = charts.site_names(seeds, what_ifs)
        frame["site_name"] = [names.get(i, mapkey.local_name({"name": n})) for i, n in zip(frame["site_id"], frame["site_name"])]
    if name in ("sectors", "sector_models"):
        names = charts.feature_names(seeds)  # the seeds' names; the land no sector holds in words, not its id
        frame["sector"] = [names[i] if i in names else charts.sector_title(holder, model)
                           for i, holder, model in zip(frame["sector"], frame["holder"], frame["model"])]
    if name == "proposals":  # the sources by their outlets and dates, not their ids; dates as dates (sortable)
        frame["sources"] = [charts.cited(seeds, ids if isinstance(ids, (list, tuple)) else str(ids).split(";"))
                            for ids in frame["sources"]]
        for column in DATES:
            frame[column] = pd.to_datetime(frame[column].replace("", None), errors="coerce", format="%Y-%m-%d")
    if "model" in frame.columns:  # a sector model by its title, not its id
        frame["model"] = frame["model"].map(lambda model: mapkey.popup_value("model", model))
    if i18n.current() != i18n.DEFAULT:  # names and words in the reader's language (the CSV keeps the data's)
        for column in {"name", "description"} & set(frame.columns) if name == "proposals" else ():
            frame[column] = [seed_texts.local(row, column) for row in frame.to_dict("records")]
        for column in {"country", "target", "side", "sector_status", "status", "capability", "stands_for",
                       "proposed_by", "figure_confidence"} & set(frame.columns):
            frame[column] = frame[column].map(translate if column not in ("country", "target") else
                                              lambda v: _(v) if v == NEAREST else i18n.country(v))
        if "system" in frame.columns:  # S-400 as Russian writes it (sites.csv system_ru); a hypothetical site's word
            frame["system"] = [seed_texts.system_name(seeds, v) if v in set(seeds.sites["system"]) else translate(v)
                               for v in frame["system"]]
    for column in PERCENT & set(frame.columns):
        frame[column] = (frame[column] * 100).round(1)
    for column in KM & set(frame.columns):
        frame[column] = frame[column].round(0)
    return frame[[c for c in SHOWN[name] if c in frame.columns]]


def numbers_as_text() -> bool:
    """Whether the tables show their numbers as text in the reader's notation: in every language but English,
    where Streamlit's number columns (printf formats, English notation only: ``58.8``, ``10,198``) show them and
    sort them as numbers."""
    return i18n.current() != i18n.DEFAULT


def shown_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (as :func:`display_table` gives it) with its shares and kilometres written in the reader's notation
    (``58,8 %``, ``10 198``) where :func:`numbers_as_text`; an empty cell where there is no number."""
    if not numbers_as_text():
        return frame
    written = {column: (lambda v: i18n.percent(v / 100)) if column in PERCENT else i18n.number
               for column in (PERCENT | KM) & set(frame.columns)}
    return frame.assign(**{column: ["" if pd.isna(v) else write(v) for v in frame[column]]
                           for column, write in written.items()})


def _column_config(frame: pd.DataFrame) -> dict:
    config = {}
    for column in frame.columns:
        label = _(LABELS.get(column, column))
        if column in DATES:
            config[column] = st.column_config.DateColumn(label, format=i18n.widget_date())
        elif column in PERCENT | KM and numbers_as_text():
            config[column] = st.column_config.TextColumn(label, alignment="right")
        elif column in PERCENT | KM:
            config[column] = st.column_config.NumberColumn(label, format="%.1f%%" if column in PERCENT else "%,.0f")
        else:
            config[column] = st.column_config.Column(label)
    return config


def capitals_note(coverage: pd.DataFrame, seeds, what_ifs=()) -> str:
    """Capitals inside each ring, once per ring (the table repeats them on every country row)."""
    rings = coverage.assign(ring=charts.ring_labels(coverage, seeds, what_ifs)).drop_duplicates("ring_id")
    return "  \n".join(f"**{literal(row.ring)}**: {literal(seed_texts.capitals(row.capitals_inside, seeds))}"
                       for row in rings.itertuples())


def _set_date_from_timeline(span) -> None:
    """Callback of the timeline chart: runs before the next script run, so before the slider exists."""
    state = below.timeline
    day = charts.picked_day(state.get("selection") if state else None)
    if day is not None:
        st.session_state[session.AS_OF] = min(max(day, span[0]), span[1])


def render_charts(seeds, tables: dict[str, pd.DataFrame], as_of, what_ifs=()) -> None:
    st.altair_chart(charts.timeline_chart(seeds, as_of), key=BelowState.timeline.name, width="stretch",
                    on_select=functools.partial(_set_date_from_timeline, data_span(seeds)),
                    selection_mode=[charts.PICK_STATUS, charts.PICK_EVENT])
    left, right = st.columns(2)
    if len(tables["coverage"]):
        left.altair_chart(charts.coverage_chart(tables["coverage"], seeds, what_ifs), width="stretch")
    else:
        left.caption(_("No range ring at this date."))
    if len(tables["sectors"]):
        right.altair_chart(charts.sectors_chart(tables["sectors"]), width="stretch")
    else:
        right.caption(_("No proposed sector at this date."))


def what_if_summary(tables: dict[str, pd.DataFrame], specs: tuple[str, ...], seeds) -> None:
    """The hypothetical sites' rows of the analysis, on top of the Analysis tab."""
    if not specs:
        return
    coverage = tables["coverage"]
    rows = coverage[coverage["hypothetical"].astype(bool)] if len(coverage) else coverage
    st.markdown("**" + _("HYPOTHETICAL sites (what if)") + "**: " + _("not recorded sites; their rows below have "
                "`hypothetical` True and capability \"hypothetical\"."))
    if not len(rows):
        st.caption(_("No hypothetical ring covers any state."))
        return
    summary = rows.groupby("ring_id", sort=False).agg(
        site_side=("site_side", "first"), radius_km=("radius_km", "first"),
        countries=("country", lambda c: ", ".join(i18n.country(name) for name in c)),
        capitals_inside=("capitals_inside", "first"),
        reaches_other_side=("reaches_other_side", "any")).reset_index()
    inputs = dict(zip((f"what-if-{i}" for i in range(1, len(specs) + 1)), specs))
    summary.insert(0, "site", summary["ring_id"].map(charts.what_if_names(specs)))
    summary.insert(2, "inputs", summary["ring_id"].map(inputs))
    summary["site_side"] = summary["site_side"].map(translate)
    summary["capitals_inside"] = summary["capitals_inside"].map(lambda names: seed_texts.capitals(names, seeds))
    summary = summary.drop(columns="ring_id")  # the data's id, not the reader's
    summary = shown_numbers(summary)
    st.dataframe(summary, hide_index=True, width="stretch", column_config=_column_config(summary))


def render(seeds, tables: dict[str, pd.DataFrame], view: View) -> None:
    st.caption(_("Geodesic distances (WGS84, pyproj), areas in an equal-area projection (EPSG:6933). "
                 "Range figures are press figures; pick another where sources differ (the rings on the map follow)."))
    options = figure_options(seeds)
    chosen = st.session_state.setdefault(session.FIGURES, {})
    for column, (system, ids) in zip(st.columns(len(options)), options.items()):
        name = seed_texts.system_name(seeds, system)
        column.selectbox(_("Range figure: {system}").format(system=literal(name)), ids, key=BelowState.figure_key(system),
                         index=ids.index(chosen.get(system, ids[0])), on_change=_remember, args=(system,),
                         format_func=i18n.fixed(lambda i, s=system: _figure_text(seeds, s, i)))
    render_charts(seeds, tables, view.as_of, view.what_if)
    for tab, name in zip(st.tabs([_(title) for title in TABLES.values()]), TABLES):
        with tab:
            shown = shown_numbers(display_table(name, tables[name], seeds, view.what_if))
            st.dataframe(shown, hide_index=True, width="stretch", column_config=_column_config(shown))
            if name == "coverage" and len(tables[name]):
                st.markdown(_("Capitals inside each ring:") + "  \n" + capitals_note(tables[name], seeds, view.what_if))
    reach = tables["coverage"].groupby("ring_id")["reaches_other_side"].any() if len(tables["coverage"]) else pd.Series()
    if len(reach):
        st.caption(_("{n} of {total} rings reach into the other side's territory at this date "
                     "(the test behind the 2011 option of independent systems).").format(n=int(reach.sum()),
                                                                                          total=len(reach)))
    st.download_button(_("Download analysis"), data=lambda: csv_bytes(tables), mime="text/csv",
                       file_name=f"shieldmap_analysis_{view.as_of.isoformat()}.csv", key=BelowState.analysis_csv.name,
                       on_click="ignore",
                       help=_("The same numbers as ") + code(view.command("analyze", "FILE.csv")))
