"""Beside the figure's download: the animation of the view (GIF), and the "Cite this view" box.

The animation is rendered only when its button is pressed (a deferred download), once per view, one
at a time per process, a figure between two frames (:mod:`shieldmap.ui.renders`).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from shieldmap import citation, embed, i18n
from shieldmap.i18n import _
from shieldmap.story import story_steps
from shieldmap.ui import cache, renders
from shieldmap.ui.below_state import BelowState
from shieldmap.ui.text import code, literal
from shieldmap.view import DEFAULT_BASEMAP, View


def animated_view(view: View) -> View:
    """What the animation of ``view`` depends on, as the cache's key: the story's layer options alone,
    or the dates, layers and layer options (never the basemap or what-ifs, which it does not draw)."""
    if view.story is not None:
        return View(options=view.options, story=1, lang=view.lang)
    return View(as_of=view.as_of, layers=view.layers, options=view.options, basemap=DEFAULT_BASEMAP,
                compare=view.compare, lang=view.lang)


@st.cache_resource(show_spinner=False, max_entries=64)
def animation_frames(digest: str, view: View) -> tuple[list, list[str]]:
    """:func:`shieldmap.animation.view_frames` of ``view`` (an :func:`animated_view`), once per process:
    the frames' list walks every event and its sources (about 9 ms), and the button is on every run."""
    from shieldmap import animation

    with i18n.language(view.lang):  # the frames' headings and captions
        return animation.view_frames(cache.seeds(digest), view)


def animation_button(view: View, digest: str) -> None:
    """"Download animation (GIF)", rendered when pressed; its help gives the same command line."""
    from shieldmap import animation

    key = animated_view(view)
    frames, args = animation_frames(digest, key)
    what = (_("one frame per story step") if key.story is not None else
            _("the shown layers at each event date from {start} to {end}").format(start=args[1], end=args[3])
            if frames else "")
    st.download_button(_("Download animation (GIF)"), key=BelowState.animation.name, on_click="ignore",
                       disabled=not frames or (key.story is None and not view.layers),
                       data=lambda: renders.animation_gif(digest, key),
                       file_name=f"shieldmap_animation_{view.as_of.isoformat()}.gif", mime="image/gif",
                       help=_("{n} frames, {what}, drawn as the figure (1280×720): the same bytes as "
                              "{command} (MP4 from the command)").format(n=len(frames), what=what,
                                                                        command=code(animation.command(args)))
                       + ". " + renders.busy_note() if frames
                       else _("No event between the compare date (or the first event) and the shown date."))


def page_base() -> str | None:
    """The address this page was opened at, as the links' base (``st.context.url``: the browser's own, right
    behind a proxy too, without the query); None where there is no browser (AppTest): then the setting
    (:func:`shieldmap.citation.base_url`: ``$SHIELDMAP_BASE_URL``, else its default)."""
    here = st.context.url
    if not isinstance(here, str) or not here.startswith(("http://", "https://")):
        return None
    return here.split("?")[0].split("#")[0].rstrip("/") + "/"


def cite_box(view: View, digest: str) -> None:
    """"Cite this view": the view's citation in each format, ready to copy."""
    # Folded, it sends nothing and computes nothing (a rerun on open/close), as the other panels.
    box = st.expander(_("Cite this view"), key=BelowState.cite_open.name, on_change="rerun")
    if not box.open:
        return
    with box:
        step_title = None
        if view.story is not None:
            steps = story_steps(cache.seeds(digest))
            step_title = steps[view.story - 1].title if view.story <= len(steps) else None
        try:
            cited = citation.cite(view, digest, base=page_base(), accessed=dt.date.today(), step_title=step_title)
        except ValueError as exc:  # $SHIELDMAP_BASE_URL is not a URL
            st.error(literal(exc))
            return
        for fmt in citation.FORMATS:  # one after the other (no tabs: the page's tabs stay the three below)
            st.caption(citation.FORMAT_TITLES[fmt])
            st.code(citation.text(cited, fmt), language="json" if fmt == "csl-json" else None, wrap_lines=True)
        st.caption(_("Seed data SHA-256 {digest} (the data's version). The same citation: {command}; the links "
                     "use the address this page was opened at, else ${variable} (default {default}).").format(
            digest=code(digest), command=code(f"{cited.options} --format apa|bibtex|ris|csl-json"),
            variable=citation.BASE_URL_ENV, default=citation.DEFAULT_BASE_URL))


def embed_box(view: View) -> None:
    """"Embed this view": the ``<iframe>`` snippet of the view embedded (``?embed=1``), ready to copy."""
    box = st.expander(_("Embed this view"), key=BelowState.embed_open.name, on_change="rerun")  # folded, it sends nothing
    if not box.open:
        return
    with box:
        try:
            base = citation.base_url(page_base())
        except ValueError as exc:  # $SHIELDMAP_BASE_URL is not a URL
            st.error(literal(exc))
            return
        st.code(embed.snippet(view, base), language="html", wrap_lines=True)
        st.caption(_("Paste it into a web page: the map alone, at any width, under one line with the title, the date "
                     "and a link to this full view; {height} px high (change `height` to taste). The address is the one "
                     "this page was opened at, else ${variable}.").format(height=embed.FRAME_HEIGHT,
                                                                                variable=citation.BASE_URL_ENV))
