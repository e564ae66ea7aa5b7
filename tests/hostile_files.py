"""Hostile upload files, generated: each is inside the 5 MiB / 5,000-feature limits and once cost
minutes of CPU, gigabytes of memory or the process (issue 15).

:data:`CASES` maps a case name to ``(make, expect)``: ``make()`` returns ``(filename, bytes)``;
``expect`` is a text the error line contains (the file is refused), or, prefixed with ``"ok:"``,
a text one of the result's messages contains (the file is read).
"""

from __future__ import annotations

import io
import json
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np

MIB = 1024 * 1024


def _collection(features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _feature(geometry, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def star(points: int) -> tuple[str, bytes]:
    """A star polygon {n/k}, k about n/2: every edge crosses almost every other (n²/4 crossings)."""
    step = (points - 1) // 2
    angles = np.arange(points) * 2 * np.pi * step / points
    ring = [[round(20 + np.cos(a), 6), round(50 + np.sin(a), 6)] for a in angles]
    return f"star_{points}.geojson", _collection([_feature({"type": "Polygon", "coordinates": [ring + ring[:1]]},
                                                           name=f"star {points}")])


def wide_keys(features: int = 5000) -> tuple[str, bytes]:
    """Every feature its own property name: 5,000 columns × 5,000 rows once the table is built."""
    return "wide_keys.geojson", _collection([_feature({"type": "Point", "coordinates": [10 + i / 1e4, 50]},
                                                      **{f"k{i}": i}) for i in range(features)])


def wide_header(columns: int = 60_000) -> tuple[str, bytes]:
    """A CSV whose header has 60,000 columns (pandas' C parser aborted with std::bad_alloc)."""
    header = "lat,lon," + ",".join(f"c{i}" for i in range(columns - 2))
    return "wide_header.csv", (header + "\n" + "50,10\n" * 20).encode()


def many_folders(folders: int = 1000) -> tuple[str, bytes]:
    """A KML with one placemark in each of 1,000 folders (GDAL parses the file once per folder)."""
    body = "".join(f"<Folder><name>f{i}</name><Placemark><name>p{i}</name><Point><coordinates>{10 + i / 1e3},50"
                   f"</coordinates></Point></Placemark></Folder>" for i in range(folders))
    return "folders.kml", _kml(body)


def _kml(body: str, name: str | None = "doc") -> bytes:
    head = f"<name>{name}</name>" if name is not None else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            f"{head}{body}</Document></kml>").encode()


@lru_cache(maxsize=1)
def lying_zip(inflated: int = 256 * MIB) -> tuple[str, bytes]:
    """A zipped Shapefile whose .dbf inflates to 256 MiB but whose headers declare 1,000 bytes."""
    parts = _shapefile_parts()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for ext in (".shp", ".shx", ".prj"):
            archive.writestr(f"zones{ext}", parts[ext])
        info = zipfile.ZipInfo("zones.dbf")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=False) as target:
            target.write(parts[".dbf"])
            zeros = bytes(MIB)
            for _ in range((inflated - len(parts[".dbf"])) // MIB):
                target.write(zeros)
    data = bytearray(buffer.getvalue())
    declared = (1000).to_bytes(4, "little")
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + 9] == b"zones.dbf":
                data[start + offset:start + offset + 4] = declared
            start += 4
    return "lying.zip", bytes(data)


@lru_cache(maxsize=1)
def _shapefile_parts(encoding: str | None = None, names=("Deveselu",)) -> dict[str, bytes]:
    import tempfile

    import geopandas as gpd
    import pyogrio
    import shapely

    frame = gpd.GeoDataFrame({"name": list(names)}, geometry=[shapely.Point(24.4 + i, 44.1) for i in range(len(names))],
                             crs=4326)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "zones.shp"
        pyogrio.write_dataframe(frame, path, driver="ESRI Shapefile", encoding=encoding)
        return {p.suffix: p.read_bytes() for p in Path(folder).iterdir()}


