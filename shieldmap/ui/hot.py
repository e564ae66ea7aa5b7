"""A dictionary lookup in front of a Streamlit cache, for what every script run asks for several times.

A call to an ``st.cache_resource`` function costs about 0.2-0.4 ms even when it hits: Streamlit
hashes every argument by value and reads the function's signature (``inspect.signature``) on each
call. The app asks for its layers, map groups and seeds a few dozen times a run, which was about a
fifth of a new visitor's server CPU (py-spy, issue 25). :func:`hot` puts ``functools.lru_cache``
in front: a hit is a dictionary lookup on the arguments' own hashes; a miss goes on to Streamlit's
cache, which still computes each key once for every session (its per-key lock) and keeps its own
bounds. Only for ``st.cache_resource`` functions (shared results, never copied) whose arguments
are all hashable and named without a leading underscore.
"""

from __future__ import annotations

import functools
from typing import Any


def hot(maxsize: int):
    """Decorator: ``functools.lru_cache(maxsize)`` over a Streamlit-cached function; ``.clear()`` clears both."""

    def wrap(cached):
        front: Any = functools.lru_cache(maxsize=maxsize)(cached)  # given a .clear() below

        def clear() -> None:
            front.cache_clear()
            cached.clear()

        front.clear = clear
        return front

    return wrap
