"""shieldmap: the Streamlit app. It only wires: URL and widgets -> cached layers -> map, table, downloads."""

from __future__ import annotations

import datetime as dt
import functools
import time
from pathlib import Path

import pandas as pd
import streamlit as st
from geo import export, sectors
from shieldmap.ui import analysis_tab as app_analysis
from shieldmap.ui import state as app_state
from shieldmap.ui import cache, map_frame, time_controls, what_if_panel
from shieldmap.ui.text import literal
from shieldmap.web import citations, mapkey, static_server, webmap
from geo.seeds import SeedError, seeds_digest
from geo.uploads import MAX_BYTES, MAX_FEATURES
from layers.registry import LAYER_IDS, LAYERS

STATIC = Path(__file__).resolve().parent / "static"
FALLBACK_SPAN = (dt.date(2006, 1, 1), dt.date(2016, 12, 31))
DOWNLOADS = [("geojson", "Download GeoJSON"), ("gpkg", "Download GeoPackage"),
             ("kml", "Download KML"), ("csv", "Download CSV")]

_STARTED = time.perf_counter()  # the script's own run time is kept in session_state["script_ms"] (bench/)
ABOUT = """Built from two news reports: Global Security Newswire, 31 Oct 2013 (four S-300 complexes for
Belarus, the Deveselu groundbreaking, the end of the Kremlin's missile-defence working group) and Kommersant,
July 2011 (NATO rejects the "sectoral" missile defence; Rogozin's four sectors: Russia east, the United States
south, Germany north, France west), with dated, sourced facts from public records. Every feature's popup and
table row cites its sources and says how precise its location is: no public source gives a site-level
coordinate for the Belarusian S-300 units, so they stand at towns or regions with a circle of their
uncertainty. The four sectors have no geometry in the source: the map shows an interpretation chosen under
**Sectors** (by default following the Russia/NATO borders, as the source's rule says; or geodesic wedges about the
IGN centre of Europe). Range rings show capability in place at the date; **Show planned capability** adds the
rings of systems announced or being built, labelled planned. Borders are Natural Earth 1:50m as recognised in
2009-2016 (Crimea in Ukraine). Select **Shown features** for the table and details, **Analysis** for coverage,
distances and sectors."""


def _features_table(seeds, exported: dict) -> None:
    """The shown features, and the details and sources of the selected one (all shown as text)."""
    table = pd.concat([frame.drop(columns="geometry") for frame in exported.values()] or [pd.DataFrame()],
                      ignore_index=True)
    if not len(table):
        st.caption("No feature is shown.")
        return
    columns = ["layer", "name", "status", "start", "end", "precision_km", "sources", "id"]
    selection = st.dataframe(table[columns], hide_index=True, on_select="rerun", selection_mode="single-row",
                             key="table", width="stretch")
    rows = selection.selection.rows if selection else []
    if not rows:
        st.caption("Select a row to see the feature's details and sources.")
        return
    feature = table.iloc[rows[0]]
    st.markdown("**Selected feature**")
    details = {k: str(v) for k, v in feature.items() if v is not None and v == v and k != "citations"}
    st.dataframe(pd.DataFrame({"property": list(details), "value": list(details.values())}),
                 hide_index=True, width="stretch")
    sources = pd.DataFrame(citations.resolve(seeds, feature["sources"]))
    sources["url"] = sources["url"].map(lambda u: u if isinstance(u, str) and u.startswith(("http://", "https://")) else None)
    st.dataframe(sources[["title", "outlet", "date", "url", "report"]], hide_index=True, width="stretch",
                 column_config={"url": st.column_config.LinkColumn("link")})


