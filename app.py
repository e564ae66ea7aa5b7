"""shieldmap: the Streamlit app. It only wires: URL and widgets -> one View -> cached layers -> map, tables, downloads."""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st
from geo.seeds import SeedError, Seeds, seeds_digest
from geo.uploads import worker
from shieldmap import embed, i18n, period
from shieldmap import view as views
from shieldmap.i18n import _
from shieldmap.ui import analysis_tab, below, cache, downloads, map_content, map_frame, session, sidebar, time_controls
from shieldmap.ui import embed_page, engage_panel, heap, map_words, page_state, upload_state, warm, what_if_panel
from shieldmap.ui import widget_words
from shieldmap.ui.run_state import Run
from shieldmap.ui.text import literal
from shieldmap.web import citations, mapkey, server, webmap

STATIC = Path(__file__).resolve().parent / "static"
_STARTED = time.perf_counter()  # the script's own run time is kept for the benchmarks (page_state.ran)


def _seeds() -> Seeds:
    """The seeds; when the seed files do not validate, one message naming them, and the run stops there
    (no layer, panel or control can be made without them)."""
    try:
        return cache.seeds(seeds_digest())
    except (SeedError, OSError) as exc:
        st.title(period.title(views.DEFAULT_AS_OF))
        st.error(_("The seed data does not validate, so no layer can be drawn. Fix the files named below "
                   "(`shieldmap validate` shows the same)."))
        st.code(exc.lines(i18n.explain) if isinstance(exc, SeedError) else str(exc), language=None)  # its language
        st.stop()


def _start(seeds: Seeds, span) -> None:
    """A session's first run: the widgets start from the URL's view (every value checked)."""
    if session.started():
        return
    session.start(*views.from_query(embed_page.url_params(), span, len(time_controls.steps(seeds)),
                                    analysis_tab.figure_ids(seeds)))  # embed too: Streamlit hides it
    what_if_panel.start(seeds)
    time_controls.start(seeds, span)


def _header(view, upload_errors, controls: bool) -> None:
    """The title, the date, and the warnings and errors in a container that always exists, so the map
    keeps its place in the page (a map that moves is remounted by Streamlit's front end, and a remount
    racing the next rerun can leave the map's frame empty)."""
    st.html(mapkey.PAGE_CSS)  # style only: no element in the page
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


def _page() -> None:
    """This session's language for this run (a context variable: each session's own), and the page's settings."""
    i18n.use(session.language())
    st.set_page_config(page_title=_("shieldmap: missile defence in Europe, 2010-2013"), layout="wide",
                       initial_sidebar_state="auto")  # "auto": collapsed on a phone, so the map shows first
def _sidebar(run: Run, controls: bool) -> None:
    """The sidebar's controls (not in the embedded view); before the first report of the map, a note."""
    with st.sidebar:
        if controls:
            sidebar.draw(run)
        else:
            sidebar.waiting()
        # Streamlit's own words in the reader's language; last in the sidebar, so its element moves nothing (and
        # not in the embedded view, which has no Streamlit words and whose one line must sit at the top)
        st.html(widget_words.script(), unsafe_allow_javascript=True)


def _below_the_map(run: Run, changes, shown, described) -> None:
    """What goes under the map once the controls are shown (not in the embedded view)."""
    map_words.in_page(described)
    time_controls.compare_table(changes, run.view, lambda ids: citations.resolve(run.seeds, ids))
    engage_panel.table(run.view, run.digest)
    downloads.draw(run.view, run.digest, shown.exported, shown.uploads_shown)
    below.tabs(run, shown.exported)


def _run(seeds: Seeds) -> tuple[Run, list[str]]:
    """This run's state: the view the widgets hold (after the session's first run has set them from the URL,
    and Play's next date and a map click have been applied) and the uploads it shows; and a line for each
    upload that could not be added."""
    span = cache.span(seeds.digest)
    _start(seeds, span)
    time_controls.before_widgets(seeds)  # Play's next date; leaving the story
    what_if_panel.take_click()  # a click on the map (the previous run's value) moves the what-if fields
    view = session.view(analysis_tab.default_figures(seeds))
    uploaded, gone = upload_state.files(page_state.uploaded())  # those the server still holds; the rest freed
    user_layers, upload_errors = cache.uploads(STATIC, uploaded)  # each file read once
    return Run(STATIC, seeds, span, view, tuple(user_layers)), gone + upload_errors


def main() -> None:
    """One run. The map is sent first, the controls after it (issue 14): a new visitor's first run stops
    after the map; once the map has drawn its layers it says so (map_frame.REPORT_DRAWN), and that rerun
    adds the controls ("Show the controls" does the same by hand). The values are locals, not module
    globals: a callback defined at module level would keep a run's namespace alive for the collector."""
    _page()
    heap.before_run()  # Streamlit's collection after this run scans only what is new (issue 25)
    cache.static_ready(STATIC)
    run, upload_errors = _run(_seeds())
    controls, view = page_state.controls_shown(), run.view
    if st.query_params.to_dict() != embed_page.page_query(view):
        st.query_params.from_dict(embed_page.page_query(view))

    _header(view, upload_errors, controls)
    if not view.embed:  # the embedded view: the map alone (a story step still sets its date, layers and view)
        time_controls.story_panel(run.seeds)
        time_controls.event_panel(run.seeds, view.as_of)  # after "Jump to an event": the event in full
    changes, time_groups = time_controls.compare(run)
    hypothetical = cache.what_if_layer(run.digest, view.as_of, view.what_if, run.layers["built"])
    shown = map_content.content(run, time_groups, hypothetical)
    legend = st.container()
    if shown.legend and not view.embed:
        legend.html(webmap.legend_html(shown.legend))
    if not view.embed:  # before the map: the slider shows a new date with the heading, not after the map
        _sidebar(run, controls)
    described = map_words.describe(view, run.digest, STATIC)  # the map in words (issue 24.2)
    map_frame.show(view.basemap, map_words.with_description(shown.groups, view, described), key=page_state.MAP,
                   height=embed.MAP_HEIGHT if view.embed else 600, returned_objects=what_if_panel.returned_objects(),
                   static=STATIC, **time_controls.map_view(run.seeds))
    if controls and not view.embed:
        _below_the_map(run, changes, shown, described)
    page_state.ran(_STARTED)


if __name__ == "__main__":  # Streamlit runs this file as __main__, once per rerun
    main()
else:  # `streamlit run app.py` imports it once for its server: its middleware and start-up (shieldmap/web/server.py),
    # healthy once warm (shieldmap/ui/warm.py)
    app = st.App(__file__, middleware=[*warm.middleware(), *server.middleware(STATIC)],
                 lifespan=warm.lifespan(STATIC))
    worker.prestart()  # the upload readers' fork server imports GDAL & co. now, not at the first upload