def cp1251_dbf() -> tuple[str, bytes]:
    """A Shapefile with Cyrillic names in Windows-1251, zipped without its .cpg and with no code page byte."""
    parts = dict(_shapefile_parts("cp1251", ("Барановичи", "Москва")))
    parts.pop(".cpg", None)
    dbf = bytearray(parts[".dbf"])
    dbf[29] = 0
    parts[".dbf"] = bytes(dbf)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for ext, data in parts.items():
            archive.writestr(f"towns{ext}", data)
    return "towns.zip", buffer.getvalue()


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)",
            "\t=1", "\r=1"]


def formula_cells() -> tuple[str, bytes]:
    return "formulas.geojson", _collection([_feature({"type": "Point", "coordinates": [10 + i / 10, 50]},
                                                     name=text, value=-3.5) for i, text in enumerate(FORMULAS)])


def reserved_names() -> tuple[str, bytes]:
    return "reserved.geojson", _collection([_feature({"type": "Point", "coordinates": [10, 50]},
                                                     fid="a", geom="b", OGC_FID="c", name="x")])


def reserved_csv() -> tuple[str, bytes]:
    return "reserved.csv", b"lat,lon,fid,geom,geometry\n50,10,a,b,c\n"


def kml_without_name() -> tuple[str, bytes]:
    return "unnamed.kml", _kml("<Placemark><name>a</name><Point><coordinates>10,50</coordinates></Point></Placemark>",
                               name=None)


def kml_nan() -> tuple[str, bytes]:
    body = ("<Placemark><name>a</name><Point><coordinates>10,50</coordinates></Point></Placemark>"
            "<Placemark><name>b</name><Point><coordinates>nan,nan</coordinates></Point></Placemark>")
    return "nan.kml", _kml(body)


def kml_abc() -> tuple[str, bytes]:
    return "abc.kml", _kml("<Placemark><name>b</name><Point><coordinates>abc,50</coordinates></Point></Placemark>")


def csv_nan() -> tuple[str, bytes]:
    return "nan.csv", b"name,lat,lon\na,50,10\nb,nan,10\n"


def huge_name() -> tuple[str, bytes]:
    """One feature whose name is 5 MiB of ``<`` (each escapes to ``&lt;``, then ``\\u0026lt;`` in a script)."""
    head = _collection([_feature({"type": "Point", "coordinates": [10, 50]}, name="")])
    room = 5 * MIB - len(head) - 16
    return "huge_name.geojson", head.replace(b'"name": ""', b'"name": "' + b"<" * room + b'"')


def z_values() -> tuple[str, bytes]:
    return "heights.geojson", _collection([_feature({"type": "Point", "coordinates": [10, 50, 120]}, name="a")])


def deep_wkt(depth: int) -> tuple[str, bytes]:
    """A CSV whose one WKT cell is a GeometryCollection nested ``depth`` deep (20,000: 0.4 MB; the server
    segfaulted unpickling it from ~15,000 levels, and at 500-3,000 every rerun was a RecursionError)."""
    wkt = "GEOMETRYCOLLECTION(" * depth + "POINT(10 50)" + ")" * depth
    return f"deep_{depth}.csv", f'name,wkt\na,"{wkt}"\n'.encode()


def deep_geojson(depth: int = 400) -> tuple[str, bytes]:
    """A GeometryCollection nested ``depth`` deep in GeoJSON (twice as many JSON levels)."""
    geometry = {"type": "Point", "coordinates": [10, 50]}
    for _ in range(depth):
        geometry = {"type": "GeometryCollection", "geometries": [geometry]}
    return "deep.geojson", _collection([_feature(geometry, name="deep")])


def deep_kml(depth: int = 2000) -> tuple[str, bytes]:
    """A placemark whose MultiGeometry is nested ``depth`` deep."""
    body = "<MultiGeometry>" * depth + "<Point><coordinates>10,50</coordinates></Point>" + "</MultiGeometry>" * depth
    return "deep.kml", _kml(f"<Placemark><name>deep</name>{body}</Placemark>")


