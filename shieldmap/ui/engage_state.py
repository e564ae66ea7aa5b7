"""The one owner of the engagement panel's own session keys (:mod:`shieldmap.ui.engage_panel`, and its
Footprint button, :mod:`shieldmap.ui.footprint_panel`): each declared once, read as :data:`engage_keys`'s typed
attributes, drawn with ``EngageState.<name>.name``. What the panel draws (the path, the interceptor, the
altitude, the timeline, the sites, the footprint) is the view's (:mod:`shieldmap.ui.session`)."""

from __future__ import annotations

from shieldmap.ui.state_key import Key


class EngageState:
    open = Key[bool]("engage_open", False)  # the panel's expander
    launch = Key[str | None]("engage_from", None)  # the launch place chosen (not drawn until "Draw the path")
    target = Key[str | None]("engage_to", None)
    draw = Key[bool]("engage_draw", False)  # the buttons
    footprint = Key[bool]("engage_footprint", False)
    clear = Key[bool]("engage_clear", False)

    @staticmethod
    def chart_key(index: int) -> str:
        """The key of the ``index``-th path's chart of the burnout speeds needed."""
        return "engage_chart" if index == 0 else f"engage_chart_{index}"

    @staticmethod
    def table_key(index: int) -> str:
        """The key of the ``index``-th path's table."""
        return "engage_table" if index == 0 else f"engage_table_{index}"


engage_keys = EngageState()
