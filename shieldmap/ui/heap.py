"""What Streamlit's collection after each script run scans: only what is new since the last full one.

Streamlit runs a full garbage collection after every script run (``runner.postScriptGC``, kept on
as for any Streamlit app: memory stays flat). A full collection scans every object the collector
tracks, so each run of each visitor paid for every *held* session's objects too (about 320 per
session: widget states with their metadata, serializers and bound methods), and a crowd of new
visitors cost more per visitor the more sessions were held (issue 25).

Here, after each full collection (its ``"stop"`` callback), everything that survived it is frozen
(``gc.freeze``): it was reachable a moment ago, so the next full collection scans only what was
allocated since, i.e. the run it follows. An object frozen while alive and later dropped is still
freed at once by reference counting; only *cyclic* garbage among frozen objects (a closed
session's state, say) waits, until :func:`thaw_if_due` puts the frozen objects back
(``gc.unfreeze``) at most every :data:`THAW_SECONDS`, so that the next full collection scans
and reclaims everything once, and freezes what is left. Memory held up is bounded by what
becomes cyclic garbage in that time.
"""

from __future__ import annotations

import gc
import threading
import time

#: At most this long between two full scans of the whole heap (cyclic garbage waits at most this long).
THAW_SECONDS = 60.0
#: At most this many script runs between two full scans of the whole heap (a crowd's garbage waits no longer).
THAW_RUNS = 200

_lock = threading.Lock()
_state = {"installed": False, "thawed_at": 0.0, "runs": 0, "thaws": 0}


def _freeze_survivors(phase: str, info: dict) -> None:
    """``gc.callbacks`` entry: after a full (generation 2) collection, freeze what survived it."""
    if phase == "stop" and info.get("generation") == 2:
        gc.freeze()


def install(now: float | None = None) -> bool:
    """Once per process (later calls do nothing): collect, freeze, and freeze again after every full
    collection from now on. True when this call installed it."""
    with _lock:
        if _state["installed"]:
            return False
        gc.collect()
        gc.freeze()
        gc.callbacks.append(_freeze_survivors)
        _state.update(installed=True, thawed_at=time.monotonic() if now is None else now, runs=0)
        return True


def uninstall() -> None:
    """Back to Python's own behaviour: no freezing after collections, nothing frozen (for tests)."""
    with _lock:
        if _freeze_survivors in gc.callbacks:
            gc.callbacks.remove(_freeze_survivors)
        gc.unfreeze()
        _state.update(installed=False, thawed_at=0.0)


def thaw_if_due(now: float | None = None) -> bool:
    """A script run starts: when the last thaw is :data:`THAW_RUNS` runs or :data:`THAW_SECONDS` old,
    unfreeze everything, so the next full collection (the one after this run) scans the whole heap and
    reclaims cyclic garbage. True if it did."""
    now = time.monotonic() if now is None else now
    with _lock:
        if not _state["installed"]:
            return False
        _state["runs"] += 1
        if _state["runs"] < THAW_RUNS and now - _state["thawed_at"] < THAW_SECONDS:
            return False
        gc.unfreeze()
        _state.update(thawed_at=now, runs=0, thaws=_state["thaws"] + 1)
        return True


def installed() -> bool:
    return bool(_state["installed"])


def before_run(now: float | None = None) -> None:
    """At the start of each script run: install once per process, then thaw when due."""
    if not install(now):
        thaw_if_due(now)
