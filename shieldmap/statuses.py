"""Statuses at a date grouped for symbols and charts: in place, planned, rejected.

Shared by the publication figure and the Analysis charts (no heavy imports).
"""

from __future__ import annotations

IN_PLACE = frozenset({"delivered", "on duty", "operational", "technical capability"})
PLANNED = frozenset({"announced", "planned", "site chosen", "agreement signed", "agreement in force",
                     "under construction", "proposed"})
REJECTED = frozenset({"rejected"})


def status_group(status) -> str | None:
    """``in place``, ``planned`` or ``rejected`` for a status (None: not applicable, e.g. ``member``)."""
    if not isinstance(status, str):
        return None
    if status in REJECTED:
        return "rejected"
    if status in IN_PLACE:
        return "in place"
    if status in PLANNED or "planned" in status:
        return "planned"
    return None
