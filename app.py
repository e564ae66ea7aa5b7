"""shieldmap: the Streamlit app. It only wires: URL and widgets -> one View -> cached layers -> map, tables, downloads."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import streamlit as st
from geo.seeds import SeedError, seeds_digest
from geo.uploads import worker
from shieldmap import embed, i18n, period
from shieldmap import view as views
from shieldmap.i18n import _
from shieldmap.ui import analysis_tab, below, cache, downloads, map_content, map_frame, session, sidebar, time_controls
from shieldmap.ui import embed_page, engage_panel, heap, map_words, upload_state, warm, what_if_panel, widget_words
from shieldmap.ui.text import literal
from shieldmap.web import citations, mapkey, server, webmap

STATIC = Path(__file__).resolve().parent / "static"
FALLBACK_SPAN = (dt.date(views.DEFAULT_AS_OF.year, 1, 1), dt.date(views.DEFAULT_AS_OF.year, 12, 31))
"""The slider's span while the seeds do not load (no data to span): the default date's year."""

_STARTED = time.perf_counter()  # the script's own run time is kept in session_state["script_ms"] (bench/)


def _load_seeds():
    """(seeds, digest, None), or (None, None, the error) when the seed files do not validate."""
    try:
        digest = seeds_digest()
        return cache.seeds(digest), digest, None
    except (SeedError, OSError) as exc:
        return None, None, exc


def _start(seeds, span) -> None:
    """A session's first run: the widgets start from the URL's view (every value checked)."""
    if session.started():
        return
    steps = len(time_controls.steps(seeds)) if seeds is not None else 0
    figure_ids = analysis_tab.figure_ids(seeds) if seeds is not None else {}
    session.start(*views.from_query(embed_page.url_params(), span, steps, figure_ids))  # embed too: Streamlit hides it
    what_if_panel.start(seeds)
    time_controls.start(seeds, span)


def _header(view, seed_error, upload_errors, controls: bool) -> None:
    """The title, the date, and the warnings and errors in a container that always exists, so the map
    keeps its place in the page (a map that moves is remounted by Streamlit's front end, and a remount
    racing the next rerun can leave the map's frame empty)."""
    st.html(mapkey.PAGE_CSS)  # style only: no element in the page
    st.html(widget_words.script(), unsafe_allow_javascript=True)  # Streamlit's own words in the reader's language
    if view.embed:  # ?embed=1: one line above the map, nothing else (issue 24.3)
        embed_page.header(view)
    elif view.story is None:  # the title, the caption and the key follow the date (issue 23); during the story
        # its box above the map says the step, its date and its sources, and the map stays in view (issue 34.4)
        st.title(period.title(view.as_of))
        st.caption(_("As of {date}.").format(date=i18n.date_long(view.as_of)) + f" {period.period_note(view.as_of)} "
                   + _("Every feature cites its sources; click one for details. The four sectors are an interpretation "
                       "(the source gives no geometry)."))
    with st.container():
        hint = None if view.embed else period.coverage_hint(view.layers, view.as_of)
        if hint:
            st.info(hint, icon=":material/info:")
        for warning in st.session_state.get(session.URL_WARNINGS, ()):
            st.warning(literal(warning))
        what_if_panel.messages(forget=controls)
        for error in upload_errors:
            st.error(_("Could not add an uploaded file: ") + literal(error))
        if seed_error is not None:
            st.error(_("The seed data does not validate, so no layer can be drawn. Fix the files named below "
                       "(`shieldmap validate` shows the same)."))
            st.code(str(seed_error), language=None)


def _page() -> None:
    """This session's language for this run (a context variable: each session's own), and the page's settings."""
    i18n.use(session.language())
    st.set_page_config(page_title=_("shieldmap: missile defence in Europe, 2010-2013"), layout="wide",
                       initial_sidebar_state="auto")  # "auto": collapsed on a phone, so the map shows first
def _sidebar(seeds, span, controls, layers_now, user_layers) -> None:
    """The sidebar's controls (not in the embedded view); before the first report of the map, a note."""
    with st.sidebar:
        if controls:
            counts = {i: len(frame) for i, frame in layers_now["built"].items()} if layers_now else {}
            sidebar.draw(seeds, span, counts, user_layers)
        else:
            sidebar.waiting(st.session_state)


def _below_the_map(seeds, view, digest, layers_now, changes, shown, described) -> None:
    """What goes under the map once the controls are shown (not in the embedded view)."""
    map_words.in_page(described)
    time_controls.compare_table(changes, view, lambda ids: citations.resolve(seeds, ids))
    if layers_now:
        engage_panel.table(view, digest)
        downloads.draw(view, digest, shown.exported, shown.uploads_shown)
        below.tabs(seeds, view, digest, STATIC, shown.exported)


def main() -> None:
    """One run. The map is sent first, the controls after it (issue 14): a new visitor's first run stops
    after the map; once the map has drawn its layers it says so (map_frame.REPORT_DRAWN), and that rerun
    adds the controls ("Show the controls" does the same by hand). The values are locals, not module
    globals: a callback defined at module level would keep a run's namespace alive for the collector."""
    _page()
    heap.before_run()  # Streamlit's collection after this run scans only what is new (issue 25)
    cache.static_ready(STATIC)
    seeds, digest, seed_error = _load_seeds()
    span = cache.span(digest) if seeds is not None else FALLBACK_SPAN
    _start(seeds, span)
    time_controls.before_widgets(seeds)  # Play's next date; leaving the story
    state = st.session_state
    state["controls_shown"] = controls = (bool(state.get("controls_shown")) or map_frame.drawn(state.get("map"))
                                          or seeds is None)
    what_if_panel.take_click()  # a click on the map (the previous run's value) moves the what-if fields
    view = session.view(analysis_tab.default_figures(seeds))
    # Layers are built, cached and drawn per change day (the last day on or before the date on which a seed
    # fact changes): every date between two changes shares them, so Play and a scrubbing visitor hit the cache.
    layers_at = (lambda d: cache.layers(STATIC, digest, cache.layer_date(digest, d), view.options, view.lang)) if seeds else None
    layers_now = layers_at(view.as_of) if layers_at else None
    uploaded, gone = upload_state.files(state.get("uploads"))  # those the server still holds; the rest freed
    user_layers, upload_errors = cache.uploads(STATIC, uploaded)  # each file read once
    if st.query_params.to_dict() != embed_page.page_query(view):
        st.query_params.from_dict(embed_page.page_query(view))

    _header(view, seed_error, gone + upload_errors, controls)
    if not view.embed:  # the embedded view: the map alone (a story step still sets its date, layers and view)
        time_controls.story_panel(seeds)
        time_controls.event_panel(seeds, view.as_of)  # after "Jump to an event": the event in full
    changes, time_groups = time_controls.compare((lambda d: layers_at(d)["built"]) if layers_at else None, view)
    hypothetical = cache.what_if_layer(digest, view.as_of, view.what_if, layers_now["built"]) if layers_now else None
    shown = map_content.content(view, seeds, digest, cache.layer_date(digest, view.as_of) if seeds else None,
                                layers_now, user_layers, time_groups, hypothetical)
    legend = st.container()
    if shown.legend and not view.embed:
        legend.html(webmap.legend_html(shown.legend))
    if not view.embed:  # before the map: the slider shows a new date with the heading, not after the map
        _sidebar(seeds, span, controls, layers_now, user_layers)
    described = map_words.describe(view, digest, STATIC)  # the map in words (issue 24.2)
    map_frame.show(view.basemap, map_words.with_description(shown.groups, view, described), key="map",
                   height=embed.MAP_HEIGHT if view.embed else 600, returned_objects=what_if_panel.returned_objects(),
                   static=STATIC, **time_controls.map_view(seeds))
    if controls and not view.embed:
        _below_the_map(seeds, view, digest, layers_now, changes, shown, described)
    st.session_state["script_ms"] = (time.perf_counter() - _STARTED) * 1000


if __name__ == "__main__":  # Streamlit runs this file as __main__, once per rerun
    main()
else:  # `streamlit run app.py` imports it once for its server: its middleware and start-up (shieldmap/web/server.py),
    # healthy once warm (shieldmap/ui/warm.py)
    app = st.App(__file__, middleware=[*warm.middleware(), *server.middleware(STATIC)],
                 lifespan=warm.lifespan(STATIC))
    worker.prestart()  # the upload readers' fork server imports GDAL & co. now, not at the first upload