def _init_state(span, seeds) -> None:
    """On a session's first run, the widgets start from the URL."""
    if "as_of" in st.session_state:
        return
    view = app_state.from_query(st.query_params.to_dict(), span)
    st.session_state["as_of"] = view.as_of
    st.session_state["basemap"] = view.basemap
    st.session_state["sectors_model"] = view.sectors
    st.session_state["planned"] = view.planned
    for layer_id in LAYER_IDS:
        st.session_state[f"layer_{layer_id}"] = layer_id in view.layers
    st.session_state["url_warnings"] = view.warnings
    what_if_panel.init(view, seeds)


def _jump_to_event(events: pd.DataFrame) -> None:
    chosen = st.session_state.get("jump")
    if chosen:
        st.session_state["as_of"] = events.at[chosen, "date"]


def _sidebar(seeds, span, layers_now, user_layers) -> None:
    """The controls (inside ``st.sidebar``); their values were read from session_state before the map."""
    st.header("shieldmap")
    st.slider("As of", min_value=span[0], max_value=span[1], key="as_of", format="YYYY-MM-DD",
              help="Borders, memberships and statuses are those of this date.")
    if seeds is not None:
        events = seeds.events.sort_values("date")
        st.selectbox("Jump to an event", [None, *events.index], key="jump", on_change=_jump_to_event, args=(events,),
                     format_func=lambda i: "—" if i is None else f"{events.at[i, 'date']}: {events.at[i, 'name']}")
    time_controls.sidebar(seeds, span)  # Play, the story, Compare
    st.selectbox("Sectors", sectors.MODEL_NAMES, key="sectors_model", format_func=lambda name: sectors.MODELS[name].title,
                 help="How the four proposed sectors are drawn (an interpretation: the source gives no geometry). "
                      "See each sector's popup for the rule.")
    st.checkbox("Show planned capability", key="planned",
                help="Also draw range rings of systems not in place at the date (announced, planned, "
                     "under construction), labelled planned.")
    st.subheader("Layers")
    for layer_id, layer in LAYERS.items():
        count = len(layers_now["built"][layer_id]) if layers_now else 0
        st.checkbox(f"{webmap.swatch_markdown(layer_id)} {layer.title} ({count})", key=f"layer_{layer_id}",
                    help=layer.description, disabled=seeds is None)
    st.subheader("Your own layers")
    st.file_uploader(
        f"GeoJSON, KML, GeoPackage, zipped Shapefile, or CSV with lat/lon or WKT columns "
        f"(up to {MAX_BYTES // 2**20} MiB and {MAX_FEATURES:,} features a file)",
        accept_multiple_files=True, key="uploads")
    for layer, frame, _, messages in user_layers:
        st.checkbox(f"{webmap.swatch_markdown(layer)} {literal(layer.title)} ({len(frame)})",
                    key=f"layer_{layer.id}", value=True, help=literal(" ".join(messages)) or None)
    what_if_panel.sidebar(seeds)
    st.radio("Basemap", list(webmap.BASEMAPS), key="basemap", format_func=webmap.BASEMAPS.get,
             help="The offline basemap needs no network; the tile basemaps do.")


