"""Exports read back through GDAL; the GeoJSON obeys RFC 7946."""

import json
import re

import pyogrio
import pytest
import shapely

from checks import check_rfc7946
from geo import export
from layers.registry import DEFAULT_AS_OF, LAYER_IDS, build_layers


@pytest.fixture(scope="module")
def built(seeds):
    return build_layers(seeds, LAYER_IDS, DEFAULT_AS_OF)


def test_geojson_is_rfc7946(built, tmp_path):
    path = export.export_layers(built, tmp_path / "all.geojson")
    text = path.read_text()
    check_rfc7946(json.loads(text))
    assert not re.search(r"\d\.\d{8,}", text)


def test_geojson_reads_back_with_same_features(built, tmp_path):
    path = export.export_layers(built, tmp_path / "all.geojson")
    back = pyogrio.read_dataframe(path)
    expected = [i for frame in built.values() for i in frame["id"]]
    assert list(back["id"]) == expected
    assert back.crs.to_epsg() == 4326


def test_gpkg_has_one_table_per_layer(built, tmp_path):
    path = export.export_layers(built, tmp_path / "all.gpkg")
    tables = dict(pyogrio.list_layers(path)[:, :2])
    assert set(tables) == set(LAYER_IDS)
    for layer_id, frame in built.items():
        back = pyogrio.read_dataframe(path, layer=layer_id)
        assert list(back["id"]) == list(frame["id"])
        assert back.geometry.geom_equals(frame.geometry).all()  # GDAL promotes mixed Polygon/MultiPolygon to Multi


@pytest.mark.parametrize("fmt", ["kml", "csv"])
def test_kml_and_csv_read_back(built, tmp_path, fmt):
    path = export.export_layers(built, tmp_path / f"all.{fmt}")
    back = pyogrio.read_dataframe(path) if fmt == "kml" else pyogrio.read_dataframe(
        path, GEOM_POSSIBLE_NAMES="WKT", KEEP_GEOM_COLUMNS="NO")
    total = sum(len(frame) for frame in built.values())
    assert len(back) == total
    names = set(back["Name" if fmt == "kml" else "name"])
    assert "Aegis Ashore Romania (Deveselu)" in names


@pytest.mark.parametrize("fmt", sorted(export.FORMATS))
def test_export_bytes_are_reproducible(built, fmt):
    assert export.export_bytes(built, fmt) == export.export_bytes(built, fmt)


def test_format_from_extension_and_errors():
    assert export.format_for("a/b.GeoJSON") == "geojson"
    assert export.format_for("x.txt", "csv") == "csv"
    with pytest.raises(ValueError, match="cannot tell the format of 'x.shp'"):
        export.format_for("x.shp")


def test_kml_field_names_are_xml_safe(tmp_path):
    import geopandas as gpd
    hostile = '"><svg onload=alert(1)>'
    frame = gpd.GeoDataFrame({"id": ["u-1"], "layer": ["user_x"], "name": ["<b>x</b>"], hostile: ["v"]},
                             geometry=[shapely.Point(1, 2)], crs=4326)
    path = export.export_layers({"user_x": frame}, tmp_path / "u.kml")
    back = pyogrio.read_dataframe(path)
    assert list(back["Name"]) == ["<b>x</b>"]
    assert "___svg_onload_alert_1__" in back.columns  # "_" for ", > and space; "_" prefix: no letter first
    assert "<svg" not in path.read_text().split("<Placemark")[0]


def test_columns_differing_by_case_are_kept(tmp_path):
    import geopandas as gpd
    a = gpd.GeoDataFrame({"id": ["a-1"], "layer": ["user_a"], "name": ["A"], "prop_name": ["x"]},
                         geometry=[shapely.Point(1, 2)], crs=4326)
    b = gpd.GeoDataFrame({"id": ["b-1"], "layer": ["user_b"], "name": ["B"], "prop_Name": ["y"]},
                         geometry=[shapely.Point(3, 4)], crs=4326)
    for fmt in sorted(export.FORMATS):
        path = export.export_layers({"user_a": a, "user_b": b}, tmp_path / f"x.{fmt}")
        back = pyogrio.read_dataframe(path, layer="user_b") if fmt == "gpkg" else pyogrio.read_dataframe(path)
        assert "y" in set(back.filter(regex="(?i)prop_name").stack().astype(str)), fmt
