"""Issue 33, point 2.4: the default sector model's uncertain edges and the slide's date.

- A hatched band lies along every edge no source gives (the slide's four lines, the capital rule's borders between
  two holders; under ``alliance_borders`` the capital rule's alone, under ``wedges`` none) and nowhere else; its
  width is ``edge_band_deg`` of ``seeds/sector_models.csv``; its area is checked against a second computation
  (points sampled on a grid).
- The General Staff's slide was shown on 3 May 2012 (``events.csv``, named by ``sector_models.csv``'s ``event``):
  its cuts through Poland, Norway, Sweden and Finland are absent before that day and present from it.
- The bands reach the exports (``certainty`` and their ``inferred:`` notes), the key and the figure (hatched).
"""

import datetime as dt
import json

import matplotlib
import numpy as np
import pytest
import shapely

from geo import borders, sector_params, sectors
from geo.export import export_bytes
from geo.sector_edges import CERTAINTY, INFERRED, areas
from geo.seeds import SeedError, load_seeds
from layers import european_sectors, style
from layers.registry import build_layers

AFTER, BEFORE, SLIDE = dt.date(2012, 6, 1), dt.date(2011, 6, 1), dt.date(2012, 5, 3)
CUTS = {"poland_east_of_lon": ("Poland", "lon"), "norway_north_of_lat": ("Norway", "lat"),
        "sweden_north_of_lat": ("Sweden", "lat"), "finland_north_of_lat": ("Finland", "lat")}
WIDTH = 1.0  # seeds/sector_models.csv: russian_depiction edge_band_deg
EPS = 1e-6


def _land(state):
    return shapely.intersection(borders.country_shapes([state]).geometry.iloc[0], shapely.box(-25, 30, 60, 72))


def _line(parameter):
    value = sectors.MODELS["russian_depiction"].__getattribute__(parameter)
    lon = CUTS[parameter][1] == "lon"
    return shapely.LineString([(value, -90), (value, 90)] if lon else [(-180, value), (180, value)]), value, lon


def _bands(frame):
    return frame[frame[CERTAINTY].eq(INFERRED)]


def _parameter(band_id):
    return next(p for p in [*CUTS, "west_of_lon", "south_of_lat"] if band_id.startswith(
        f"{european_sectors.BAND_ID}-{p.replace('_', '-')}"))


def test_the_band_width_is_the_seeds(seeds):
    assert sectors.MODELS["russian_depiction"].edge_band_deg == WIDTH
    note = sector_params.records()[("russian_depiction", "edge_band_deg")].note
    assert note.startswith("inferred:") and "1° either side" in note


def test_band_exists_where_and_only_where_an_edge_is_inferred(seeds):
    frame = european_sectors.build(seeds, AFTER)
    bands, shapes = _bands(frame), areas(frame).set_index("direction").geometry
    assert sorted(map(_parameter, bands["id"])) == sorted([*CUTS, "west_of_lon", "west_of_lon", "south_of_lat"])
    edges = []
    for band_id, band in zip(bands["id"], bands.geometry):
        parameter = _parameter(band_id)
        if parameter in CUTS:  # the slide's line: the cut state's land within the band's width of the line
            line, value, lon = _line(parameter)
            land = _land(CUTS[parameter][0])
            crossing = shapely.intersection(land, line)
            edges.append(line)
            assert band.difference(land).area < EPS
            low, high = (band.bounds[0], band.bounds[2]) if lon else (band.bounds[1], band.bounds[3])
            assert value - WIDTH - EPS <= low and high <= value + WIDTH + EPS
            assert band.buffer(EPS).covers(crossing)
            assert band.area == pytest.approx(shapely.intersection(land, line.buffer(WIDTH, cap_style="flat")).area,
                                              rel=1e-6)
        else:  # the capital rule: where two of its holders' sectors share a border
            a, b = [d for d in ("north", "south", "west") if band_id.endswith(d) or f"-{d}-" in band_id]
            shared = shapely.intersection(shapes[a].boundary, shapes[b].buffer(1e-4))
            edges.append(shared)
            assert shared.length > 1  # degrees of border
            assert band.buffer(EPS).covers(shapely.intersection(shapes[a].boundary, shapes[b].boundary))
            assert band.difference(shapes[a].union(shapes[b])).area < EPS
    # only there: all of the bands lie within their width of the inferred edges (less than 1e-4 deg², about 1 km², off:
    # the buffers' rounding of curves)
    assert shapely.union_all(bands.geometry).difference(shapely.union_all(edges).buffer(WIDTH + 1e-3)).area < 1e-4
    # and not along the edges the sources give: Russia's sector's own borders (Estonia-Russia, Lithuania-Belarus)
    for lon, lat in ((28.2, 59.38), (25.0, 54.05), (24.4, 56.0)):
        assert not any(band.buffer(0.05).contains(shapely.Point(lon, lat)) for band in bands.geometry), (lon, lat)