def main() -> None:
    """One run. The page's values are locals, not module globals: Streamlit keeps each session's
    widget callbacks, and a callback defined at module level would keep that run's whole namespace
    alive, for the garbage collector to scan after every run of every session (issue 14)."""
    st.set_page_config(page_title="shieldmap: missile defence in Europe, 2010-2013", layout="wide",
                       initial_sidebar_state="auto")  # "auto": collapsed on a phone, so the map shows first
    cache.static_ready(STATIC)
    try:
        digest = seeds_digest()
        seeds = cache.seeds(digest)
        seed_error = None
    except (SeedError, OSError) as exc:
        seeds, seed_error = None, exc
    span = app_state.data_span(seeds) if seeds is not None else FALLBACK_SPAN
    _init_state(span, seeds)
    time_controls.before_widgets(seeds, span)  # ?story=, ?compare= and Play's next date

    # The map is sent first, the widgets after it (issue 14: the first drawn feature). A browser draws
    # a page's widgets and the map's frame on one thread, so a new visitor's first run sends the page up
    # to the map and stops there; once the map has drawn its layers it says so (map_frame.REPORT_DRAWN),
    # and that rerun adds the controls and the rest ("Show the controls" does the same by hand). The map
    # needs the widgets' values before they are drawn: session_state holds them (from the URL on a
    # session's first run, from the browser on every later one).
    state = st.session_state
    state["controls_shown"] = controls = (bool(state.get("controls_shown")) or map_frame.drawn(state.get("map"))
                                          or seeds is None)
    what_if_panel.take_click()  # a click on the map (the previous run's value) moves the what-if fields
    as_of, sectors_model, planned = state["as_of"], state["sectors_model"], state["planned"]
    figures = tuple(sorted(app_analysis.chosen_figures(seeds).items())) if seeds is not None else ()
    # Layers are built, cached and drawn per change day (the last day on or before as_of on which a seed fact
    # changes): every date between two changes shares them, so Play and a scrubbing visitor hit the cache.
    layers_on = (lambda d: cache.layer_date(digest, d)) if seeds is not None else None
    layers_now = cache.layers(STATIC, digest, layers_on(as_of), figures, planned, sectors_model) if seeds is not None else None
    user_layers, upload_errors = cache.uploads(tuple((f.name, f.getvalue()) for f in state.get("uploads") or ()))

    shown = tuple(i for i in LAYER_IDS if state[f"layer_{i}"])
    view = app_state.ViewState(layers=shown, as_of=as_of, basemap=state["basemap"],
                               sectors=sectors_model, planned=planned, what_if=";".join(what_if_panel.specs()))
    query = {**view.to_query(), **time_controls.query()}
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)

    st.html(mapkey.PAGE_CSS)  # style only: no element in the page
    st.title("Missile defence in Europe, 2010–2013")
    st.caption(f"As of {as_of:%d %B %Y}. Every feature cites its sources; click one for details. "
               "The four sectors are an interpretation (the source gives no geometry).")
    # Messages and the legend sit in containers that always exist, so the map keeps its place in the
    # page whatever is shown above it: a map that moves is remounted by Streamlit's front end, and a
    # remount racing the next rerun can leave the map's frame empty (seen with two bad uploads at once).
    with st.container():
        for warning in st.session_state.get("url_warnings", ()):
            st.warning(literal(warning))
        what_if_panel.messages(forget=controls)
        for error in upload_errors:
            st.error("Could not add an uploaded file: " + literal(error))
        if seed_error is not None:
            st.error("The seed data does not validate, so no layer can be drawn. Fix the files named below "
                     "(`shieldmap validate` shows the same).")
            st.code(str(seed_error), language=None)

    time_controls.story_panel(seeds)
    changes, time_groups = time_controls.compare(  # the date stamp, and the changes drawn over the layers
        (lambda d: cache.layers(STATIC, digest, layers_on(d), figures, planned, sectors_model)["built"]) if layers_now else None,
        as_of, shown)
    groups = []
    if layers_now:
        options = (digest, layers_on(as_of), figures, planned, sectors_model)
        for layer_id in shown:  # rendered once per process and layer at these options (shieldmap/ui/map_frame.py)
            display, uncertainty = layers_now["display"][layer_id]
            groups.append(map_frame.MapGroup(("layer", layer_id, *options), functools.partial(
                webmap.feature_group, layer_id, display, uncertainty, frame=layers_now["built"][layer_id])))
    user_shown = [(layer, frame, display) for layer, frame, display, _ in user_layers
                  if st.session_state.get(f"layer_{layer.id}", True)]
    groups += [map_frame.fixed(webmap.feature_group(layer, display)) for layer, _, display in user_shown] + time_groups
    hypothetical = what_if_panel.layer(seeds, as_of, layers_now["built"]) if layers_now else None
    groups += what_if_panel.map_groups(seeds, hypothetical, others=bool(groups))
    if seeds is not None:  # (kept once the controls are there: the same map, sent as a reference, not again)
        groups.append(map_frame.REPORT_DRAWN)  # last: it waits for every layer above
    legend_ids = [*shown, *(layer for layer, _, _ in user_shown), *what_if_panel.exported(hypothetical)]
    legend = st.container()
    if legend_ids:
        legend.html(webmap.legend_html(legend_ids))
    map_frame.show(view.basemap, groups, key="map", height=600, returned_objects=what_if_panel.returned_objects(),
                   **time_controls.map_view(seeds))
    with st.sidebar:
        if controls:
            _sidebar(seeds, span, layers_now, user_layers)
        else:
            st.header("shieldmap")
            st.caption("The controls appear once the map has drawn its layers.")
            st.button("Show the controls", key="show_controls", on_click=lambda: state.update(controls_shown=True))
    if controls:
        time_controls.compare_table(changes, shown)

        if layers_now:
            exported = {**{i: layers_now["built"][i] for i in shown}, **{layer.id: frame for layer, frame, _ in user_shown},
                        **what_if_panel.exported(hypothetical)}
            st.subheader("Export the shown layers")
            stamp = as_of.isoformat()
            for column, (fmt, label) in zip(st.columns(len(DOWNLOADS)), DOWNLOADS):
                suffix = export.FORMATS[fmt][1]
                column.download_button(label, data=lambda f=fmt: export.export_bytes(exported, f),
                                       file_name=f"shieldmap_{stamp}{suffix}", mime=export.MEDIA_TYPES[fmt],
                                       disabled=not exported, key=f"download_{fmt}", on_click="ignore")
            options = ((f" --sectors {sectors_model}" if sectors_model != sectors.DEFAULT_MODEL else "")
                       + (" --planned" if planned else "") + what_if_panel.cli_flags())
            flags = "".join(f" --figure '{system}={figure}'" for system, figure in figures) + options
            same = f"`shieldmap export --layers {','.join(shown) or '...'} --as-of {stamp}{flags} --out FILE`"
            st.download_button("Download figure (PNG)", key="download_figure", on_click="ignore", disabled=not shown,
                               data=lambda: cache.figure_png(digest, as_of, layers_on(as_of), shown, figures, planned,
                                                             sectors_model, _static=STATIC),
                               file_name=f"shieldmap_figure_{stamp}.png", mime="image/png",
                               help=f"A publication figure of the shown layers (Europe, EPSG:3035): the same bytes as "
                                    f"`shieldmap figure --layers {','.join(shown) or '...'} --as-of {stamp}{flags} "
                                    "--out FILE.png`"
                                    " (SVG and PDF from the command)")
            st.caption(("Your uploaded layers are included. Without them: the same bytes as " if user_shown
                        else "The same bytes as ") + same + ". Made with Natural Earth.")

            # Only the open tab runs (on_change="rerun"): the page draws the map first and stays light.
            about_tab, features_tab, analysis_tab = st.tabs(
                ["About this map", f"Shown features ({sum(map(len, exported.values()))})", "Analysis"],
                key="below", on_change="rerun")
            if about_tab.open:
                about_tab.markdown(ABOUT)
            if features_tab.open:
                with features_tab:
                    _features_table(seeds, exported)
            if analysis_tab.open:
                with analysis_tab:
                    tables = cache.analysis_tables(STATIC, digest, layers_on(as_of), figures, planned, sectors_model,
                                                   what_if_panel.specs())
                    what_if_panel.analysis_summary(tables)
                    app_analysis.render(seeds, tables, as_of, dict(figures), options)


    cache.freeze_heap()
    st.session_state["script_ms"] = (time.perf_counter() - _STARTED) * 1000


if __name__ == "__main__":  # Streamlit runs this file as __main__, once per rerun
    main()
else:  # `streamlit run app.py` imports it once for its server: the map's files compressed once (issue 25)
    app = st.App(__file__, middleware=static_server.middleware(STATIC), lifespan=static_server.lifespan)
