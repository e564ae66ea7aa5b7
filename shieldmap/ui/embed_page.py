"""The app's embedded view (``?embed=1``, :mod:`shieldmap.embed`): the URL's ``embed`` value, which
Streamlit keeps out of ``st.query_params`` (it reserves the name for its own ``embed=true``, and never
lets a script set it: the browser's URL keeps it), and the one-line header with the page's chrome hidden.
"""

from __future__ import annotations

import html
from urllib.parse import parse_qs

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from shieldmap import embed
from shieldmap.describe import TITLE
from shieldmap.i18n import _, date_short
from shieldmap.view import View

#: The page around the map in the embedded view: no Streamlit header or toolbar, small margins, and a
#: header of one line whose title gives way (ellipsis) before the date and the link.
CSS = """<style>
[data-testid=stHeader], [data-testid=stToolbar], [data-testid=stDecoration],
[data-testid=stSidebarCollapsedControl] { display: none !important; }
[data-testid=stMainBlockContainer] { padding: 0.25rem 0.5rem 0 !important; max-width: 100% !important; }
[data-testid=stMain] { overflow-x: hidden; }
.shieldmap-embed-head { display: flex; align-items: baseline; gap: 0.6em; white-space: nowrap; min-width: 0;
  font: 15px/24px system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a; }
.shieldmap-embed-head strong { overflow: hidden; text-overflow: ellipsis; min-width: 0; flex: 0 1 auto; }
.shieldmap-embed-head span { flex: 0 0 auto; color: #444; }
.shieldmap-embed-head a { flex: 0 0 auto; margin-left: auto; color: #0b57b3; min-height: 24px; }
</style>"""


def url_params() -> dict[str, str]:
    """The URL's parameters as ``st.query_params.to_dict()`` gives them, with ``embed`` when the URL has it
    (read from the run's query string)."""
    params = st.query_params.to_dict()
    ctx = get_script_run_ctx()
    found = parse_qs(ctx.query_string if ctx is not None else "", keep_blank_values=True).get("embed")
    if found:
        params["embed"] = found[-1]
    return params


def page_query(view: View) -> dict[str, str]:
    """What the script writes into the URL: the view's query less ``embed``, which stays as the URL has it."""
    query = view.to_query()
    query.pop("embed", None)
    return query


def header(view: View) -> None:
    """The embedded view's one line: the title, the date and a link to the full view (a new tab)."""
    link = html.escape("?" + embed.full_query(view), quote=True)
    title, opens = html.escape(_(TITLE)), html.escape(_("Open the full map ↗"))
    st.markdown(CSS + f'<div class="shieldmap-embed-head"><strong>{title}</strong>'
                f'<span>{html.escape(date_short(view.as_of))}</span>'
                f'<a href="{link}" target="_blank" rel="noopener">{opens}</a></div>',
                unsafe_allow_html=True)
