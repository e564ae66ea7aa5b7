"""Issue 11, map parts that need no browser: label points, sector styles and labels, the key, country names."""

import shapely

from geo.labels import label_point
from layers.registry import DEFAULT_AS_OF, build_layers, parse_date
from shieldmap.web import mapkey, webmap


def test_label_point_is_inside_with_its_room():
    ring = shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(1, 1), (9, 1), (9, 9), (1, 9)]])
    lon, lat, room = label_point(ring)
    assert ring.contains(shapely.Point(lon, lat)) and 0.4 < room < 0.6  # a corner of the 1-wide band
    assert label_point(shapely.box(0, 0, 2, 2), box=(5, 5, 6, 6)) is None  # nothing left in the box


def test_country_names_ship_with_the_basemap_and_show_by_size():
    labels = {label["text"]: label for label in webmap.offline_basemap()["labels"]}
    for name in ["Belarus", "Lithuania", "Poland", "Romania", "Ukraine", "Germany", "France"]:
        assert labels[name]["minzoom"] <= mapkey.DEFAULT_ZOOM, name
    assert labels["Luxembourg"]["minzoom"] > mapkey.DEFAULT_ZOOM
    lon, lat = labels["Poland"]["lon"], labels["Poland"]["lat"]
    assert 14 < lon < 24 and 49 < lat < 55


def test_sector_features_carry_fill_label_and_status(seeds):
    frame = build_layers(seeds, ["european_sectors"], DEFAULT_AS_OF)["european_sectors"]
    features = {f["properties"]["id"]: f["properties"] for f in webmap.layer_geojson(frame, lambda ids: [])["features"]}
    sectors = {i: p for i, p in features.items() if i != "european-sectors-not-covered" and p["variant"] is None}
    assert {p["hatch"] for p in features.values() if p["variant"] == "uncertain edge"} == {"band"}
    assert len({p["style"]["fillColor"] for p in sectors.values()}) == 4
    assert all(p["hatch"] and p["style"]["dashArray"] for p in sectors.values())  # rejected at the date
    assert "Russia — east" in sectors["european-sector-russia"]["label"]
    assert "rejected 8 Jun 2011" in sectors["european-sector-usa"]["label"]
    assert features["european-sectors-not-covered"]["variant"] == "not covered"
    for p in sectors.values():  # the label stands in its own sector
        lat, lon = p["label_at"]
        assert frame.set_index("id").at[p["id"], "geometry"].contains(shapely.Point(lon, lat)), p["id"]
    early = build_layers(seeds, ["european_sectors"], parse_date("2011-01-01"))["european_sectors"]
    props = webmap.layer_geojson(early, lambda ids: [])["features"][0]["properties"]
    assert not props["hatch"] and props["style"]["dashArray"] is None and "proposed 20 Nov 2010" in props["label"]


def test_key_names_the_model_the_sectors_and_the_symbols(seeds):
    built = build_layers(seeds, ["european_sectors", "s300_belarus"], DEFAULT_AS_OF, sectors_model="wedges")
    sectors = mapkey.key_html("european_sectors", built["european_sectors"])
    assert "Geodesic wedges" in sectors and "Germany — north" in sectors and "rejected 8 Jun 2011" in sectors
    symbols = mapkey.key_html("s300_belarus", built["s300_belarus"])
    assert "hollow: planned" in symbols and "how far the location may be off" in symbols
    group = webmap.feature_group("s300_belarus", webmap.layer_geojson(built["s300_belarus"], lambda ids: []),
                                 frame=built["s300_belarus"])
    assert any(isinstance(child, mapkey.KeySection) for child in group._children.values())
