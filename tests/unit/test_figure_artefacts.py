"""Issue 34.7: the figure and the animation look like data, not artefacts.

- No construction line of the sector model inside a country as drawn: Russia's sector stopped on a straight
  line through Russia at 60° E, and the land no sector holds on straight chords of 30° N over the Levant
  (the sectors' theatre, where the frame showed land beyond it). Read from the drawn figure: inside each
  country as drawn (its drawn shape less 20 km), a sector's outline that covers it is nowhere.
- The Russian figure's legend does not run into its caption when a path is drawn (matplotlib's window extents).
- Each animation frame's title follows its date; the legend's colours are the map's (layers.style), and the
  GIF keeps them exactly (its palette had no entry for a small marker's colour: Deveselu's blue came out grey).
"""

from __future__ import annotations

import datetime as dt
import io

import matplotlib
import numpy as np
import pytest
import shapely
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from pyproj import Transformer

from layers import style
from layers.registry import DEFAULT_LAYERS, LAYERS, build_layers
from shieldmap import animation, figure, figure_engagement, figure_style, i18n
from shieldmap.view import View

AS_OF = dt.date(2013, 10, 31)  # the sectors rejected: hatched
TO_MAP = Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
# (lon, lat) of a point in each country a sector or the undescribed land covers whole, where the theatre's
# meridian (60° E) or parallel (30° N) crossed it: Russia; Iran, Iraq and Egypt under the grey "undescribed".
INSIDE = {"Russia": (37.62, 55.76), "Iran": (51.39, 35.69), "Iraq": (44.37, 33.31), "Egypt": (31.24, 30.04)}
INSET_M = 20_000


def _rgb(colour) -> tuple:
    return tuple(round(v, 3) for v in matplotlib.colors.to_rgb(colour))


def _outlines(collection):
    """Every ring of a drawn collection, as lines in the map's metres."""
    return shapely.MultiLineString([ring for path in collection.get_paths() for ring in path.to_polygons()])


def _drawn_country(ax, lon: float, lat: float):
    """The drawn land shape (the basemap's) that holds (lon, lat)."""
    point = shapely.Point(TO_MAP.transform(lon, lat))
    land = [c for c in ax.collections if len(c.get_facecolor()) and _rgb(c.get_facecolor()[0]) == _rgb(style.LAND)]
    shapes = [shapely.Polygon(ring) for c in land for path in c.get_paths() for ring in path.to_polygons()
              if len(ring) > 3]
    return next(s for s in shapes if s.contains(point))


@pytest.fixture(scope="module")
def sectors_figure(seeds):
    with matplotlib.rc_context(figure._RC):
        fig = figure.draw(build_layers(seeds, ["european_sectors"], AS_OF), seeds, AS_OF)
    return fig


def test_no_construction_line_of_the_sectors_inside_a_country(sectors_figure):
    ax = sectors_figure.axes[0]
    russia = matplotlib.colors.to_rgba(style.SECTOR_COLORS["Russia"], style.SectorLook("", True).fill_opacity)
    fills = {"Russia": [c for c in ax.collections if len(c.get_facecolor())
                        and tuple(c.get_facecolor()[0]) == pytest.approx(russia)]}
    grey = [c for c in ax.collections if len(c.get_facecolor())
            and _rgb(c.get_facecolor()[0]) == _rgb(style.NOT_COVERED_COLOR)]
    fills.update({country: grey for country in INSIDE if country != "Russia"})
    for country, (lon, lat) in INSIDE.items():
        assert fills[country], country
        inside = _drawn_country(ax, lon, lat).buffer(-INSET_M)
        crossing = shapely.union_all([_outlines(c) for c in fills[country]]).intersection(inside)
        assert crossing.length < 1_000, f"{country}: {crossing.length / 1000:.0f} km of a sector's outline inside it"


def test_the_map_is_the_asked_box(sectors_figure):
    """The land drawn reaches no farther than the box (-25..60° E, 30..72° N): the frame's corners are paper."""
    ax = sectors_figure.axes[0]
    box = shapely.Polygon(np.column_stack(TO_MAP.transform(*np.asarray(
        shapely.segmentize(shapely.box(*figure.DEFAULT_BBOX), 0.25).exterior.coords).T)))
    land = [c for c in ax.collections if len(c.get_facecolor()) and _rgb(c.get_facecolor()[0]) == _rgb(style.LAND)]
    drawn = shapely.union_all([_outlines(c) for c in land])
    assert drawn.difference(box.buffer(5_000)).length == 0


def _boxes(fig):
    renderer = fig.canvas.get_renderer()
    legends = list({id(a): a for ax in fig.axes for a in ax.findobj(matplotlib.legend.Legend)}.values())
    return ([legend.get_window_extent(renderer) for legend in legends],
            [text.get_window_extent(renderer) for text in fig.texts if text.get_text()])


