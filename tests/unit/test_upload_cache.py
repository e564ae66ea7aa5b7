"""The app's upload cache (issue 26): each file is read once, whatever else is uploaded with it; only
outcomes the file decides are kept (a timeout under load is read again); an upload's features go to the
browser as a static file, with bounded popups and geometry."""

from __future__ import annotations

import dataclasses
import json

import shapely
from streamlit.proto.Common_pb2 import FileURLs
from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

from geo import uploads
from geo.uploads import display
from geo.uploads.display import DISPLAY_PROPERTIES
from shieldmap.ui import cache
from shieldmap.web import layer_files


def uploaded(name: str, data: bytes, file_id: str | None = None) -> UploadedFile:
    """What st.file_uploader returns for a file (Streamlit's own class)."""
    return UploadedFile(UploadedFileRec(file_id or f"id-{name}-{len(data)}", name, "application/octet-stream", data),
                        FileURLs())


def point_csv(lat: float) -> bytes:
    return f"name,lat,lon\nsite,{lat},10\n".encode()


def test_each_file_is_read_once_and_load_failures_are_not_kept(tmp_path, monkeypatch):
    cache.forget_uploads()
    reads = []
    real = cache.read_isolated

    def counted(name, data, waiting=None):  # the real reader, counted
        reads.append(name)
        return real(name, data, waiting)

    monkeypatch.setattr(cache, "read_isolated", counted)
    a, b = uploaded("a.csv", point_csv(50.5)), uploaded("b.csv", point_csv(51.5))
    found, errors = cache.uploads(tmp_path, [a])
    assert not errors and [upload.layer.id for upload in found] == ["user_a"]
    found, errors = cache.uploads(tmp_path, [a, b])
    found, errors = cache.uploads(tmp_path, [b, a, uploaded("b.csv", point_csv(51.5), "another upload")])
    assert not errors and [upload.layer.id for upload in found] == ["user_b", "user_a", "user_b_2"]
    assert sorted(reads) == ["a.csv", "b.csv"]  # adding a file never re-reads the others; same bytes, same read

    bad = uploaded("bad.csv", point_csv(95))
    cache.uploads(tmp_path, [bad])
    _, errors = cache.uploads(tmp_path, [bad])
    assert errors == [errors[0]] and "out of range" in errors[0] and reads.count("bad.csv") == 1  # decided: kept

    late = uploaded("late.csv", point_csv(52.5))
    monkeypatch.setattr(uploads, "WORKER", dataclasses.replace(uploads.WORKER, timeout=0.001))
    _, errors = cache.uploads(tmp_path, [late])
    assert errors == ["late.csv: reading it took longer than the 0.001 s limit"]
    monkeypatch.undo()
    monkeypatch.setattr(cache, "read_isolated", counted)
    found, errors = cache.uploads(tmp_path, [late])  # the machine is no longer busy: read again, and read
    assert not errors and len(found[0].frame) == 1


def test_an_upload_goes_to_the_browser_as_a_file_with_bounded_popups(tmp_path):
    columns = [f"c{i}" for i in range(499 - 2)]
    rows = "\n".join(f"{50 + i / 100},{10 + i / 100}," + ",".join(f"v{i}" for _ in columns) for i in range(200))
    wide = uploaded("wide.csv", ("lat,lon," + ",".join(columns) + "\n" + rows + "\n").encode())
    found, errors = cache.uploads(tmp_path, [wide])
    assert not errors
    frame, shown, messages = found[0].frame, found[0].display, found[0].messages
    assert len(frame.columns) == 11 + 499 + 1  # the frame (and every download) keeps every column
    assert shown.url.startswith(layer_files.URL_PREFIX)  # what the map script carries: a URL
    data = json.loads(layer_files.local_path(tmp_path, shown.url).read_text())
    popup = data["features"][0]["properties"]["popup"]
    assert popup.count("<tr>") <= 6 + DISPLAY_PROPERTIES + 1
    assert "and 479 more properties (the downloads have them all)" in popup
    assert any("Popups list the first 20 of the 499 properties" in m for m in messages)


def test_what_is_drawn_is_bounded_and_the_frame_keeps_everything():
    many = "MULTIPOINT (" + ", ".join(f"{10 + i % 500 / 100:g} {50 + i // 500 / 100:g}" for i in range(150_000)) + ")"
    line = "LINESTRING (" + ", ".join(f"{i / 10_000:g} {50 + i % 7 / 100:g}" for i in range(200_000)) + ")"
    text = f'wkt\n"{many}"\n"{line}"\n'.encode()
    assert len(text) < uploads.MAX_BYTES
    result = uploads.read_upload("big.csv", text)
    drawn = result.display.geometry.values
    assert shapely.get_num_coordinates(result.frame.geometry.values).tolist() == [150_000, 200_000]
    assert shapely.get_num_coordinates(drawn[0]) <= display.DISPLAY_POINTS
    assert shapely.get_num_coordinates(drawn[1]) <= display.DISPLAY_VERTICES
    assert any("150,000 points drawn as about 5,000" in m for m in result.messages)
    assert any("200,000 vertices drawn with at most 100,000" in m for m in result.messages)


def test_the_same_upload_has_popups_in_each_readers_language(tmp_path):
    from shieldmap import i18n

    columns = [f"c{i}" for i in range(23)]
    row = "52.0,21.0," + ",".join("v" for _ in columns)
    data = ("lat,lon," + ",".join(columns) + "\n" + row + "\n").encode()
    popups = {}
    for lang in ("ru", "en", "ru"):  # a Russian reader first: the English one must not get her popups
        with i18n.language(lang):
            found, errors = cache.uploads(tmp_path, [uploaded("wide.csv", data, file_id="same")])
        assert not errors
        shown = found[0].display
        popups.setdefault(lang, set()).add(
            json.loads(layer_files.local_path(tmp_path, shown.url).read_text())["features"][0]["properties"]["popup"])
    (russian,), (english,) = popups["ru"], popups["en"]  # one popup per language, the same on the second visit
    assert "and 5 more properties (the downloads have them all)" in english and "Sources" in english
    assert "и ещё 5 свойств (в скачиваемых файлах есть все)" in russian and "Источники" in russian
    assert "more properties" not in russian


def test_an_upload_is_one_user_layer_that_round_trips_through_a_download(tmp_path):
    """cache.uploads hands the app UserLayer records (not 4-tuples): the layer named after the file, its features,
    the display file the browser fetches, the reader's notes; its frame, kept by how to get it again
    (cache.detached) and got back (cache.attached), exports to the uploaded point."""
    import geopandas as gpd

    from geo import export
    from shieldmap.ui.upload_state import UserLayer

    cache.forget_uploads()
    found, errors = cache.uploads(tmp_path, [uploaded("depots.csv", point_csv(52.25))])
    assert not errors and len(found) == 1 and isinstance(found[0], UserLayer)
    upload = found[0]
    assert (upload.layer.id, upload.layer.title, len(upload.frame)) == ("user_depots", "depots.csv", 1)
    assert any("EPSG:4326" in message for message in upload.messages)  # the reader's note on the coordinates
    assert layer_files.local_path(tmp_path, upload.display.url).is_file()
    held = cache.detached({upload.layer.id: upload.frame})
    assert held[upload.layer.id] is not upload.frame  # kept by its file, not by the frame
    back = gpd.read_file(export.export_bytes(cache.attached(held), "geojson"))
    assert [(round(p.y, 4), round(p.x, 4)) for p in back.geometry] == [(52.25, 10.0)]
    assert back["name"].tolist() == ["site"]
