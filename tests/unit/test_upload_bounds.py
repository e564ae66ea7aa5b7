"""No visitor can exhaust the server with uploads (issue 36, points 2 and 3): what one upload may take once
decoded is bounded before it is read, the upload caches and their files are bounded by bytes, and the upload
readers run in one pool sized to the machine's memory, the others waiting in order."""

from __future__ import annotations

import gc
import json
import threading
import time
import weakref
from pathlib import Path

import pytest

from hostile_files import big_dbf, gpkg_view
from unit.test_upload_cache import uploaded
from geo import uploads
from geo.uploads import pool, read_isolated, read_uploads, worker
from shieldmap.ui import cache
from shieldmap.web import layer_files

MIB = 1024 * 1024


def test_the_red_teams_big_dbf_is_refused_from_its_header_before_anything_is_unzipped():
    """0.6 MB zipped, a 52 MB .dbf (5,000 records of 41 text fields of 254 characters), under the 50 MiB unzip
    limit: it was read whole (~80 MB kept in the app, ~16 MB of map files); now its header refuses it."""
    name, data = big_dbf()
    peaks = []
    read_uploads([("warm.csv", b"lat,lon\n50,10\n")])
    start = time.perf_counter()
    results, errors = read_uploads([(name, data)], peaks=peaks)
    assert not results and errors == [f"{name}: the Shapefile's table is 49.7 MiB (5,000 records × 10,415 bytes), "
                                      "over the 32.0 MiB limit"]
    assert time.perf_counter() - start < 1.0
    assert peaks[0] is not None and peaks[0] < 8 * MIB  # nothing unzipped, nothing read


def test_what_a_reader_built_is_measured_before_it_leaves_the_worker(monkeypatch):
    """Formats whose size shows only once read (a GeoJSON's text, a GeoPackage view) are measured in the worker."""
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [10 + i / 1000, 50]},
                 "properties": {"text": f"{i}:" + "x" * 400}} for i in range(3000)]
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    results, errors = read_uploads([("long.geojson", data)])
    assert not errors and results[0].nbytes > MIB  # 1.2 MB of text is read and counted
    monkeypatch.setattr(uploads, "MAX_DECODED_BYTES", MIB)
    results, errors = read_uploads([("long.geojson", data)])
    assert not results and len(errors) == 1
    assert errors[0].startswith("long.geojson: its properties take 1.") and errors[0].endswith(
        " MiB once read, over the 1.0 MiB limit")


def test_the_upload_caches_and_their_files_are_bounded_by_bytes(tmp_path, monkeypatch):
    """Seven distinct zips of 21 MiB each once read (147 MiB): the cache keeps at most ``UPLOAD_MEMORY`` of them
    (Streamlit's cache kept 64 whatever their size), and the map files they keep in use at most the uploads'
    share of the folder's cap, so pruning holds the cap (files in use could not be pruned)."""
    monkeypatch.setenv(layer_files.MAX_MB_ENV, "24")  # 6 MB for uploads: one 5.2 MB file
    cache.forget_uploads()
    kept, sizes = [], []
    for tag in range(7):
        name, data = big_dbf(1500, 41, 254, tag + 100)
        found, errors = cache.uploads(tmp_path, [uploaded(name, data)])
        assert not errors and len(found[0].frame) == 1500
        sizes.append(layer_files.size_on_disk(tmp_path, found[0].display.url))
        result = cache.upload_file(name, cache._digest(uploaded(name, data)), data)[0]
        kept.append((weakref.ref(result), result.nbytes))
        del found, result
    gc.collect()
    alive = sum(nbytes for ref, nbytes in kept if ref() is not None)
    assert sum(nbytes for _, nbytes in kept) > cache.UPLOAD_MEMORY
    assert 0 < alive <= cache.UPLOAD_MEMORY
    cap = layer_files.limits()
    in_use = sum(layer_files.size_on_disk(tmp_path, layer_files.URL_PREFIX + n) for n in layer_files.in_use()
                 if (tmp_path / layer_files.FOLDER / n).is_file())
    assert sum(sizes) > cap.bytes and 0 < in_use <= layer_files.upload_bytes(cap)
    folder = sum(p.stat().st_size for p in (tmp_path / layer_files.FOLDER).iterdir())
    assert folder <= cap.bytes
    cache.forget_uploads()


