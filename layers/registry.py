"""The list of layers: id, title, style, and how to build each; what each shows is in ``seeds/layers.csv``.

Ids are fixed: the CLI, URLs and exports use them. Colours are the Okabe-Ito
colour-blind-safe palette; layers also differ by marker shape or line dash.
There are six point layers and five marker shapes: the S-300 layer and the US
and NATO sites share the triangle and differ by the palette's most contrasting
pair (vermillion, sky blue); a sixth shape in :data:`layers.style.SHAPES` would separate them.
How a layer's features are drawn from these (every renderer) is :mod:`layers.style`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

import geopandas as gpd

from geo import features, sectors
from geo.coverage_seeds import coverage, descriptions
from geo.texts import N_, TextError
from geo.analysis.common import AnalysisLayers
from layers import names
from layers import (csto, engagement_ranges, epaa, european_sectors, events, nato, nato_sites,
                    romania_interceptor, russian_sites, s300_belarus)
from layers.style import NOT_COVERED_COLOR, SECTOR_COLORS  # noqa: F401 (where they were; layers.style owns them)
from layers.style import USER_COLORS


@dataclass(frozen=True)
class Layer:
    id: str
    title: str
    build: Callable[..., gpd.GeoDataFrame]
    geometry: str  # "point" or "polygon"
    color: str
    symbol: str = ""  # marker shape for point layers
    dash: str | None = None  # Leaflet dashArray for polygons
    fill_opacity: float = 0.2
    default: bool = False
    side: str | None = None  # "CSTO" or "NATO" for a site layer: whose site it is (analysis, popups)

    def description(self, lang: str = "en") -> str:
        """What the layer shows, in ``lang`` (``seeds/layers.csv``; English where ``lang`` has no text); empty for
        a layer the file does not describe (an upload)."""
        texts = descriptions().get(self.id, {})
        return texts.get(lang) or texts.get("en", "")

    @property
    def covered_to(self) -> dt.date | None:
        """The last date the layer's seed data were researched to (``seeds/coverage.csv``): later dates show a
        coverage note. None for a layer without a research date."""
        return coverage().get(self.id)


LAYERS: dict[str, Layer] = {layer.id: layer for layer in [
    Layer("s300_belarus", N_("S-300 in Belarus"),
          s300_belarus.build, "point", "#D55E00", symbol="triangle", default=True, side="CSTO"),
    Layer("romania_interceptor", N_("Deveselu interceptor site"),
          romania_interceptor.build, "point", "#0072B2", symbol="square", default=True, side="NATO"),
    Layer("csto", N_("CSTO members"),
          csto.build, "polygon", "#E69F00", dash=None, fill_opacity=0.25, default=True),
    Layer("european_sectors", N_("Proposed sectors (interpretation)"),
          european_sectors.build, "polygon", "#CC79A7", dash="8 6", fill_opacity=0.06, default=True),
    Layer("nato", N_("NATO members"),
          nato.build, "polygon", "#56B4E9", dash="2 4", fill_opacity=0.15),
    Layer("epaa", N_("Other EPAA sites"),
          epaa.build, "point", "#009E73", symbol="diamond", side="NATO"),
    Layer("russian_sites", N_("Russian and Belarusian sites and radars"),
          russian_sites.build, "point", "#CC79A7", symbol="circle", side="CSTO"),
    Layer("nato_sites", N_("US and NATO sites"),
          nato_sites.build, "point", "#56B4E9", symbol="triangle", side="NATO"),
    Layer("events", N_("Timeline events"),
          events.build, "point", "#000000", symbol="star"),
    Layer("engagement_ranges", N_("Engagement ranges"),
          engagement_ranges.build, "polygon", "#F0E442", dash="4 4", fill_opacity=0.05),
]}

#: The hypothetical sites' layer (:mod:`shieldmap.web.what_if_style`): grey, a dash-dot outline no layer above uses.
WHAT_IF_COLOR, WHAT_IF_DASH = "#4D4D4D", "14 5 2 5"

LAYER_IDS = tuple(LAYERS)
DEFAULT_LAYERS = tuple(i for i, layer in LAYERS.items() if layer.default)
#: Site layer id -> "CSTO" or "NATO": whose sites they are.
SITE_SIDES = {i: layer.side for i, layer in LAYERS.items() if layer.side}
DEFAULT_AS_OF = dt.date(2013, 10, 31)


def coverage_changes(directory=None) -> tuple[dt.date, ...]:
    """The days a layer's coverage note starts (the day after each ``covered_to`` of ``seeds/coverage.csv``):
    change days of the built layers beside the seeds' own."""
    return tuple(day + dt.timedelta(days=1) for layer_id, day in coverage(directory).items() if layer_id in LAYERS)


def not_built(*_args, **_kwargs) -> gpd.GeoDataFrame:
    """The ``build`` of a layer drawn with a registry style but not built from the seeds (an upload, the what-ifs)."""
    raise TypeError("this layer is not built from the seeds")


def user_layer(layer_id: str, title: str, index: int = 0) -> Layer:
    """The style of an uploaded layer: circle markers, dotted outlines, a colour from
    :data:`layers.style.USER_COLORS` (every renderer: the web map, the HTML export, the figure)."""
    return Layer(layer_id, title, build=not_built, geometry="mixed",
                 color=USER_COLORS[index % len(USER_COLORS)], symbol="circle", dash="1 4", fill_opacity=0.15)


def _same(text: str) -> str:
    return text


