"""A session key declared once, as a typed attribute of its owner (a panel's ``shieldmap/ui/*_state.py``, see
``docs/architecture.md``, "Session state: who owns which key"): ``owner.attribute`` reads and writes
``st.session_state[name]`` (its default while unset), and ``Owner.attribute.name`` is the key a widget is drawn with."""

from __future__ import annotations

from typing import Any, Generic, TypeVar, overload

import streamlit as st

T = TypeVar("T")


class Key(Generic[T]):
    def __init__(self, name: str, default: T) -> None:
        self.name, self.default = name, default

    @overload
    def __get__(self, owner: None, kind: type) -> Key[T]: ...

    @overload
    def __get__(self, owner: object, kind: type) -> T: ...

    def __get__(self, owner: Any, kind: type) -> Key[T] | T:
        if owner is None:  # on the class: the key itself (its name for a widget)
            return self
        return st.session_state.get(self.name, self.default)

    def __set__(self, owner: object, value: T) -> None:
        st.session_state[self.name] = value

    def setdefault(self, value: T) -> None:
        """A widget's first value (before it is drawn), kept once set."""
        st.session_state.setdefault(self.name, value)

    def forget(self) -> None:
        st.session_state.pop(self.name, None)

    def is_set(self) -> bool:
        return self.name in st.session_state