@lru_cache(maxsize=4)
def big_dbf(records: int = 5000, fields: int = 41, width: int = 254, tag: int = 0) -> tuple[str, bytes]:
    """A zipped Shapefile of ``records`` points with ``fields`` text fields of ``width`` characters (5,000 × 41 ×
    254: a 52 MB .dbf under the 50 MiB unzip limit, 0.3 MB zipped; the red team's issue 36.2). Each ``tag`` gives
    other bytes (distinct uploads)."""
    import tempfile

    import geopandas as gpd
    import pyogrio
    import shapely

    pad = "abcdefghij" * (width // 10 + 1)
    columns = {f"f{j:02d}": [f"{tag}:{i}:{j}:{pad}"[:width] for i in range(records)] for j in range(fields)}
    frame = gpd.GeoDataFrame(columns, geometry=shapely.points(np.c_[10 + np.arange(records) % 100 / 10,
                                                                     50 + np.arange(records) // 100 / 100]), crs=4326)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        pyogrio.write_dataframe(frame, Path(folder) / "wide.shp", driver="ESRI Shapefile")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, path.name)
    return f"wide_{tag}.zip", buffer.getvalue()


@lru_cache(maxsize=4)
def gpkg_view(blob: int = 350 * 1000 * 1000, rows: int = 1, tag: int = 0) -> tuple[str, bytes]:
    """A small GeoPackage whose one feature table is an SQL view returning a ``blob``-byte text per row (the
    file holds only the view's SQL: 350 MB from a ~100 KB file; the red team's issue 36.3)."""
    import sqlite3
    import tempfile

    import geopandas as gpd
    import pyogrio
    import shapely

    frame = gpd.GeoDataFrame({"name": [f"p{tag}-{i}" for i in range(rows)]},
                             geometry=[shapely.Point(10 + i / 100, 50) for i in range(rows)], crs=4326)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "view.gpkg"
        pyogrio.write_dataframe(frame, path, layer="base", driver="GPKG")
        with sqlite3.connect(path) as db:
            db.execute(f"CREATE VIEW big AS SELECT fid, geom, name, zeroblob({blob}) AS payload FROM base")
            db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                       "VALUES ('big', 'features', 'big', 4326)")
            db.execute("INSERT INTO gpkg_geometry_columns VALUES ('big', 'geom', 'POINT', 4326, 0, 0)")
            db.execute("DELETE FROM gpkg_contents WHERE table_name = 'base'")
            db.execute("DELETE FROM gpkg_geometry_columns WHERE table_name = 'base'")
        return f"view_{tag}.gpkg", path.read_bytes()


CASES = {
    "star_201": (lambda: star(201), "ok:1 invalid geometry repaired"),
    "star_501": (lambda: star(501), "too complex to repair"),
    "star_2001": (lambda: star(2001), "too complex to repair"),
    "wide_keys": (wide_keys, "too many columns"),
    "wide_header": (wide_header, "too many columns: 60,000"),
    "many_folders": (many_folders, "too many KML folders"),
    "lying_zip": (lying_zip, "unzips to more than 50.0 MiB"),
    "formula_cells": (formula_cells, "ok:7 features read"),
    "reserved_names": (reserved_names, "ok:'fid' → 'prop_fid'"),
    "reserved_csv": (reserved_csv, "ok:'geom' → 'prop_geom'"),
    "cp1251_dbf": (cp1251_dbf, "ok:read as Windows-1251"),
    "kml_without_name": (kml_without_name, "ok:1 feature read"),
    "kml_nan": (kml_nan, "coordinates are not numbers in placemark 2 ('nan')"),
    "kml_abc": (kml_abc, "coordinates are not numbers in placemark 1 ('abc')"),
    "csv_nan": (csv_nan, "coordinates are not numbers in 1 row (first: row 2"),
    "huge_name": (huge_name, "ok:shortened to 300 characters on the map"),
    "z_values": (z_values, "ok:Z (height) values dropped from 1 feature"),
    "deep_wkt_20000": (lambda: deep_wkt(20_000), "geometry nested too deeply in row 1: 20,001 levels of parentheses "
                                                  "in its WKT (limit 32 levels)"),
    "deep_wkt_1000": (lambda: deep_wkt(1000), "nested too deeply in row 1: 1,001 levels"),
    "deep_wkt_40": (lambda: deep_wkt(40), "nested too deeply in row 1: 41 levels"),
    "deep_wkt_20": (lambda: deep_wkt(20), "ok:1 feature read"),
    "deep_geojson": (deep_geojson, "nested too deeply: 805 levels of JSON arrays and objects (limit 32 levels)"),
    "deep_kml": (deep_kml, "nested too deeply: 2,005 levels of XML elements (limit 32 levels)"),
}
