"""The upload worker (issue 26): it never runs the caller's ``__main__``, starts in well under a second,
bounds nesting before anything reaches the caller, and marks the outcomes that depend on load."""

from __future__ import annotations

import json
import sys
import types

import numpy as np
import pytest
import shapely

from hostile_files import deep_wkt
from geo.uploads import MAX_NESTING, WORKER, read_upload, read_uploads, worker
from geo.uploads.errors import UploadError
from geo.uploads.nesting import geometry_depth, json_depth, xml_depth

ONE_POINT = ("one.geojson", json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "a"}, "geometry": {"type": "Point", "coordinates": [10, 50]}}]}).encode())


def _collection(depth: int):
    geometry = shapely.Point(10, 50)
    for _ in range(depth):
        geometry = shapely.GeometryCollection([geometry])
    return geometry


def test_a_worker_never_runs_the_callers_main(tmp_path, monkeypatch):
    """Under ``streamlit run`` sys.modules["__main__"] is app.py's module, with its ``__file__``: multiprocessing's
    children re-ran it (spawn.prepare) and built every layer before reading a one-point file."""
    marker = tmp_path / "ran"
    script = tmp_path / "app.py"
    script.write_text(f"import pathlib, time\npathlib.Path({str(marker)!r}).write_text('ran')\ntime.sleep(3)\n")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    monkeypatch.setattr(worker, "_server", None, raising=False)  # a server started under this __main__
    read_uploads([("warm.csv", b"lat,lon\n50,10\n")])
    results, errors = read_uploads([ONE_POINT])
    assert not errors and len(results[0].frame) == 1
    assert not marker.exists()


def test_every_read_is_a_child_of_one_fork_server():
    """No interpreter started per file (what made a read cost seconds): the same server forks each read. How
    long a read takes, against starting Python, is measured by ``make bench`` (bench/uploads.py)."""
    worker.prestart()
    server = worker._server
    for _ in range(5):
        results, errors = read_uploads([ONE_POINT])
        assert not errors and results[0].frame["name"].tolist() == ["a"]
    assert worker._server is server and server.alive()


def test_nesting_is_measured_without_parsing():
    assert json_depth(b'{"a": [[1, 2], {"b": "[[[[[[["}]}') == 3  # brackets inside strings do not count
    assert json_depth(b'{"a": "\\"[[[[", "b": [1]}') == 2
    assert xml_depth(b"<?xml version='1.0'?><kml><Document><!-- note --><Point/><b></b></Document></kml>") == 3
    depths = geometry_depth(np.array([None, shapely.Point(1, 2), shapely.MultiPoint([(1, 2)]), _collection(3),
                                      _collection(40)], dtype=object), MAX_NESTING)
    assert depths.tolist() == [0, 1, 2, 4, MAX_NESTING + 1]


def test_a_deep_collection_read_by_gdal_is_refused_too():
    """WKT and GeoJSON texts are refused before parsing; a geometry from any format is checked once read."""
    from geo.uploads.nesting import check_geometry

    check_geometry("ok.gpkg", np.array([_collection(MAX_NESTING - 1)], dtype=object), ["feature 1"], MAX_NESTING)
    with pytest.raises(UploadError) as error:
        check_geometry("deep.gpkg", np.array([shapely.Point(0, 0), _collection(MAX_NESTING)], dtype=object),
                       ["feature 1", "feature 2"], MAX_NESTING)
    assert str(error.value) == ("deep.gpkg: geometry nested too deeply in feature 2: more than 32 levels of "
                                "collections (limit 32 levels)")


def test_nesting_within_the_limit_reaches_the_map():
    from shieldmap.web import webmap

    result = read_upload(*deep_wkt(20))
    shown = webmap.layer_geojson(result.frame, lambda ids: [])
    assert shown["features"][0]["geometry"]["type"] == "GeometryCollection"


def test_a_timeout_is_transient_and_a_bad_file_is_not():
    import dataclasses

    from geo.uploads import current_limits

    with pytest.raises(UploadError) as timeout:
        worker.read_in_worker("late.csv", "late.csv", b"lat,lon\n50,10\n", current_limits(),
                              dataclasses.replace(WORKER, timeout=0.001))
    assert timeout.value.transient and str(timeout.value) == "late.csv: reading it took longer than the 0.001 s limit"
    with pytest.raises(UploadError) as bad:
        worker.read_in_worker("bad.csv", "bad.csv", b"lat,lon\n95,10\n", current_limits(), WORKER)
    assert not getattr(bad.value, "transient", False) and "coordinates out of range" in str(bad.value)
