"""The uploader's files in a script run: those the server holds, a line for those it no longer holds, and
the session's other files freed.

When the uploader's state names a file the server does not hold (the session expired and was made
again, another backend behind a proxy, a file freed), Streamlit hands the app a ``DeletedFile``: it has no
name, size or content (reading one was an ``AttributeError`` that ended the page, issue 36.7). Those are
left out, with one line asking for the file again; the other files are read as before. Each run also tells
the server's upload store which files the uploader names now, so it frees the rest
(:meth:`shieldmap.web.upload_store.HeldUploads.forget`, issue 36.1).
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import DeletedFile

from layers.registry import Layer
from shieldmap import i18n
from shieldmap.web.upload_store import HeldUploads
from shieldmap.web.webmap import Fetched


@dataclass(frozen=True)
class UserLayer:
    """One uploaded file as the app shows it: its layer (id, title, style), its features (every column, what
    the downloads write), its display file the browser fetches, and the reader's notes (plain text, in the
    language of the run that read it)."""

    layer: Layer
    frame: gpd.GeoDataFrame
    display: Fetched
    messages: tuple[str, ...] = ()


def files(named) -> tuple[list, list[str]]:
    """The uploader's value (``st.session_state``'s list, or None) -> (its files the server holds, the error
    lines for those it does not: one line, in the current language, or none)."""
    named = list(named or ())
    ctx = get_script_run_ctx()
    if ctx is not None and isinstance(ctx.uploaded_file_mgr, HeldUploads):
        ctx.uploaded_file_mgr.forget(ctx.session_id, [file.file_id for file in named])
    held = [file for file in named if not isinstance(file, DeletedFile)]
    gone = len(named) - len(held)
    if not gone:
        return held, []
    if gone == 1:
        return held, [i18n._("the file is no longer on the server; add it again")]
    return held, [i18n.ngettext("{n} file is no longer on the server; add them again",
                                "{n} files are no longer on the server; add them again", gone).format(n=gone)]