def test_the_pool_is_sized_to_the_machines_memory():
    limit = uploads.WORKER.memory_bytes
    assert pool.pool_size(limit, available=24 * 1024 * MIB, cpus=2) == 2  # this machine: a reader a CPU
    assert pool.pool_size(limit, available=8 * 1024 * MIB, cpus=64) == 10  # half of 8 GiB / 400 MiB
    assert pool.pool_size(limit, available=1024 * MIB, cpus=8) == 1  # a 1 Gi pod
    assert pool.pool_size(limit, available=100 * MIB, cpus=8) == 1  # at least one
    with open("/proc/meminfo") as meminfo:
        available = next(int(line.split()[1]) * 1024 for line in meminfo if line.startswith("MemAvailable:"))
    assert 0 < pool.available_memory() <= available


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found.update(int(c) for c in (task / "children").read_text().split())
        except OSError:
            pass
    return found


def test_readers_run_at_most_the_pools_size_at_once_and_the_others_wait_in_order(monkeypatch):
    """Six visitors' GeoPackage views (a 98 KB file whose view returns a 350 MB blob: ~370 MB a reader) at once:
    without a pool all six readers ran together."""
    monkeypatch.setattr(pool, "_pool", pool.Pool(2))
    worker.prestart()
    read_uploads([("warm.csv", b"lat,lon\n50,10\n")])
    server = worker._get_server().process.pid
    places, most = [], 0

    def one(tag: int) -> None:
        name, data = gpkg_view(tag=tag % 2)
        read_isolated(name, data, waiting=places.append)

    threads = [threading.Thread(target=one, args=(tag,)) for tag in range(6)]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        most = max(most, len(_children(server)))
        time.sleep(0.005)
    assert most == 2
    assert places and max(places) >= 2 and pool.shared(0).running == 0 and pool.shared(0).waiting() == 0


def test_a_visitor_who_left_gives_up_the_reads_queued_for_them(monkeypatch):
    """``waiting`` raises (the app's callback does, once the visitor's session has ended): the file is never read."""
    monkeypatch.setattr(pool, "_pool", pool.Pool(1))
    started = []
    real = worker._read

    def counted(name, *args):  # the real read, counted
        started.append(name)
        return real(name, *args)

    monkeypatch.setattr(worker, "_read", counted)

    class Left(Exception):
        pass

    def left(place: int) -> None:
        raise Left(place)

    busy = threading.Thread(target=lambda: read_isolated(*gpkg_view()))
    busy.start()
    while not pool.shared(0).running:
        time.sleep(0.001)
    start = time.perf_counter()
    with pytest.raises(Left) as raised:
        read_isolated("queued.csv", b"lat,lon\n50,10\n", waiting=left)
    assert raised.value.args == (1,) and time.perf_counter() - start < 0.2
    busy.join()
    assert started == ["view_0.gpkg"] and pool.shared(0).waiting() == 0


def test_a_long_wait_for_a_reader_is_a_transient_one_line_refusal(monkeypatch):
    monkeypatch.setattr(pool, "_pool", pool.Pool(1))
    monkeypatch.setattr(pool, "QUEUE_WAIT_S", 0.05)
    busy = threading.Thread(target=lambda: read_isolated(*gpkg_view()))
    busy.start()
    while not pool.shared(0).running:
        time.sleep(0.001)
    with pytest.raises(uploads.UploadError) as refused:
        read_isolated("late.csv", b"lat,lon\n50,10\n")
    busy.join()
    assert refused.value.transient  # the machine's load, not the file: not kept, read again next time
    assert str(refused.value) == "late.csv: the reader is busy (1 file before this one for over 0.05 s); try again"


def test_a_download_kept_after_the_run_does_not_keep_the_uploads_frame(tmp_path):
    """Streamlit keeps a deferred download's callable as long as its session, and a closed tab's session for
    good: the callable holds how to get an upload's frame again, not the frame (20 visitors' near-limit zips
    stayed +525 MB above idle after they left; +221 MB without the frames)."""
    cache.forget_uploads()
    name, data = big_dbf(200, 41, 254, 300)
    found, errors = cache.uploads(tmp_path, [uploaded(name, data), uploaded(name, data, "again")])
    assert not errors and [upload.layer.id for upload in found] == ["user_wide_300", "user_wide_300_2"]
    exported = {upload.layer.id: upload.frame for upload in found}
    exported["plain"] = built_frame = found[0].frame.iloc[:1].copy()  # a frame that is not an upload stays as it is
    held = cache.detached(exported)
    assert held["plain"] is built_frame and not any(value is frame for value, frame in
                                                     zip(held.values(), exported.values()) if value is not built_frame)
    ids = {layer_id: list(frame["id"]) for layer_id, frame in exported.items()}
    alive = [weakref.ref(frame) for layer_id, frame in exported.items() if layer_id != "plain"]
    del found, exported
    cache.forget_uploads()
    gc.collect()
    assert [ref() for ref in alive] == [None, None]  # nothing but the cache kept them
    again = cache.attached(held)  # read again (the file's bytes), each under its layer id
    assert {layer_id: list(frame["id"]) for layer_id, frame in again.items()} == ids
    cache.forget_uploads()