@pytest.mark.parametrize("paths", ["tehran>52.2,21.0", "tehran>washington;semnan>52.2,21.0;kozelsk>washington"])
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_legend_keeps_clear_of_the_caption_with_a_path(seeds, lang, paths):
    """Three paths' legend entries made the legend taller than the map (4 caption lines under it, in Russian)."""
    with i18n.language(lang), matplotlib.rc_context(figure._RC):
        overlays, bbox = figure_engagement.for_view(seeds, View(as_of=AS_OF, path=paths, lang=lang))
        fig = figure.draw(build_layers(seeds, list(DEFAULT_LAYERS), AS_OF), seeds, AS_OF, bbox=bbox,
                          overlays=overlays)
        fig.canvas.draw()
        legends, texts = _boxes(fig)
    assert len(legends) == 3 and len(texts) > 10  # layers, statuses, engagement; title, date line, caption
    whole = fig.bbox
    for legend in legends:
        assert whole.x0 <= legend.x0 and legend.x1 <= whole.x1 and whole.y0 <= legend.y0, legend
        overlapping = [t for t in texts if legend.overlaps(t)]
        assert not overlapping, (legend, overlapping)


def test_each_frame_is_titled_by_its_date(seeds):
    frames = (animation.event_frames(seeds, dt.date(2007, 1, 1), dt.date(2007, 2, 1), DEFAULT_LAYERS)
              + animation.event_frames(seeds, dt.date(2011, 6, 8), dt.date(2011, 6, 8), DEFAULT_LAYERS))
    layers_at = lambda day, ids: build_layers(seeds, list(ids), day)  # noqa: E731
    titles = [fig.texts[0].get_text() for fig in animation.draw_frames(frames, seeds, layers_at)]
    assert titles == ["Missile defence in Europe in 2007", "Missile defence in Europe, 2010–2013"]
    with i18n.language("ru"):
        (russian,) = animation.draw_frames(frames[:1], seeds, layers_at)
    assert russian.texts[0].get_text() == "ПРО в Европе в 2007 г."
    # the frame as rendered is the figure of its date with that date's title
    (picture,) = animation.render_frames(frames[:1], seeds, layers_at, size=(960, 540))
    with matplotlib.rc_context(figure._RC):
        fig = figure.draw(layers_at(frames[0].date, DEFAULT_LAYERS), seeds, frames[0].date)
        layout = animation._layout(*fig.get_size_inches(), (960, 540))
        alone = animation._pixels(fig, layout.dpi)
    x, y = layout.origin
    assert np.array_equal(picture[y:y + alone.shape[0], x:x + alone.shape[1]], alone)


def _legend_handles(fig) -> dict:
    return {h.get_label(): h for legend in fig.axes[-1].findobj(matplotlib.legend.Legend)
            for h in legend.legend_handles}


def test_the_legend_has_the_map_style_colours(seeds):
    day = dt.date(2011, 6, 8)  # an animation's frame: sectors just rejected, Deveselu planned, S-300 in place
    with matplotlib.rc_context(figure._RC):
        fig = figure.draw(build_layers(seeds, list(DEFAULT_LAYERS), day), seeds, day)
    handles = _legend_handles(fig)
    drawn_faces = {tuple(np.round(c.get_facecolor()[0], 3)) for c in fig.axes[0].collections if len(c.get_facecolor())}
    for holder, colour in style.SECTOR_COLORS.items():
        web = style.SectorLook(colour, True).leaflet()
        patch = handles[f"Proposed sector: {holder}"]
        assert isinstance(patch, Patch) and patch.get_hatch() == figure_style.HATCH["hatch"]  # the map's spacing
        assert matplotlib.colors.to_hex(patch.get_edgecolor()) == matplotlib.colors.to_hex(web["color"])
        face = matplotlib.colors.to_rgba(web["fillColor"], web["fillOpacity"])
        assert tuple(patch.get_facecolor()) == pytest.approx(face)
        assert tuple(np.round(face, 3)) in drawn_faces, holder  # and the map's fill is the same
    csto = style.layer_style(LAYERS["csto"])
    assert matplotlib.colors.to_hex(handles[LAYERS["csto"].title].get_edgecolor()) == csto["color"].lower()
    grey = {**style.layer_style(LAYERS["european_sectors"]), **style.VARIANTS["not covered"]}
    assert tuple(handles["No sector / undescribed"].get_facecolor()) == pytest.approx(
        matplotlib.colors.to_rgba(grey["fillColor"], grey["fillOpacity"]))
    for layer_id in ("s300_belarus", "romania_interceptor"):
        marker = handles[LAYERS[layer_id].title]
        assert isinstance(marker, Line2D) and marker.get_markerfacecolor() == LAYERS[layer_id].color
        assert marker.get_markeredgecolor() == style.MARKER_EDGE


def test_the_gif_keeps_the_layers_colours_exactly(seeds):
    from PIL import Image

    day = dt.date(2013, 10, 29)
    frames = animation.event_frames(seeds, day, day, ("romania_interceptor", "s300_belarus", "csto"))
    pictures = animation.render_frames(frames, seeds, lambda d, ids: build_layers(seeds, list(ids), d),
                                       size=(960, 540))
    image = Image.open(io.BytesIO(animation.gif_bytes(pictures))).convert("RGB")
    colours = {"#%02x%02x%02x" % tuple(c) for c in np.unique(np.asarray(image).reshape(-1, 3), axis=0)}
    for layer_id in ("romania_interceptor", "s300_belarus"):  # small markers and their legend swatches
        assert LAYERS[layer_id].color.lower() in colours, layer_id
