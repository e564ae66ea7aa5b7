"""The sidebar's controls. Their values were read from ``session_state`` (:mod:`shieldmap.ui.session`)
before the map was drawn; here they are drawn, once the map has reported (see app.py)."""

from __future__ import annotations

import streamlit as st

from geo import sectors
from geo.uploads import MAX_BYTES, MAX_FEATURES, MAX_FILES
from layers.registry import LAYERS
from layers.style import RINGS_LAYER
from shieldmap import i18n
from shieldmap.i18n import _
from shieldmap.ui import cache, engage_panel, page_state, session, time_controls, what_if_panel
from shieldmap.ui.run_state import Run
from shieldmap.ui.text import literal
from shieldmap.view import BASEMAPS
from shieldmap.web import webmap


#: A typed date applies on Enter (which would open the calendar) and on Tab out of its last part (issue 34.6):
#: Streamlit's date field takes its value when the focus leaves it, so both leave it (Enter then comes back).
DATE_KEYS_JS = """<script>(function () {
  if (window.shieldmapDateKeys) return;
  window.shieldmapDateKeys = true;
  document.addEventListener('keydown', function (e) {
    var part = e.target, field = part && part.closest && part.closest('[data-testid=stDateInputField]');
    if (!field || part.getAttribute('role') !== 'spinbutton') return;
    var parts = field.querySelectorAll('[role=spinbutton]');
    function leave() {  // as a click outside does: the field sees the focus go to the page
      part.dispatchEvent(new FocusEvent('focusout', {bubbles: true, relatedTarget: document.body}));
      part.blur();
    }
    if (e.key === 'Enter' && !e.altKey) {
      e.preventDefault(); e.stopPropagation();
      leave();
      var button = field.querySelector('[data-testid=stDateInputCalendarButton]');  // the focus stays by the field
      setTimeout(function () { if (button) button.focus({preventScroll: true}); }, 0);
    } else if (e.key === 'Tab' && !e.shiftKey && part === parts[parts.length - 1]) {
      leave();  // the date is taken; the Tab goes on from here
    }
  }, true);
})();</script>"""


def _jump_to_event(dates: dict) -> None:
    chosen = st.session_state.get(session.JUMP)
    if chosen:
        st.session_state[session.AS_OF] = dates[chosen]


def _planned_shown() -> None:
    """Planned capability is drawn as range rings: asking for it shows the rings' layer, else nothing changes."""
    if st.session_state.get(session.PLANNED):
        st.session_state[session.layer_key(RINGS_LAYER)] = True


def _date_controls(seeds, span) -> None:
    session.typed_date()
    st.slider(_("As of"), min_value=span[0], max_value=span[1], key=session.AS_OF, format=i18n.widget_date(),
              help=_("Borders, memberships and statuses are those of this date."))
    st.date_input(_("Or type or pick a date"), min_value=span[0], max_value=span[1], key=session.AS_OF_TYPED,
                  format=i18n.widget_date(), on_change=session.date_typed,
                  help=_("The same date as the slider, to the day (YYYY-MM-DD); Enter applies a typed date."))
    st.html(DATE_KEYS_JS, unsafe_allow_javascript=True)
    dates, labels = cache.event_choices(seeds.digest, i18n.current())
    session.jump_kept(dates)
    st.selectbox(_("Jump to an event"), [None, *dates], key=session.JUMP, on_change=_jump_to_event,
                 args=(dates,), format_func=lambda i: "—" if i is None else labels[i])
    time_controls.sidebar(seeds, span)  # Play, the story, Compare


def _layer_controls(counts: dict[str, int], user_layers) -> None:
    st.selectbox(_("Sectors"), sectors.MODEL_NAMES, key=session.SECTORS,
                 format_func=i18n.fixed(lambda name: _(sectors.MODELS[name].title)),
                 help=_("How the four proposed sectors are drawn (an interpretation: the source gives no geometry). "
                        "See each sector's popup for the rule."))
    st.checkbox(_("Show planned capability"), key=session.PLANNED, on_change=_planned_shown,
                help=_("Also draw range rings of systems not in place at the date (announced, planned, "
                       "under construction), labelled planned; switches the range rings layer on."))
    st.subheader(_("Layers"))
    st.html(webmap.toggle_css([*LAYERS, *(upload.layer for upload in user_layers)], session.layer_key))  # style only
    for layer_id, layer in LAYERS.items():
        st.checkbox(f"{_(layer.title)} ({counts.get(layer_id, 0)})",
                    key=session.layer_key(layer_id), help=layer.description(i18n.current()))
    st.subheader(_("Your own layers"))
    st.file_uploader(
        _("GeoJSON, KML, GeoPackage, zipped Shapefile, or CSV with lat/lon or WKT columns "
          "(up to {files} files at once, {mib} MiB and {features} features a file)").format(
            files=MAX_FILES, mib=MAX_BYTES // 2**20, features=i18n.number(MAX_FEATURES)),
        accept_multiple_files=True, key=page_state.UPLOADS, max_upload_size=MAX_BYTES // 2**20)  # the browser refuses more
    for upload in user_layers:
        st.checkbox(f"{literal(upload.layer.title)} ({len(upload.frame)})", key=session.layer_key(upload.layer.id),
                    value=True, help=literal(" ".join(upload.messages)) or None)


def draw(run: Run) -> None:
    """Every control, inside ``st.sidebar``."""
    st.header("shieldmap")
    language_switch()
    _date_controls(run.seeds, run.span)
    _layer_controls({i: len(frame) for i, frame in run.layers["built"].items()}, run.uploads)
    what_if_panel.sidebar(run.seeds)
    engage_panel.sidebar(run.seeds)
    st.radio(_("Basemap"), list(BASEMAPS), key=session.BASEMAP, format_func=i18n.fixed(lambda name: _(BASEMAPS[name])),
             help=_("The offline basemap needs no network; the tile basemaps do."))


def language_switch() -> None:
    """The interface's language (both names in their own language, so either reader finds it); ?lang= follows."""
    st.segmented_control("Language / Язык", list(i18n.LANGUAGES), key=session.LANG, format_func=lambda code: i18n.LANGUAGES[code],
                         selection_mode="single", required=True)


def waiting() -> None:
    """Before the map has reported: a note and the button that shows the controls by hand."""
    st.header("shieldmap")
    st.caption(_("The controls appear once the map has drawn its layers."))
    st.button(_("Show the controls"), key=page_state.SHOW_CONTROLS, on_click=page_state.show_controls)
