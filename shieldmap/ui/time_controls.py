"""The app's time controls (Streamlit): Play, the Story and Compare.

Everything goes through the widgets' session state, so the map stays the one Leaflet map of
``app.py`` (fixed key, same base map) and only its feature groups change:

- **Play** steps ``as_of`` through :func:`~shieldmap.ui.time_state.play_dates` (events, and
  monthly between them). A fragment with ``run_every`` ticks at the chosen speed; each tick asks
  for a whole-app rerun with the next date, applied before the slider is drawn. It stops at the end.
- **Story** (``?story=N``): step N sets the date, the layers and the view; Previous/Next.
- **Compare** (``?compare=DATE``): the changes between the two dates (:mod:`geo.diff`) on the map
  and in a table.
"""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import streamlit as st

from geo import diff
from shieldmap import i18n, seed_texts
from shieldmap.i18n import _
from shieldmap.story import Step, story_steps
from shieldmap.ui import session, tables, time_state
from shieldmap.ui.play_state import PlayState, StoryState, play, story
from shieldmap.ui.text import code, link, literal
from shieldmap.ui.map_frame import MapGroup, fixed
from shieldmap.ui.run_state import Run
from shieldmap.view import View
from shieldmap.web import mapkey, popups, time_layers

#: Folds the sidebar when it lies over the page (Streamlit's narrow layout, up to its "md" breakpoint, 768 px:
#: a phone), so the story's first step is what the visitor sees; a wide screen keeps its sidebar.
FOLD_SIDEBAR_JS = """<script>(function () {
  if (!window.matchMedia('(max-width: 768px)').matches) return;
  var button = document.querySelector('[data-testid=stSidebarCollapseButton] button');
  if (button && button.getAttribute('aria-expanded') === 'true') button.click();
})();</script>"""


@st.cache_data(show_spinner=False, max_entries=4)
def _steps(digest: str, _seeds) -> list[Step]:
    return story_steps(_seeds)


@st.cache_data(show_spinner=False, max_entries=4)
def _play_dates(digest: str, _seeds) -> list[dt.date]:
    return time_state.play_dates(_seeds.events["date"])


def steps(seeds) -> list[Step]:
    return _steps(seeds.digest, seeds)


def start(seeds, span) -> None:
    """A session's first run (after :func:`shieldmap.ui.session.start`): the URL's story step sets its
    date and layers; Compare starts a year before the date unless the URL gave one."""
    state = st.session_state
    state.setdefault(session.COMPARE_DATE, max(span[0], state[session.AS_OF] - dt.timedelta(days=365)))
    if state.get(session.STORY) is not None:
        _go(seeds, state[session.STORY])


def before_widgets(seeds) -> None:
    """Call once per run before the sidebar's widgets: the date Play asked for, and leaving the story
    when the date moved away from its step."""
    state = st.session_state
    if play.next_date is not None:
        state[session.AS_OF], play.next_date = play.next_date, None
        if state[session.AS_OF] >= _play_dates(seeds.digest, seeds)[-1]:
            play.playing = False  # the end: stop
    number = state.get(session.STORY)
    if number is not None and state[session.AS_OF] != steps(seeds)[number - 1].date:
        state[session.STORY] = None  # the date was moved away from the step: the story is left


def _go(seeds, number: int) -> None:
    step = steps(seeds)[number - 1]
    state = st.session_state
    if state.get(session.STORY) is None:  # the story starts: remember the view it leaves
        story.before = (session.shown_layers(), state[session.AS_OF])
    state.update({session.STORY: number, session.AS_OF: step.date})
    play.playing = False
    session.show_layers(step.layers)


def _tell(seeds) -> None:
    """"Tell the story": step 1, and the sidebar folds on a phone (:data:`FOLD_SIDEBAR_JS`)."""
    _go(seeds, 1)
    story.fold_sidebar = True