def coverage_note(layer_id: str, as_of: dt.date, translate: Callable[[str], str] = _same) -> str | None:
    """A note when ``as_of`` is past the date the layer's data were researched to (None otherwise);
    ``translate`` puts its words in the reader's language (the front ends pass theirs)."""
    layer = LAYERS.get(layer_id)
    if layer is None or layer.covered_to is None or as_of <= layer.covered_to:
        return None
    return translate(N_("{title}: the data were researched to {year} only; later changes (new units, moves, ends) "
                        "are not recorded, so this layer may be incomplete after {date}.")).format(
        title=translate(layer.title), year=layer.covered_to.year, date=layer.covered_to.isoformat())


def layer_date(seeds, as_of: dt.date) -> dt.date:
    """The day whose built layers are those of ``as_of`` (:func:`geo.features.layer_date`), counting the
    day after each layer's ``covered_to`` (its coverage note starts then) as a change day."""
    return features.layer_date(seeds, as_of, coverage_changes(seeds.directory))


def coverage_notes(ids, as_of: dt.date, translate: Callable[[str], str] = _same) -> list[str]:
    """The coverage notes of the given layers at ``as_of`` (the app, the exports and the figure show them)."""
    return [note for note in (coverage_note(i, as_of, translate) for i in ids) if note]


def parse_layer_ids(text: str | None) -> list[str]:
    """``"csto,nato"`` -> ``["csto", "nato"]``; ``ValueError`` naming unknown ids."""
    if text is None or not text.strip():
        return []
    ids = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [i for i in ids if i not in LAYERS]
    if unknown:
        raise TextError(N_("unknown layer id(s): {ids} (known: {known})"), ids=", ".join(unknown),
                        known=", ".join(LAYER_IDS))
    return list(dict.fromkeys(ids))


def parse_date(text: str) -> dt.date:
    """``YYYY-MM-DD`` -> date; ``ValueError`` with a readable message."""
    try:
        return dt.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        shown = str(text) if len(str(text)) <= 40 else str(text)[:39] + "\u2026"
        raise TextError(N_("bad date {value}: expected YYYY-MM-DD, e.g. 2013-10-31"), value=repr(shown)) from None


def build_layers(seeds, ids, as_of: dt.date, figures: dict[str, str] | None = None, planned: bool = False,
                 sectors_model: str = sectors.DEFAULT_MODEL) -> dict[str, gpd.GeoDataFrame]:
    """Build the given layers for ``as_of``, in the given order.

    ``figures`` ({system: range figure id}) chooses non-default range figures
    for the ``engagement_ranges`` rings; ``planned=True`` adds the rings of
    systems not yet in place (``capability`` "planned"). ``sectors_model``
    names the model of the ``european_sectors`` layer (:data:`geo.sectors.MODELS`,
    default ``russian_depiction``; the old name ``borders`` is accepted); an unknown name raises ``ValueError`` naming the known
    ones, whichever layers are asked for.
    """
    sectors_model = sectors.canonical(sectors_model)  # an old name (``borders``) is accepted
    model = sectors.get_model(sectors_model)
    special = {"engagement_ranges": lambda: engagement_ranges.build(seeds, as_of, figures, planned=planned),
               "european_sectors": lambda: european_sectors.build(seeds, as_of, model)}
    built = {layer_id: special[layer_id]() if layer_id in special else LAYERS[layer_id].build(seeds, as_of)
             for layer_id in ids}
    for layer_id, frame in built.items():  # each feature says so when the date is past the layer's coverage
        note = coverage_note(layer_id, as_of)
        if note and len(frame):
            frame["coverage"] = note
        frame["name_ru"] = names.russian(seeds, frame)  # the feature's Russian name, where the data has one
        for column, values in names.russian_texts(seeds, frame).items():  # its note and details in Russian
            if column not in frame.columns:  # (a ring's note_ru is the layer's own)
                frame[column] = values
    return built


def analysis_layers(seeds, as_of: dt.date, figures: dict[str, str] | None = None, planned: bool = False,
                    sectors_model: str = sectors.DEFAULT_MODEL, built: dict | None = None,
                    what_if: gpd.GeoDataFrame | None = None) -> AnalysisLayers:
    """The layers :func:`geo.analysis.analysis_tables` reads, for ``as_of`` and these options.

    ``built`` holds layers the caller has already built for the same date and
    options (e.g. the app's cached ``build_layers`` result); they are reused,
    and only the missing ones are built (the sectors under every model, for the
    comparison of models). ``what_if`` is a built what-if layer
    (:func:`layers.what_if.build`) whose sites the coverage and distances include.
    """
    sectors_model = sectors.canonical(sectors_model)  # an unknown name fails here, naming the known ones
    have = dict(built or {})
    needed = ["engagement_ranges", "nato", "csto", *SITE_SIDES]
    have.update(build_layers(seeds, [i for i in needed if i not in have], as_of, figures, planned, sectors_model))
    by_model = {name: (have["european_sectors"] if name == sectors_model and "european_sectors" in have
                       else european_sectors.build(seeds, as_of, sectors.get_model(name)))
                for name in sectors.MODEL_NAMES}
    return AnalysisLayers(rings=have["engagement_ranges"], sites={i: features.standing(have[i], as_of) for i in SITE_SIDES},
                          site_sides=dict(SITE_SIDES), nato=have["nato"], csto=have["csto"],
                          sectors=by_model, sectors_model=sectors_model, what_if=what_if)
