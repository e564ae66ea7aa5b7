"""One run's state, handed to the panels as one value: the seeds, the view the widgets hold and what was built
for it (the app's cached layers at the view's change day, the uploads read). Made once per run in ``app.py``,
after the seeds have loaded (a run whose seeds do not load stops before anything is built)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from geo.seeds import Seeds
from shieldmap.ui import cache
from shieldmap.ui.upload_state import UserLayer
from shieldmap.view import View


@dataclass(frozen=True)
class Run:
    static: Path  # the app's static folder (the layer files the map fetches)
    seeds: Seeds
    span: tuple[dt.date, dt.date]  # the dates the seeds cover: the slider's range
    view: View
    uploads: tuple[UserLayer, ...] = ()

    @property
    def digest(self) -> str:
        return self.seeds.digest

    @cached_property
    def day(self) -> dt.date:
        """The change day of the view's date (the last day on or before it on which a seed fact changes): every
        date between two changes shares its layers, so Play and a scrubbing visitor hit the cache."""
        return cache.layer_date(self.digest, self.view.as_of)

    @cached_property
    def layers(self) -> dict:
        """The app's cached layers at the view's date (``built``, ``display``: see :func:`shieldmap.ui.cache.layers`)."""
        return self.layers_at(self.view.as_of)

    def layers_at(self, date: dt.date) -> dict:
        """The cached layers at ``date`` with the view's options, in its language (shared by every session)."""
        return cache.layers(self.static, self.digest, cache.layer_date(self.digest, date), self.view.options,
                            self.view.lang)
