"""shieldmap.ui.hot: a hit never reaches Streamlit's cache; a miss computes once; clear() clears both."""

from __future__ import annotations

import streamlit as st

from shieldmap.ui.hot import hot


def test_hits_are_answered_in_front_of_streamlits_cache():
    made, asked = [], []

    @st.cache_resource(show_spinner=False)
    def square(x: int) -> int:
        made.append(x)
        return x * x

    def counted(x: int) -> int:  # what reaches Streamlit's cache
        asked.append(x)
        return square(x)

    counted.clear = square.clear
    front = hot(2)(counted)
    assert [front(3), front(3), front(4), front(3)] == [9, 9, 16, 9]
    assert asked == [3, 4] and made == [3, 4]
    front(5)  # a third key: the least recently used (4) leaves the front, Streamlit still has it
    assert front(4) == 16 and asked == [3, 4, 5, 4] and made == [3, 4, 5]
    front.clear()
    assert front(3) == 9 and made == [3, 4, 5, 3]
