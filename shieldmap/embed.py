"""The embedded view (issue 24, point 3): ``?embed=1`` shows the map alone under a one-line header (title,
date, a link to the full view), for an ``<iframe>`` in an article. :func:`snippet` is the ``<iframe>`` the
app's "Embed this view" box gives; the app's address is the citation's (``--url``/``$SHIELDMAP_BASE_URL``:
:func:`shieldmap.citation.base_url`).
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

from shieldmap.describe import frame_title
from shieldmap.view import View

MAP_HEIGHT = 480
"""The map's height in the embedded view, in CSS pixels."""
FRAME_HEIGHT = 560
"""The snippet's iframe height: the one-line header, the map and the page's margins."""


def full_query(view: View) -> str:
    """The query string of the same view, not embedded (the header's link)."""
    return urlencode(view.replace(embed=False).to_query())


def embed_url(view: View, base: str) -> str:
    """The URL of ``view`` embedded, in the app at ``base``."""
    return f"{base}?{urlencode(view.replace(embed=True).to_query())}"


def snippet(view: View, base: str) -> str:
    """The ``<iframe>`` that embeds ``view``: full width of its column, :data:`FRAME_HEIGHT` high, titled."""
    title = html.escape(frame_title(view.as_of, view.layers), quote=True)
    return (f'<iframe src="{html.escape(embed_url(view, base), quote=True)}" title="{title}" '
            f'width="100%" height="{FRAME_HEIGHT}" style="border:0;max-width:100%" loading="lazy"></iframe>')
