"""The one owner of the "What if and measure" panel's session keys (:mod:`shieldmap.ui.what_if_panel`): each
declared once, read and written as :data:`what_if`'s typed attributes, drawn with ``WhatIfState.<name>.name``.

The valid specs themselves are the view's (:data:`shieldmap.ui.session.WHAT_IF`, also in the URL as ``?what_if=``).
"""

from __future__ import annotations

from shieldmap.ui.state_key import Key


class WhatIfState:
    open = Key[bool]("what_if_open", False)  # the panel's expander: folded, it draws no widget and takes no click
    mode = Key[str]("what_if_mode", "off")  # what a map click does: "off", "place", "measure"
    site_name = Key[str]("what_if_name", "")  # the next site's name
    lat = Key[float]("what_if_lat", 0.0)
    lon = Key[float]("what_if_lon", 0.0)
    figure = Key[str | None]("what_if_figure", None)  # a published range figure's id, None: a radius of one's own
    radius = Key[float]("what_if_radius", 1.0)
    side = Key[str | None]("what_if_side", None)  # None: inferred from the state the point lies in
    text = Key[str]("what_if_text", "")  # the typed NAME@LAT,LON,RADIUS_KM (; between several)
    messages = Key[list[str]]("what_if_messages", [])  # one line per refused value (replaced, never changed in place)
    points = Key[list[tuple[float, float]]]("measure_points", [])  # up to two (lat, lon) while measuring
    click_seen = Key[dict | None]("what_if_click_seen", None)  # the last map click taken (each is taken once)
    add = Key[bool]("what_if_add", False)  # the buttons
    remove_all = Key[bool]("what_if_remove_all", False)
    clear_points = Key[bool]("measure_clear", False)

    @staticmethod
    def remove_key(index: int) -> str:
        """The key of the button that removes the ``index``-th site."""
        return f"what_if_remove_{index}"

    def say(self, *lines: str) -> None:
        """Add refused values' lines (shown once, then forgotten)."""
        self.messages = [*self.messages, *lines]


what_if = WhatIfState()
