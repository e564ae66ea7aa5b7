"""The map in words in the app (issue 24, point 2): the view's text description
(:func:`shieldmap.describe.describe`, from the app's cached layers) in the page, and in the map's frame
(a group that sets the frame's title and the region its map is described by)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from shieldmap import describe as words
from shieldmap import i18n
from shieldmap.i18n import _
from shieldmap.ui import map_frame
from shieldmap.ui.below_state import BelowState
from shieldmap.ui.hot import hot
from shieldmap.ui.text import literal
from shieldmap.view import LayerOptions, View
from shieldmap.web import access


@hot(256)
@st.cache_resource(show_spinner=False, max_entries=256)  # a frozen Description: shared, never copied
def _description(static: Path, digest: str, as_of: dt.date, ids: tuple[str, ...], options: LayerOptions,
                 lang: str) -> words.Description:
    """The description in ``lang`` (part of the cache's key: the text is in it), from the app's cached layers."""
    from shieldmap.ui import cache

    def built_at(day: dt.date) -> dict:
        return cache.layers(static, digest, cache.layer_date(digest, day), options, lang)["built"]

    built_now = built_at(as_of)
    with i18n.language(lang):
        return words.describe_view(as_of, {i: built_now[i] for i in ids}, cache.seeds(digest).events, built_at)


def describe(view: View, digest: str | None, static: Path) -> words.Description | None:
    """The description of ``view`` in the current language (from the layers the app caches under ``static``);
    None without seeds."""
    if digest is None:
        return None
    return _description(static, digest, view.as_of, view.layers, view.options, i18n.current())


def with_description(groups: list, view: View, described: words.Description | None) -> list:
    """``groups`` with the description's group before the map's report that it drew (which stays last)."""
    if described is None:
        return groups
    title = words.frame_title(view.as_of, view.layers)
    group = map_frame.MapGroup(("description", title, described.text),
                               lambda: access.description_group(title, described.text))
    at = len(groups) - 1 if groups and groups[-1] is map_frame.REPORT_DRAWN else len(groups)
    return [*groups[:at], group, *groups[at:]]


def in_page(described: words.Description | None) -> None:
    """The description under the map, folded."""
    if described is None:
        return
    box = st.expander(_("The map in words"), key=BelowState.words_open.name, on_change="rerun")  # folded, it sends nothing
    if not box.open:
        return
    with box:
        for part in (described.summary, *described.paragraphs):
            st.markdown(literal(part))
