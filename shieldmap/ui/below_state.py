"""The one owner of the session keys of what lies under the map (:mod:`shieldmap.ui.below`,
:mod:`shieldmap.ui.analysis_tab`, :mod:`shieldmap.ui.downloads`, :mod:`shieldmap.ui.share`,
:mod:`shieldmap.ui.map_words`): each declared once, read as :data:`below`'s typed attributes, drawn with
``BelowState.<name>.name``. The range figures chosen are the view's (:data:`shieldmap.ui.session.FIGURES`)."""

from __future__ import annotations

from typing import Any

from shieldmap.ui.state_key import Key


class BelowState:
    tabs = Key[Any]("below", None)  # About / Shown features / Analysis: only the open one runs
    features = Key[Any]("table", None)  # the shown features' table (its selected row)
    words_open = Key[bool]("words_open", False)  # "The map in words" (folded, it sends nothing)
    cite_open = Key[bool]("cite_open", False)  # "Cite this view"
    embed_open = Key[bool]("embed_open", False)  # "Embed this view"
    figure_png = Key[bool]("download_figure", False)  # the download buttons
    animation = Key[bool]("download_animation", False)
    analysis_csv = Key[bool]("download_analysis", False)
    timeline = Key[dict | None]("timeline", None)  # the Analysis timeline chart's selection (a click picks a date)

    @staticmethod
    def export_key(fmt: str) -> str:
        """The key of the download button of one export format."""
        return f"download_{fmt}"

    @staticmethod
    def figure_key(system: str) -> str:
        """The key of the Analysis tab's range figure choice of one system."""
        return f"figure_{system}"


below = BelowState()