def test_alliance_borders_bands_the_capital_rule_alone_and_wedges_nothing(seeds):
    """The alternative that stops at the alliances' borders draws the same capital rule: the same three bands."""
    default = _bands(european_sectors.build(seeds, AFTER)).set_index("id")
    other = _bands(european_sectors.build(seeds, AFTER, "alliance_borders")).set_index("id")
    assert sorted(map(_parameter, other.index)) == ["south_of_lat", "west_of_lon", "west_of_lon"]
    for band_id, band in other.geometry.items():
        assert band.symmetric_difference(default.geometry[band_id]).area < EPS, band_id
    assert other["note"].str.startswith("inferred: the project's capital rule").all()
    assert not len(_bands(european_sectors.build(seeds, AFTER, "wedges")))


def test_cut_band_area_against_a_sampled_grid(seeds):
    """A second computation: the share of a grid's points in Poland and within 1° of 22°E equals the band's."""
    band = _bands(european_sectors.build(seeds, AFTER)).set_index("id").geometry[
        f"{european_sectors.BAND_ID}-poland-east-of-lon-poland"]
    step = 0.02
    lons, lats = np.meshgrid(np.arange(14.0, 24.2, step) + step / 2, np.arange(49.0, 55.0, step) + step / 2)
    inside = shapely.contains_xy(_land("Poland"), lons, lats) & (np.abs(lons - 22.0) <= WIDTH)
    assert inside.sum() * step * step == pytest.approx(band.area, rel=0.01)


def test_slide_cuts_absent_before_the_slide_and_present_from_it(seeds):
    event = seeds.events.loc["event-2012-05-03-moscow-conference"]
    assert event["date"] == SLIDE and "podvig-2012-05" in event["sources"]
    for day, drawn in ((dt.date(2010, 11, 20), False), (SLIDE - dt.timedelta(days=1), False), (SLIDE, True),
                       (dt.date(2013, 10, 31), True)):
        frame = european_sectors.build(seeds, day)
        russia = frame.set_index("id").loc["european-sector-russia"]
        cuts = {_parameter(i) for i in _bands(frame)["id"]} & set(CUTS)
        assert (cuts == set(CUTS)) is drawn and (not cuts) is not drawn, day
        assert ("Poland east of 22°E" in russia["states"]) is drawn, day
        assert ("podvig-2012-05" in russia["sources"]) is drawn, day
        assert russia["interpretation"].startswith("The default interpretation, as the evidence stood before") is not drawn
        holders = {name: areas(frame)[areas(frame).contains(shapely.Point(point))]["holder"].tolist()
                   for name, point in {"Białystok": (23.16, 53.13), "Kautokeino": (23.04, 69.01),
                                       "Oulu": (25.47, 65.01), "Umeå": (20.26, 63.83), "Vilnius": (25.28, 54.69)}.items()}
        if drawn:
            assert holders == {"Białystok": ["Russia"], "Kautokeino": ["Russia"], "Oulu": ["Russia"], "Umeå": ["Russia"],
                               "Vilnius": ["Russia"]}
            assert set(_bands(frame).set_index("id").loc[
                [i for i in _bands(frame)["id"] if _parameter(i) in CUTS], "start"]) == {SLIDE.isoformat()}
        else:  # the 2010-11 evidence: the Baltic states; Poland and Norway by the capital rule; Sweden, Finland undescribed
            assert holders["Białystok"] == ["Germany"] and holders["Kautokeino"] == ["Germany"]
            assert holders["Vilnius"] == ["Russia"] and _none(holders["Oulu"]) and _none(holders["Umeå"])


def _none(values):
    return len(values) == 1 and (values[0] is None or values[0] != values[0])