def _close() -> None:
    """Leave the story: the layers and the date shown before it started come back."""
    state = st.session_state
    state[session.STORY] = None
    layers, day = story.before or (None, None)
    StoryState.before.forget()
    if layers is not None:
        session.show_layers(layers)
        state[session.AS_OF] = day


def _play(seeds) -> None:
    state = st.session_state
    if play.playing:
        play.playing = False
        return
    state[session.AS_OF] = time_state.play_start(_play_dates(seeds.digest, seeds), state[session.AS_OF])
    state[session.STORY] = None
    play.playing, play.tick = True, time.monotonic()


def _tick(seeds) -> None:
    """Runs on its own while playing; advances once ``speed`` seconds (twice that on an event's date) have
    passed since the map was last sent (:func:`map_view`). In a full run it does nothing, so every date's
    run reaches the map."""
    i18n.use(session.language())  # a fragment's own run may be in a new thread: this session's language
    state = st.session_state
    speed = time_state.SPEEDS[play.speed or time_state.DEFAULT_SPEED]
    if state[session.AS_OF] in set(seeds.events["date"]):
        speed *= 2  # an event's date stays twice as long
    if play.full_run or not play.playing or time.monotonic() - play.tick < speed:
        return
    play.tick = time.monotonic()
    following = time_state.next_play_date(_play_dates(seeds.digest, seeds), state[session.AS_OF])
    if following is None:
        play.playing = False
    else:
        play.next_date = following
    st.rerun()


def sidebar(seeds, span) -> None:
    """Play/pause and its speed, the story's start, and the Compare date."""
    state = st.session_state
    playing = play.playing
    st.button(_("Pause") if playing else _("Play"), icon=":material/pause:" if playing else ":material/play_arrow:",
              key=PlayState.button.name, on_click=_play, args=(seeds,),
              help=_("Step the date through the timeline's events (and monthly between them); "
                     "Tab to the button, Enter or Space to start or stop."))
    st.segmented_control(_("Play speed"), list(time_state.SPEEDS), key=PlayState.speed.name,
                         default=time_state.DEFAULT_SPEED,
                         format_func=i18n.fixed(_), help=_("Seconds between steps: Slow 2, Normal 1, Fast 0.5"))
    if playing:  # ticks twice per step; _tick keeps the pace and acts only in the fragment's own runs
        play.full_run = True
        try:
            st.fragment(_tick, run_every=time_state.SPEEDS[play.speed or time_state.DEFAULT_SPEED] / 2)(seeds)
        finally:
            play.full_run = False
    st.button(_("Tell the story"), key=StoryState.start.name, on_click=_tell, args=(seeds,),
              help=_("A guided tour in {n} steps, one per event; ?story=N opens step N.").format(n=len(steps(seeds))))
    st.checkbox(_("Compare with another date"), key=session.COMPARE_ON,
                help=_("Show what changed between this date and the as-of date: added, removed, status changed."))
    if state.get(session.COMPARE_ON):
        st.slider(_("Compare with"), min_value=span[0], max_value=span[1], key=session.COMPARE_DATE, format=i18n.widget_date())


def story_panel(seeds) -> None:
    """The current step: date, title, caption with its sources, Previous/Next (above the map)."""
    number = st.session_state.get(session.STORY)
    if number is None:
        return
    all_steps = steps(seeds)
    step = all_steps[number - 1]
    with st.container(border=True, key=StoryState.box.name):
        st.markdown("**" + _("Story, step {number} of {total}: {date}.").format(
            number=number, total=len(all_steps), date=i18n.date_long(step.date)) + f"** {literal(step.local('title'))}")
        st.markdown(literal(step.local("caption")))
        links = [link(c["outlet"], c.get("url")) for c in step.citations]
        st.caption(_("Sources: ") + "; ".join(links))
        back, forward, close = st.columns(3)
        back.button("\u25c0 " + _("Previous"), key=StoryState.back.name, on_click=_go, args=(seeds, number - 1),
                    disabled=number == 1, width="stretch")
        forward.button(_("Next") + " \u25b6", key=StoryState.forward.name, on_click=_go, args=(seeds, number + 1),
                       disabled=number == len(all_steps), width="stretch")
        close.button(_("Close the story"), key=StoryState.close.name, on_click=_close, width="stretch")
        if story.fold_sidebar:  # inside the panel: the map keeps its place
            StoryState.fold_sidebar.forget()
            st.html(FOLD_SIDEBAR_JS, unsafe_allow_javascript=True)


