"""The guided tour of ``seeds/story.csv`` (validated by :mod:`geo.seeds`) as steps the front ends show:
the app's Story panel and ``?story=N``, and the story panel of the HTML export.

Step numbers start at 1. Each step sets the map's date, its layers and its view (centre, zoom);
its caption cites the sources listed with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from layers.registry import LAYERS
from shieldmap import i18n, seed_texts


@dataclass(frozen=True)
class Step:
    number: int
    event: str
    title: str
    date: dt.date
    caption: str
    layers: tuple[str, ...]
    center: tuple[float, float]
    zoom: int
    sources: tuple[str, ...]
    citations: tuple[dict, ...]
    translations: tuple[tuple[str, str], ...] = ()  # (field_LANG, text) from the seeds: title_ru, caption_ru

    def local(self, name: str, lang: str | None = None) -> str:
        """The step's ``title`` or ``caption`` in ``lang`` (default: the current language), where the seeds
        have it (events.csv ``name_ru``, story.csv ``caption_ru``); else the English."""
        found = dict(self.translations).get(f"{name}_{lang or i18n.current()}")
        return found or getattr(self, name)

    def citation_text(self) -> str:
        """``Outlet, date; Outlet, date`` for the caption's sources."""
        return "; ".join(seed_texts.cited(c) for c in self.citations)


def story_steps(seeds) -> list[Step]:
    """Every step in order; ``ValueError`` on a layer id the registry does not know."""
    steps = []
    for _, row in seeds.story.sort_values("step").iterrows():
        unknown = [i for i in row["layers"] if i not in LAYERS]
        if unknown:
            raise ValueError(f"story.csv:{row['_line']}: unknown layer id(s) {', '.join(unknown)}")
        steps.append(Step(
            number=int(row["step"]), event=row["event"], title=str(seeds.events.at[row["event"], "name"]),
            date=row["date"], caption=row["caption"], layers=tuple(i for i in LAYERS if i in row["layers"]),
            center=(float(row["lat"]), float(row["lon"])), zoom=int(row["zoom"]), sources=tuple(row["sources"]),
            citations=tuple(seeds.source_records(row["sources"])),
            translations=tuple((key, text) for key, text in (
                ("title_ru", seeds.events.at[row["event"], "name_ru"]), ("caption_ru", row.get("caption_ru")))
                if isinstance(text, str) and text)))
    return steps
