"""Write the sample upload files the tests (and the browser tests) use.

    .venv/bin/python tests/data/uploads/make_samples.py

Deterministic: the same bytes on every run (GeoPackage timestamp pinned, zip
entries dated 1980-01-01). Text files are written here too so that this script
is the single source of every sample.

- sites.geojson    3 named points (Deveselu, Redzikowo, Baranovichi), WGS84
- hostile.geojson  names, property values and a property key carrying script/HTML payloads
- broken.geojson   truncated JSON (malformed)
- points.csv       lat/lon columns, 3 rows
- area.kml         one polygon and one point, written by GDAL's KML driver
- zones.gpkg       2 polygons in EPSG:3035 (LAEA Europe), layer "zones", to exercise reprojection
- zones_shp.zip    the same 2 polygons as a Shapefile in EPSG:3857 (.shp/.shx/.dbf/.prj/.cpg)
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

HERE = Path(__file__).resolve().parent
PINNED = (1980, 1, 1, 0, 0, 0)

SITES = [("Deveselu", 24.4114, 44.0781), ("Redzikowo", 17.1044, 54.4789), ("Baranovichi", 26.0386, 53.1327)]
ZONES = [("Deveselu zone", shapely.box(23.9, 43.8, 24.9, 44.4)),
         ("Baranovichi zone", shapely.box(25.6, 52.8, 26.5, 53.4))]
HOSTILE = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=window.__pwned=1>',
]


def sites_geojson() -> bytes:
    features = [{"type": "Feature", "properties": {"name": name, "country": country},
                 "geometry": {"type": "Point", "coordinates": [lon, lat]}}
                for (name, lon, lat), country in zip(SITES, ["Romania", "Poland", "Belarus"])]
    return _json({"type": "FeatureCollection", "features": features})


def hostile_geojson() -> bytes:
    features = []
    for i, payload in enumerate(HOSTILE):
        others = HOSTILE[(i + 1) % 3], HOSTILE[(i + 2) % 3]
        features.append({"type": "Feature",
                         "properties": {"name": payload, "comment": others[0], others[1]: payload},
                         "geometry": {"type": "Point", "coordinates": [20.0 + i, 50.0 + i]}})
    return _json({"type": "FeatureCollection", "features": features})


def broken_geojson() -> bytes:
    return sites_geojson()[:150]


def points_csv() -> bytes:
    lines = ["name,lat,lon,kind"] + [f"{name},{lat},{lon},site" for name, lon, lat in SITES]
    return ("\n".join(lines) + "\n").encode()


def _zones(crs) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame({"name": [z[0] for z in ZONES], "area_id": [1, 2]},
                             geometry=[z[1] for z in ZONES], crs=4326)
    return frame.to_crs(crs)


def area_kml() -> bytes:
    frame = gpd.GeoDataFrame({"name": ["Deveselu area", "Deveselu"], "note_text": ["polygon", "point"]},
                             geometry=[ZONES[0][1], shapely.Point(SITES[0][1], SITES[0][2])], crs=4326)
    return _written(frame, "area.kml", "KML")


def zones_gpkg() -> bytes:
    from geo.export import pyogrio_config

    # pinned timestamp; small pages, no spatial index or metadata tables: ~24 KB instead of ~96 KB
    with pyogrio_config({"OGR_CURRENT_DATE": "2000-01-01T00:00:00Z", "OGR_SQLITE_PRAGMA": "page_size=1024"}):
        return _written(_zones(3035), "zones.gpkg", "GPKG", layer_options={"SPATIAL_INDEX": "NO"},
                        dataset_options={"METADATA_TABLES": "NO", "ADD_GPKG_OGR_CONTENTS": "NO"})


def zones_shp_zip() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "zones.shp"
        pyogrio.write_dataframe(_zones(3857), path, driver="ESRI Shapefile", encoding="UTF-8")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(Path(folder).iterdir()):
                info = zipfile.ZipInfo(part.name, date_time=PINNED)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, part.read_bytes())
        return buffer.getvalue()


def _written(frame: gpd.GeoDataFrame, name: str, driver: str, **options) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        pyogrio.write_dataframe(frame, path, driver=driver, layer=Path(name).stem, **options)
        return path.read_bytes()


def _json(document) -> bytes:
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode()


SAMPLES = {
    "sites.geojson": sites_geojson, "hostile.geojson": hostile_geojson, "broken.geojson": broken_geojson,
    "points.csv": points_csv, "area.kml": area_kml, "zones.gpkg": zones_gpkg, "zones_shp.zip": zones_shp_zip,
}


def main(folder: Path = HERE) -> None:
    for name, make in SAMPLES.items():
        data = make()
        (folder / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
