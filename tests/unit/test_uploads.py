"""Reading users' own files: every format, every refusal, repairs, hostile text, export round trip."""

from __future__ import annotations

import html
import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely

from geo import export, uploads
from geo.features import COMMON_COLUMNS
from geo.uploads import MAX_BYTES, MAX_FEATURES, UploadError, read_upload, read_uploads, safe_text

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "uploads"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SITES = [("Deveselu", 24.4114, 44.0781), ("Redzikowo", 17.1044, 54.4789), ("Baranovichi", 26.0386, 53.1327)]


def geojson(features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def point_feature(lon, lat, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def sites_frame(crs=4326) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame({"name": [s[0] for s in SITES], "rank": [1, 2, 3]},
                             geometry=[shapely.Point(s[1], s[2]) for s in SITES], crs=4326)
    return frame.to_crs(crs)


def written(frame, path: Path, driver: str, **options) -> bytes:
    pyogrio.write_dataframe(frame, path, driver=driver, **options)
    return path.read_bytes()


def zipped(folder: Path, names=None, prefix: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            if names is None or part.suffix in names:
                archive.write(part, prefix + part.name)
    return buffer.getvalue()


def shapefile_zip(tmp_path, frame, keep=None, prefix="") -> bytes:
    folder = tmp_path / "shp"
    folder.mkdir()
    pyogrio.write_dataframe(frame, folder / "zones.shp", driver="ESRI Shapefile")
    return zipped(folder, keep, prefix)


def check_common(result, layer_id: str, filename: str, count: int):
    frame = result.frame
    assert result.layer_id == layer_id
    assert result.title == filename
    assert isinstance(frame, gpd.GeoDataFrame) and frame.crs.to_epsg() == 4326
    assert list(frame.columns[:len(COMMON_COLUMNS)]) == COMMON_COLUMNS
    assert frame.geometry.name == "geometry" and list(frame.columns)[-1] == "geometry"
    assert len(frame) == count
    assert list(frame["id"]) == [f"{layer_id}-{n}" for n in range(1, count + 1)]
    assert set(frame["layer"]) == {layer_id}
    assert set(frame["kind"]) == {"user feature"}
    assert set(frame["sources"]) == {f"upload:{filename}"}
    assert set(frame["citations"]) == {f"Uploaded file {filename}"}
    assert frame[["status", "start", "end", "note"]].isna().all().all()
    assert frame["precision_km"].isna().all()
    assert frame.geometry.is_valid.all() and not frame.geometry.is_empty.any()
    assert f"{count} feature" in result.messages[0]


def coords(frame) -> np.ndarray:
    return shapely.get_coordinates(np.asarray(frame.geometry.values))


def error_of(filename: str, data: bytes) -> str:
    with pytest.raises(UploadError) as caught:
        read_upload(filename, data)
    message = str(caught.value)
    assert message.startswith(f"{filename}: ")
    assert caught.value.filename == filename and message == f"{filename}: {caught.value.reason}"
    assert "Traceback" not in message and "/vsimem/" not in message and "shieldmap-upload-" not in message
    return message


# --- one good file of every format ------------------------------------------------------------------


def test_geojson(tmp_path):
    data = geojson([point_feature(lon, lat, name=name, rank=i) for i, (name, lon, lat) in enumerate(SITES)]
                   + [{"type": "Feature", "properties": {"title": "Box"},
                       "geometry": shapely.geometry.mapping(shapely.box(20, 50, 21, 51))}])
    result = read_upload("My Sites!.geojson", data)
    check_common(result, "user_my_sites", "My Sites!.geojson", 4)
    assert list(result.frame["name"]) == [s[0] for s in SITES] + ["Box"]
    assert np.allclose(coords(result.frame)[:3], [[s[1], s[2]] for s in SITES])
    assert list(result.frame.geom_type) == ["Point"] * 3 + ["Polygon"]
    assert list(result.frame["rank"][:3]) == [0, 1, 2]
    assert list(result.frame["prop_name"][:3]) == [s[0] for s in SITES]  # the original key is kept, prefixed


def test_geojson_single_feature_and_json_extension():
    data = json.dumps(point_feature(10, 50, label="Solo")).encode()
    result = read_upload("solo.json", data)
    check_common(result, "user_solo", "solo.json", 1)
    assert result.frame["name"][0] == "Solo"


def test_kml_written_by_gdal(tmp_path):
    frame = sites_frame()
    frame["kind"] = "site"
    data = written(frame, tmp_path / "sites.kml", "KML")
    result = read_upload("sites.kml", data)
    check_common(result, "user_sites", "sites.kml", 3)
    assert list(result.frame["name"]) == [s[0] for s in SITES]
    assert np.allclose(coords(result.frame), [[s[1], s[2]] for s in SITES])
    assert list(result.frame["prop_kind"]) == ["site"] * 3  # collides with the common "kind": prefixed
    assert "visibility" not in result.frame.columns and "tessellate" not in result.frame.columns


def test_gpkg_in_laea_is_reprojected_to_wgs84(tmp_path):
    data = written(sites_frame(3035), tmp_path / "sites.gpkg", "GPKG", layer="sites")
    result = read_upload("sites.gpkg", data)
    check_common(result, "user_sites", "sites.gpkg", 3)
    assert np.abs(coords(result.frame) - [[s[1], s[2]] for s in SITES]).max() < 1e-6
    assert any("EPSG:3035" in m and "EPSG:4326" in m for m in result.messages)
    assert any("'sites'" in m for m in result.messages)  # says which layer was read
    assert list(result.frame["rank"]) == [1, 2, 3]


def test_gpkg_layers_are_concatenated(tmp_path):
    path = tmp_path / "two.gpkg"
    pyogrio.write_dataframe(sites_frame(3035), path, layer="sites", driver="GPKG")
    zone = gpd.GeoDataFrame({"name": ["Zone"]}, geometry=[shapely.box(20, 50, 21, 51)], crs=4326)
    pyogrio.write_dataframe(zone, path, layer="zones", driver="GPKG", append=True)
    result = read_upload("two.gpkg", path.read_bytes())
    check_common(result, "user_two", "two.gpkg", 4)
    assert list(result.frame["source_layer"]) == ["sites"] * 3 + ["zones"]
    assert any("concatenated" in m and "'sites' (3 features)" in m and "'zones' (1 feature)" in m
               for m in result.messages)
    assert np.abs(coords(result.frame)[:3] - [[s[1], s[2]] for s in SITES]).max() < 1e-6


def test_zipped_shapefile(tmp_path):
    frame = gpd.GeoDataFrame({"name": ["North", "South"]},
                             geometry=[shapely.box(20, 52, 22, 54), shapely.box(20, 44, 22, 46)], crs=4326)
    data = shapefile_zip(tmp_path, frame.to_crs(3857), prefix="export/")
    result = read_upload("zones.zip", data)
    check_common(result, "user_zones", "zones.zip", 2)
    assert list(result.frame["name"]) == ["North", "South"]
    for got, expected in zip(result.frame.geometry, frame.geometry):
        assert np.abs(np.array(got.bounds) - np.array(expected.bounds)).max() < 1e-6
    assert any("EPSG:3857" in m for m in result.messages)


def test_zipped_shapefile_without_prj_in_lonlat_is_assumed_wgs84(tmp_path):
    data = shapefile_zip(tmp_path, sites_frame(), keep={".shp", ".shx", ".dbf"})
    result = read_upload("sites.zip", data)
    check_common(result, "user_sites", "sites.zip", 3)
    assert np.allclose(coords(result.frame), [[s[1], s[2]] for s in SITES])
    assert any("no .prj" in m for m in result.messages)
    assert any("No CRS" in m and "WGS84" in m for m in result.messages)


def test_csv_with_lat_lon_columns():
    data = "Site;Latitude;LNG;note\nDeveselu;44,0781;24,4114;Aegis\nRedzikowo;54.4789;17.1044;\n;;;blank row\n".encode()
    result = read_upload("points.csv", data)
    check_common(result, "user_points", "points.csv", 2)
    assert np.allclose(coords(result.frame), [[24.4114, 44.0781], [17.1044, 54.4789]])
    assert list(result.frame["prop_note"]) == ["Aegis", ""]
    assert list(result.frame["name"]) == ["Feature 1", "Feature 2"]  # "Site" is not a name-like column
    assert any("1 row without geometry dropped" in m for m in result.messages)


def test_csv_with_wkt_column_written_by_gdal(tmp_path):
    frame = gpd.GeoDataFrame({"name": ["Line", "Box"]},
                             geometry=[shapely.LineString([(20, 50), (21, 51)]), shapely.box(22, 52, 23, 53)], crs=4326)
    data = written(frame, tmp_path / "shapes.csv", "CSV", layer_options={"GEOMETRY": "AS_WKT"})
    assert data.startswith(b"WKT,")
    result = read_upload("shapes.csv", data)
    check_common(result, "user_shapes", "shapes.csv", 2)
    assert list(result.frame.geom_type) == ["LineString", "Polygon"]
    assert result.frame.geometry[1].equals(shapely.box(22, 52, 23, 53))
    assert "WKT" not in result.frame.columns


def test_every_sample_reads():
    expected = {"sites.geojson": 3, "hostile.geojson": 3, "points.csv": 3, "area.kml": 2, "zones.gpkg": 2,
                "zones_shp.zip": 2}
    for name, count in expected.items():
        result = read_upload(name, (SAMPLES / name).read_bytes())
        assert len(result.frame) == count, name
        assert (SAMPLES / name).stat().st_size < 30_000
    zones = read_upload("zones.gpkg", (SAMPLES / "zones.gpkg").read_bytes()).frame
    assert np.abs(np.array(zones.geometry[0].bounds) - [23.9, 43.8, 24.9, 44.4]).max() < 1e-6
    assert "malformed JSON" in error_of("broken.geojson", (SAMPLES / "broken.geojson").read_bytes())


def test_text_samples_match_their_generator():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("sites.geojson", "hostile.geojson", "broken.geojson", "points.csv"):
        assert module.SAMPLES[name]() == (SAMPLES / name).read_bytes(), name


# --- refusals ---------------------------------------------------------------------------------------


def test_malformed_json_gives_line_and_column():
    message = error_of("bad.geojson", b'{"type": "FeatureCollection",\n  "features": [\n    {"type": }\n')
    assert "malformed JSON at line 3, column 14" in message


def test_json_that_is_not_geojson():
    assert "not GeoJSON" in error_of("list.json", b"[1, 2, 3]")
    assert "not GeoJSON" in error_of("obj.json", b'{"hello": "world"}')


def test_unknown_format_names_the_supported_extensions():
    message = error_of("notes.txt", b"hello")
    assert "unknown format ('.txt')" in message
    for ext in (".geojson", ".json", ".kml", ".gpkg", ".zip", ".csv"):
        assert ext in message
    assert "no extension" in error_of("README", b"hello")


def test_no_geometry():
    data = geojson([{"type": "Feature", "properties": {"name": "a"}, "geometry": None}] * 2)
    message = error_of("nogeom.geojson", data)
    assert "no geometry" in message and "2 features" in message
    assert "no geometry" in error_of("empty.geojson", geojson([]))


def test_csv_without_coordinate_columns_names_the_columns():
    message = error_of("table.csv", b"town,population\nMinsk,2000000\n")
    assert "no coordinate columns" in message and "'town', 'population'" in message
    assert "lat" in message and "wkt" in message


def test_csv_coordinates_out_of_range_name_count_and_first_row():
    data = b"name,lat,lon\nok,50,10\nbad,95,10\nalso bad,10,200\n"
    message = error_of("range.csv", data)
    assert "coordinates out of range in 2 rows" in message and "first: row 2" in message


def test_csv_coordinates_that_are_not_numbers():
    message = error_of("text.csv", b"name,lat,lon\na,50,10\nb,north,10\n")
    assert "not numbers in 1 row" in message and "row 2" in message and "north" in message


def test_csv_unreadable_wkt():
    message = error_of("shapes.csv", b'wkt,name\n"POINT (1 2)",a\n"POLYGON ((0 0, 1",b\n')
    assert "unreadable WKT in 1 row" in message and "row 2" in message


def test_geojson_coordinates_out_of_range():
    data = geojson([point_feature(10, 50), point_feature(4321000, 3210000), point_feature(10, 91)])
    message = error_of("projected.geojson", data)
    assert "coordinates out of range in 2 features" in message and "first: feature 2" in message


def test_shapefile_without_prj_in_metres_is_refused(tmp_path):
    data = shapefile_zip(tmp_path, sites_frame(3035), keep={".shp", ".shx", ".dbf"})
    message = error_of("metres.zip", data)
    assert "no CRS" in message and "not longitude/latitude" in message and "3 features" in message


def test_over_the_size_limit_states_limit_and_size():
    message = error_of("huge.geojson", b" " * (MAX_BYTES + 1))
    assert f"over the 5.0 MiB ({MAX_BYTES:,} bytes) limit" in message and f"({MAX_BYTES + 1:,} bytes)" in message
    assert MAX_BYTES == 5 * 1024 * 1024


def test_too_many_features_states_the_limit():
    data = geojson([point_feature(10 + i / 1000, 50) for i in range(MAX_FEATURES + 1)])
    message = error_of("many.geojson", data)
    assert "too many features" in message and f"{MAX_FEATURES:,}" in message
    rows = "lat,lon\n" + "50,10\n" * (MAX_FEATURES + 1)
    assert "too many features" in error_of("many.csv", rows.encode())


def test_too_many_features_in_gpkg(tmp_path, monkeypatch):
    data = written(sites_frame(), tmp_path / "sites.gpkg", "GPKG")
    monkeypatch.setattr(uploads, "MAX_FEATURES", 2)
    assert "too many features" in error_of("sites.gpkg", data)


def test_too_many_vertices(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_VERTICES", 10)
    ring = [[20 + np.cos(a), 50 + np.sin(a)] for a in np.linspace(0, 2 * np.pi, 20)]
    ring[-1] = ring[0]
    data = geojson([{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}])
    message = error_of("detailed.geojson", data)
    assert "too many vertices: 20 (limit 10)" in message


def test_empty_file():
    assert "empty" in error_of("nothing.geojson", b"")
    assert "empty" in error_of("blank.csv", b"  \n\n")


def test_broken_zip_and_zip_without_shp(tmp_path):
    assert "broken zip" in error_of("zones.zip", b"PK\x03\x04" + b"\x00" * 40)
    assert "broken zip" in error_of("zones.zip", b"this is not a zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hi")
        archive.writestr("data/points.geojson", "{}")
    message = error_of("zones.zip", buffer.getvalue())
    assert "no .shp" in message and "readme.txt" in message and "points.geojson" in message


def test_zip_with_shp_but_no_shx(tmp_path):
    data = shapefile_zip(tmp_path, sites_frame(), keep={".shp", ".dbf", ".prj"})
    message = error_of("zones.zip", data)
    assert "zones.shp" in message and "no .shx" in message


def test_unreadable_geopackage():
    assert "unreadable GeoPackage" in error_of("zones.gpkg", b"SQLite format 3\x00" + b"\x01" * 500)
    message = error_of("zones.gpkg", b'{"type": "FeatureCollection"}')
    assert "unreadable GeoPackage" in message and "looks like JSON" in message


def test_gpkg_without_spatial_tables(tmp_path):
    path = tmp_path / "table.gpkg"
    pyogrio.write_dataframe(gpd.pd.DataFrame({"a": [1, 2]}), path, layer="plain", driver="GPKG")
    message = error_of("table.gpkg", path.read_bytes())
    assert "no geometry" in message and "plain" in message


def test_gdal_errors_are_wrapped():
    message = error_of("bad.kml", b"<?xml version='1.0'?><kml><Document><Placemark><name>x</Placemark>")
    assert "KML" in message
    assert "not KML" in error_of("zip.kml", b"PK\x03\x04 whatever")


def test_read_uploads_keeps_going_and_never_raises(monkeypatch):
    files = [("a.geojson", geojson([point_feature(10, 50)])), ("b.geojson", b"{"), ("c.txt", b"x"),
             ("d.csv", b"lat,lon\n50,10\n")]
    results, errors = read_uploads(files)
    assert [r.layer_id for r in results] == ["user_a", "user_d"]
    assert errors[0].startswith("b.geojson: malformed JSON") and errors[1].startswith("c.txt: unknown format")

    def boom(filename, data):
        raise RuntimeError("GDAL exploded at /tmp/secret")

    monkeypatch.setattr(uploads, "read_upload", boom)
    results, errors = read_uploads([("x.geojson", b"{}")], isolated=False)
    assert results == [] and errors == ["x.geojson: could not be read (RuntimeError)"]


# --- repairs, hostile text, ids ---------------------------------------------------------------------


def test_bow_tie_is_repaired_and_collapsed_geometry_dropped():
    bow_tie = {"type": "Polygon", "coordinates": [[[20, 50], [22, 52], [22, 50], [20, 52], [20, 50]]]}
    spike = {"type": "Polygon", "coordinates": [[[20, 50], [21, 51], [20, 50], [20, 50]]]}
    data = geojson([{"type": "Feature", "properties": {"name": "bow tie"}, "geometry": bow_tie},
                    {"type": "Feature", "properties": {"name": "collapsed"}, "geometry": spike},
                    point_feature(10, 50, name="fine"),
                    {"type": "Feature", "properties": {"name": "nothing"}, "geometry": None}])
    result = read_upload("shapes.geojson", data)
    check_common(result, "user_shapes", "shapes.geojson", 2)
    assert list(result.frame["name"]) == ["bow tie", "fine"]
    repaired = result.frame.geometry[0]
    assert repaired.geom_type == "MultiPolygon" and repaired.is_valid and abs(repaired.area - 2.0) < 1e-9
    assert "1 invalid geometry repaired, 1 dropped" in result.messages
    assert "1 feature without geometry dropped" in result.messages


def test_hostile_names_and_keys_stay_plain_text():
    data = geojson([point_feature(10, 50, **{"name": SCRIPT, IMG: SCRIPT, "comment": IMG,
                                              "nested": {"html": [IMG, 1]}, "layer": "x", "Name": "dup"})])
    result = read_upload(f"{IMG}.geojson", data)
    frame = result.frame
    assert result.layer_id == "user_img_src_x_onerror_alert_1"
    assert result.title == f"{IMG}.geojson" and frame["sources"][0] == f"upload:{IMG}.geojson"
    assert frame["name"][0] == SCRIPT
    assert frame[IMG][0] == SCRIPT and frame["comment"][0] == IMG
    assert json.loads(frame["nested"][0]) == {"html": [IMG, 1]}
    assert frame["prop_layer"][0] == "x" and frame["layer"][0] == result.layer_id
    assert {"prop_name", "prop_Name_2"} <= set(frame.columns)  # unique ignoring case (GPKG, SQLite)
    assert frame["prop_Name_2"][0] == "dup"
    for column in frame.columns.drop("geometry"):
        assert all(v is None or isinstance(v, (str, int, float)) for v in frame[column])
    assert safe_text(SCRIPT) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert safe_text(IMG) == html.escape(IMG) and "<" not in safe_text(IMG)
    assert safe_text('"><svg onload=x>') == "&quot;&gt;&lt;svg onload=x&gt;"
    assert safe_text(3) == "3"


def test_hostile_sample_survives_as_text():
    result = read_upload("hostile.geojson", (SAMPLES / "hostile.geojson").read_bytes())
    payloads = ["<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">',
                '"><svg onload=window.__pwned=1>']
    assert list(result.frame["name"]) == payloads
    assert set(payloads) <= set(result.frame.columns)  # each payload is also a property key
    assert all("<" not in safe_text(p) and '"' not in safe_text(p) for p in payloads)


def test_layer_slugs():
    slug = uploads.layer_slug
    assert slug("Ünïcødé Zones (2013).geojson") == "unicde_zones_2013"  # ø has no ascii decomposition
    assert slug("../../etc/passwd.json") == "passwd"
    assert uploads.read_upload("../../x/a b.geojson", geojson([point_feature(1, 2)])).title == "a b.geojson"
    assert slug("C:\\Users\\me\\Sites.KML") == "sites"
    assert slug("....geojson") == "upload" and slug("ж.csv") == "upload"
    assert slug("a" * 100 + ".csv") == "a" * 40
    assert slug("x" * 39 + "-yz.csv") == "x" * 39


def test_duplicate_layer_ids_get_suffixes():
    point = geojson([point_feature(10, 50, name="a")])
    results, errors = read_uploads([("sites.geojson", point), ("Sites.geojson", point), ("bad.kml", b"<"),
                                    ("sites.csv", b"lat,lon\n50,10\n")])
    assert [r.layer_id for r in results] == ["user_sites", "user_sites_2", "user_sites_3"]
    assert len(errors) == 1 and errors[0].startswith("bad.kml: ")
    second = results[1].frame
    assert list(second["layer"]) == ["user_sites_2"] and list(second["id"]) == ["user_sites_2-1"]
    assert results[1].title == "Sites.geojson"


def test_upload_exports_as_geojson_and_reads_back():
    result = read_upload("hostile.geojson", (SAMPLES / "hostile.geojson").read_bytes())
    data = export.export_bytes({result.layer_id: result.frame}, "geojson")
    back = pyogrio.read_dataframe(io.BytesIO(data))
    assert list(back["id"]) == list(result.frame["id"])
    assert list(back["name"]) == list(result.frame["name"])
    assert back.crs.to_epsg() == 4326
    assert np.allclose(coords(back), coords(result.frame))
    document = json.loads(data)
    assert document["features"][0]["properties"]['"><svg onload=window.__pwned=1>'] == \
        "<script>window.__pwned=1</script>"
    again = read_upload("again.geojson", data)
    assert len(again.frame) == 3