def map_view(seeds) -> dict:
    """``center``/``zoom`` for st_folium: the story step's view (changed in place, no remount), else none.
    Called as the map is sent: Play's next step counts from here."""
    if play.playing:
        play.tick = time.monotonic()
    number = st.session_state.get(session.STORY)
    if number is None:
        return {}
    step = steps(seeds)[number - 1]
    return {"center": step.center, "zoom": step.zoom}


def event_panel(seeds, as_of: dt.date) -> None:
    """After "Jump to an event": the event in full beside the map (its name, date, place, note and sources,
    linked), while the date is the event's (issue 34.4); the select box above shows only the start of it."""
    chosen = st.session_state.get(session.JUMP)
    if chosen is None or chosen not in seeds.events.index:
        return
    row = seeds.events.loc[chosen]
    if row["date"] != as_of:
        return
    record = {"name": row["name"], **{k: row.get(k) for k in row.index if k.startswith("name_")}}
    with st.container(border=True, key=StoryState.event_box.name):
        st.markdown(f"**{literal(i18n.date_long(row['date']))}: {literal(mapkey.local_name(record))}** · "
                    + literal(str(row["place"])))
        note = seed_texts.local(row.to_dict(), "note")
        if isinstance(note, str) and note:
            st.markdown(literal(note))
        cited = seeds.source_records(list(row["sources"]))
        links = [f"[{literal(popups.source_text(c))}]({c['url']})" if str(c.get("url") or "").startswith(
            ("http://", "https://")) else literal(popups.source_text(c)) for c in cited]
        st.caption(_("Sources: ") + "; ".join(links))


def compare(run: Run) -> tuple[pd.DataFrame | None, list]:
    """(the change table or None, the map's groups): the date stamp, and the changes when comparing."""
    view = run.view
    groups = [MapGroup(("date_stamp", view.as_of, view.layers, view.lang),
                       lambda: time_layers.date_stamp(view.as_of, view.layers))]
    if view.compare is None:
        return None, groups
    start, end = sorted((view.compare, view.as_of))
    before, after = run.layers_at(start)["built"], run.layers_at(end)["built"]
    table = diff.diff_layers({i: before[i] for i in view.layers}, {i: after[i] for i in view.layers})
    table.attrs.update(start=start, end=end)
    if len(table):
        groups.append(fixed(time_layers.changes_group(table)))
    return table, groups


def compare_table(table: pd.DataFrame | None, view: View, cite=None) -> None:
    """The changes under the map (``cite(ids)``: the sources' citation records), and the same command line."""
    if table is None:
        return
    start, end = table.attrs["start"], table.attrs["end"]
    st.subheader(_("Changes between the two dates"))
    st.html(time_layers.changes_legend_html(start, end))
    if not len(table):
        st.caption(_("No shown feature changed between {start} and {end}.").format(
            start=i18n.date_long(start), end=i18n.date_long(end)))
    else:
        rows = tables.shown(pd.DataFrame(table[[*diff.COLUMNS, "name_ru"]]), cite)[
            [c for c in diff.COLUMNS if c != "id" and (cite or c != "sources")]]
        st.dataframe(rows, hide_index=True, key=StoryState.changes.name, width="stretch",
                     column_config=tables.headings(rows))
    st.caption(_("The same rows: ") + code(view.command("diff", "FILE.csv")))