def test_the_slides_day_comes_from_its_event(seed_copy, monkeypatch):
    path = seed_copy / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "event-2012-05-03-moscow-conference,Moscow missile-defence conference: Makarov's pre-emptive-strike warning; "
        "the General Staff's sector slide,conference,2012-05-03",
        "event-2012-05-03-moscow-conference,Moscow missile-defence conference: Makarov's pre-emptive-strike warning; "
        "the General Staff's sector slide,conference,2012-07-01"), encoding="utf-8")
    story = seed_copy / "story.csv"  # the story's step keeps its event's date
    story.write_text(story.read_text(encoding="utf-8").replace(",event-2012-05-03-moscow-conference,2012-05-03,",
                                                               ",event-2012-05-03-moscow-conference,2012-07-01,"),
                     encoding="utf-8")
    monkeypatch.setenv("SHIELDMAP_SEEDS", str(seed_copy))
    seeds = load_seeds(seed_copy)
    assert "Poland east of 22°E" not in european_sectors.build(seeds, AFTER).set_index("id").at[
        "european-sector-russia", "states"]
    models = seed_copy / "sector_models.csv"
    models.write_text(models.read_text(encoding="utf-8").replace(",event-2012-05-03-moscow-conference,",
                                                                 ",event-2012-05-04-nowhere,", 1), encoding="utf-8")
    with pytest.raises(SeedError, match=r"sector_models.csv:2: names unknown event 'event-2012-05-04-nowhere'"):
        load_seeds(seed_copy)


def test_exports_carry_the_bands_with_their_notes(seeds):
    built = build_layers(seeds, ["european_sectors"], AFTER)
    document = json.loads(export_bytes(built, "geojson"))
    bands = [f["properties"] for f in document["features"] if f["properties"].get(CERTAINTY) == INFERRED]
    assert len(bands) == 7
    assert all(p["note"].startswith("inferred:") and "1° either side" in p["note"] for p in bands)
    assert any("'parts of Poland'" in p["note"] for p in bands)
    assert all(p["name"] == "Edge not given by any source" for p in bands)
    areas_ = [f["properties"] for f in document["features"] if f["properties"].get(CERTAINTY) != INFERRED]
    assert len(areas_) == 5  # the four sectors and the undescribed land


def test_key_and_popup_name_the_band_in_both_languages(seeds):
    from shieldmap import i18n
    from shieldmap.web import mapkey, webmap

    frame = build_layers(seeds, ["european_sectors"], AFTER)["european_sectors"]
    assert "Edge not given by any source" in mapkey.key_html("european_sectors", frame)
    assert 'class="shieldmap-key-band"' in mapkey.key_html("european_sectors", frame)
    row = _bands(frame).iloc[0].to_dict()
    assert style.variant(row) == style.UNCERTAIN_EDGE
    with i18n.language("ru"):
        assert "Граница, которой не даёт ни один источник" in mapkey.key_html("european_sectors", frame)
        popup = webmap.popup_html(row, [])
        assert "Граница, которой не даёт ни один источник" in popup and "вывод:" in popup and "полосе 1°" in popup
        early = build_layers(seeds, ["european_sectors"], BEFORE)["european_sectors"].iloc[0].to_dict()
        assert "по свидетельствам до слайда Генштаба" in webmap.popup_html(early, [])
    before = build_layers(seeds, ["european_sectors"], BEFORE)["european_sectors"]  # the key and popups name the stage
    assert "interpretation: Russia&#x27;s sector from the 2010-11 evidence" in mapkey.key_html("european_sectors", before)
    assert "depicted it (May 2012" not in mapkey.key_html("european_sectors", before)
    assert "<td>Russia&#x27;s sector from the 2010-11 evidence" in webmap.popup_html(before.iloc[0].to_dict(), [])
    assert "<td>Russia&#x27;s sector as the General Staff depicted it" in webmap.popup_html(frame.iloc[0].to_dict(), [])
    without = build_layers(seeds, ["european_sectors"], AFTER, sectors_model="wedges")["european_sectors"]
    assert "Edge not given by any source" not in mapkey.key_html("european_sectors", without)


def test_figure_draws_the_bands_hatched(seeds):
    from shieldmap import figure

    built = build_layers(seeds, ["european_sectors"], AFTER)
    with matplotlib.rc_context(figure._RC):
        fig = figure.draw(built, seeds, AFTER)
    from shieldmap import figure_style

    hatch = figure_style.hatching(style.BAND_HATCH)["hatch"]
    assert set(hatch) == {"x"}  # lines both ways, as on the map and in the key
    drawn = [c for c in fig.axes[0].collections if c.get_hatch() == hatch]
    assert len(drawn) == 7
    legend = {h.get_label(): h for a in fig.axes for child in a.get_children() if hasattr(child, "legend_handles")
              for h in child.legend_handles}
    assert legend["Edge not given by any source"].get_hatch() == hatch
    with matplotlib.rc_context(figure._RC):
        early = figure.draw(build_layers(seeds, ["european_sectors"], BEFORE), seeds, BEFORE)
    assert len([c for c in early.axes[0].collections if c.get_hatch() == hatch]) == 3
