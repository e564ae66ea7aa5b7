"""Uploaded files' problems and notes in the reader's language (issue 24): each message of the upload reader
is a marked template and its values (``geo.texts.Text``) that crosses the worker process whole, so the app
and ``shieldmap --lang ru export --add`` show it in Russian, and its English is the same as before."""

from __future__ import annotations

import io
import json
import pickle
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hostile_files import CASES
from geo import uploads
from geo.uploads import UploadError, WorkerLimits, read_isolated, read_uploads
from shieldmap import i18n

ROOT = Path(__file__).resolve().parents[2]
CYRILLIC = re.compile("[А-Яа-яЁё]")
ENGLISH = re.compile(r"\b[A-Za-z]{2,}[ ,;:]+[a-z]{2,}\b")
"""Two Latin words in a row, the second in lower case: a piece of an English sentence."""


def _zip(**members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, text in members.items():
            archive.writestr(member.replace("_", "."), text)
    return buffer.getvalue()


def _point(lon: float) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [lon, 10]}}]}).encode()


BAD = {  # each: (file name, bytes), its English line exactly as the reader wrote it before it was translated
    "png": (("png.geojson", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
            "png.geojson: not GeoJSON: the file is not UTF-8 text (bad byte at offset 0); it looks like a PNG image, "
            "not GeoJSON"),
    "format": (("notes.txt", b"abc"), "notes.txt: unknown format ('.txt'); supported: .geojson, .json, .kml, .gpkg, "
                                      ".zip, .csv (a Shapefile must be zipped with its .shx, .dbf and .prj)"),
    "empty": (("empty.csv", b""), "empty.csv: the file is empty"),
    "columns": (("columns.csv", b"name,value\na,1\n"), "columns.csv: no coordinate columns: expected "
                "lat/latitude/y and lon/lng/long/longitude/x, or a WKT column (wkt/geometry/geom); found 'name', 'value'"),
    "range": (("range.csv", b"lat,lon\n95,10\n100,10\n"), "range.csv: coordinates out of range in 2 rows (first: "
              "row 1, lat=95, lon=10); expected latitude -90..90 and longitude -180..180, rows counted from 1 after "
              "the header"),
    "outside": (("outside.geojson", _point(500)), "outside.geojson: coordinates out of range in 1 feature (first: "
                "feature 1); expected longitude -180..180 and latitude -90..90 (GeoJSON coordinates must be WGS84 "
                "longitude/latitude)"),
    "zip_as_gpkg": (("zip.gpkg", b"PK\x03\x04" + b"\0" * 100), "zip.gpkg: unreadable GeoPackage: the file is not an "
                    "SQLite database; it looks like a zip archive, not GeoPackage"),
    "json": (("broken.json", b'{"type": "Feature",'), "broken.json: malformed JSON at line 1, column 20: Expecting "
             "property name enclosed in double quotes"),
    "wkt": (("wkt.csv", b'name,wkt\na,"POINT(1"\n'), "wkt.csv: unreadable WKT in 1 row of column 'wkt' (first: "
            "row 1: 'POINT(1'); rows are counted from 1 after the header"),
    "no_shp": (("noshp.zip", _zip(readme_txt="x")), "noshp.zip: the zip has no .shp file (found: readme.txt); zip "
               "one Shapefile with its .shx, .dbf and .prj"),
    "blank": (("blank.csv", b"lat,lon\n,\n"), "blank.csv: no geometry: the only row has none"),
    "csv_nan": (CASES["csv_nan"][0](), "nan.csv: coordinates are not numbers in 1 row (first: row 2, lat='nan', "
                "lon='10'); rows are counted from 1 after the header"),
    "kml_abc": (CASES["kml_abc"][0](), "abc.kml: coordinates are not numbers in placemark 1 ('abc'); placemarks are "
                "counted from 1 in the file's order"),
    "deep_geojson": (CASES["deep_geojson"][0](), "deep.geojson: nested too deeply: 805 levels of JSON arrays and "
                     "objects (limit 32 levels)"),
    "many_folders": (CASES["many_folders"][0](), "folders.kml: too many KML folders: 1,000 (limit 100)"),
    "wide_header": (CASES["wide_header"][0](), "wide_header.csv: too many columns: 60,000 in the header (limit 500)"),
    "lying_zip": (CASES["lying_zip"][0](), "lying.zip: the Shapefile unzips to more than 50.0 MiB (the limit), "
                  "whatever its headers say"),
    "star_501": (CASES["star_501"][0](), "star_501.geojson: invalid geometry too complex to repair in feature 1: its "
                 "edges cross more than 20,000 times (limit 20,000); repair it in a GIS first"),
}

GOOD = {  # files that are read, with notes: their messages, in English, as before
    "reserved_names": ["1 feature read", "Properties renamed (the name is reserved, taken or too long): 'fid' → "
                       "'prop_fid', 'geom' → 'prop_geom', 'OGC_FID' → 'prop_OGC_FID'"],
    "z_values": ["1 feature read", "Reprojected from EPSG:4979 (WGS 84) to EPSG:4326 (WGS84)",
                 "Z (height) values dropped from 1 feature: the map is 2D"],
    "huge_name": ["1 feature read", "1 long text value shortened to 300 characters on the map (exports keep them whole)"],
    "cp1251_dbf": ["2 features read", "No .cpg file: the .dbf text was read as Windows-1251 (Cyrillic), a guess from "
                   "its bytes; add a .cpg file naming the encoding if the text looks wrong"],
    "star_201": ["1 feature read", "1 invalid geometry repaired, 0 dropped"],
}


def _russian(text: str, filename: str) -> None:
    """``text`` is Russian: it has Cyrillic and, the file name and quoted values from the file aside, no piece of
    an English sentence."""
    rest = re.sub(r"'[^']*'", "''", text.replace(filename, "FILE"))
    assert CYRILLIC.search(rest), text
    assert not ENGLISH.search(rest), (ENGLISH.search(rest), text)


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_file_is_explained_in_russian_through_the_worker(case):
    (filename, data), english = BAD[case]
    with pytest.raises(UploadError) as caught:
        read_isolated(filename, data)
    error = caught.value
    assert str(error) == english and error.filename == filename and f"{filename}: {error.reason}" == english
    assert i18n.explain(error) == english  # the English reader sees what she saw before
    with i18n.language("ru"):
        russian = i18n.explain(error)
    assert russian.startswith(filename + ": ") and "\n" not in russian
    _russian(russian, filename)


@pytest.mark.parametrize("case", list(GOOD))
def test_a_read_files_notes_are_in_russian_through_the_worker(case):
    filename, data = CASES[case][0]()
    result, _ = read_isolated(filename, data)
    assert list(result.messages) == GOOD[case]
    with i18n.language("ru"):
        notes = [i18n.explain(message) for message in result.messages]
    for note in notes:
        _russian(note, filename)
    assert notes[0] in ("прочитан 1 объект", "прочитано 2 объекта")


def test_numbers_and_sizes_in_russian_notation():
    with i18n.language("ru"):
        lines = [i18n.explain(error) for error in read_uploads([BAD[case][0] for case in ("wide_header", "lying_zip")])[1]]
    assert lines == ["wide_header.csv: слишком много столбцов: 60\xa0000 в заголовке (предел — 500)",
                     "lying.zip: Shapefile распаковывается в более чем 50,0 МиБ (предел), что бы ни говорили его "
                     "заголовки"]


def test_the_workers_own_failures_are_translated(monkeypatch):
    """A worker over its memory limit and one over its wall-clock time: the caller's messages, in Russian too."""
    filename, data = CASES["huge_name"][0]()
    monkeypatch.setattr(uploads, "WORKER", WorkerLimits(cpu_seconds=8, memory_bytes=1024 * 1024, timeout=20))
    with pytest.raises(UploadError) as memory:
        read_isolated(filename, data)
    assert str(memory.value) == "huge_name.geojson: reading it needed more than the 1.0 MiB memory limit"
    filename, data = CASES["star_201"][0]()
    monkeypatch.setattr(uploads, "WORKER", WorkerLimits(cpu_seconds=8, timeout=0.01))
    with pytest.raises(UploadError) as slow:
        read_isolated(filename, data)
    assert str(slow.value) == "star_201.geojson: reading it took longer than the 0.01 s limit" and slow.value.transient
    with i18n.language("ru"):
        assert i18n.explain(memory.value) == "huge_name.geojson: для чтения понадобилось больше предела памяти 1,0 МиБ"
        assert i18n.explain(slow.value) == "star_201.geojson: чтение заняло больше предела 0,01 с"


def test_a_file_name_is_data_not_a_template():
    """Braces and Markdown in a file name are shown as they are, in both languages."""
    name = "{reason}*x*_{0}.txt"
    with pytest.raises(UploadError) as caught:
        read_isolated(name, b"abc")
    assert str(caught.value).startswith(name + ": unknown format ('.txt')")
    with i18n.language("ru"):
        assert i18n.explain(caught.value).startswith(name + ": неизвестный формат ('.txt')")


def test_cli_add_a_bad_file_in_russian(tmp_path):
    bad = tmp_path / "columns.csv"
    bad.write_bytes(BAD["columns"][0][1])
    out = tmp_path / "x.geojson"
    command = [sys.executable, "-m", "shieldmap.cli", "--lang", "ru", "export", "--out", str(out), "--add", str(bad)]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "LANG": "C"},
                         timeout=120)
    assert run.returncode == 2 and not out.exists()
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "columns.csv: нет столбцов координат: ожидаются lat/latitude/y" in lines[0], run.stderr
    _russian(lines[0].split("columns.csv: ", 1)[1], "columns.csv")
    english = subprocess.run(command[:3] + command[5:], capture_output=True, text=True, cwd=ROOT,
                             env={"PYTHONPATH": str(ROOT), "LANG": "C"}, timeout=120)
    assert english.returncode == 2 and BAD["columns"][1] in english.stderr


def test_an_upload_error_pickles_with_its_template_and_values():
    """Rebuilt from its pickle (as a process boundary does), an error still says the same in both languages."""
    (filename, data), english = BAD["range"]
    with pytest.raises(UploadError) as caught:
        read_isolated(filename, data)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (str(copy), copy.filename, copy.reason) == (english, filename, caught.value.reason)
    with i18n.language("ru"):
        assert i18n.explain(copy) == i18n.explain(caught.value) == (
            "range.csv: координаты вне допустимого диапазона: 2 строки (первая: строка 1, lat=95, lon=10); ожидаются "
            "широта -90..90 и долгота -180..180, строки считаются с 1 после заголовка")
