"""Citation records for a feature's ``sources`` value, as popups and tables show them.

Seed sources come from ``sources.csv``; an uploaded file cites itself
(``upload:<file>``); a hypothetical site cites the user's input
(:data:`geo.what_if.USER_INPUT`).
"""

from __future__ import annotations

from geo.what_if import USER_INPUT, cite
from shieldmap.i18n import _


def resolve(seeds, ids: str) -> list[dict]:
    """The citation records (id, title, outlet, date, url, report) of a ``;``-separated ``sources`` value."""
    if ids.startswith("upload:"):
        return [{"id": ids, "title": _("Uploaded file {title}").format(title=ids[len("upload:"):]), "outlet": _("your upload"),
                 "date": None, "url": None, "report": None}]
    return [{**record, "title": _(record["title"]), "outlet": _(record["outlet"])} if record["id"] == USER_INPUT
            else record for record in cite(seeds, ids)]
