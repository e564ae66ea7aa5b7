"""static/layers/: content-addressed files, compressed once when written, the folder bounded (issue 25)."""

import gc
import gzip
import hashlib
import json
import os

import pytest

from shieldmap.web import layer_files
from shieldmap.web.layer_files import GZ, Limits, local_path, prune, publish


def _payload(n: int, pad: int = 0) -> str:
    return json.dumps({"type": "FeatureCollection", "features": [], "n": n, "pad": "x" * pad})


def _folder_state(static):
    files = sorted((static / "layers").glob("*.geojson"))
    total = sum(p.stat().st_size for p in (static / "layers").iterdir() if not p.name.startswith("."))
    return files, total


def test_publish_writes_the_file_and_its_gzip_once(tmp_path):
    text = _payload(1, 5000)
    url = publish(tmp_path, text)
    path = local_path(tmp_path, url)
    assert path.name == hashlib.sha256(text.encode()).hexdigest() + ".geojson"
    assert path.read_text() == text
    packed = path.with_name(path.name + GZ).read_bytes()
    assert gzip.decompress(packed) == text.encode()
    assert len(packed) < 200  # 5,000 x's compress
    os.utime(path, (1_000, 1_000))
    assert publish(tmp_path, text) == url  # published again: the same file, marked used now
    assert path.stat().st_mtime > 1_000_000
    assert [p.name for p in (tmp_path / "layers").iterdir() if p.name.startswith(".")] == []


def test_a_published_url_is_protected_while_it_is_alive(tmp_path):
    kept = publish(tmp_path, _payload(0))
    dropped = publish(tmp_path, _payload(1))
    name = local_path(tmp_path, dropped).name
    assert {local_path(tmp_path, kept).name, name} <= layer_files.in_use()
    plain = str(dropped)
    del dropped
    gc.collect()
    assert name not in layer_files.in_use()
    assert isinstance(kept, layer_files.LayerURL) and type(plain) is str


def test_1000_distinct_payloads_stay_under_the_cap_and_live_files_survive(tmp_path, monkeypatch):
    monkeypatch.setenv(layer_files.MAX_FILES_ENV, "100")
    monkeypatch.setenv(layer_files.MAX_MB_ENV, "0.5")  # 500,000 bytes with the .gz files
    cap = layer_files.limits()
    assert cap == Limits(100, 500_000)
    live = [publish(tmp_path, _payload(n, 2000)) for n in range(20)]  # held, as the layer cache holds its URLs
    most_files = most_bytes = 0
    for n in range(20, 1020):
        url = publish(tmp_path, _payload(n, 2000 + n % 7 * 300))
        assert local_path(tmp_path, url).is_file()  # the file just published is there
        files, total = _folder_state(tmp_path)
        most_files, most_bytes = max(most_files, len(files)), max(most_bytes, total)
        del url
    assert most_files <= cap.files and most_bytes <= cap.bytes
    for url in live:
        path = local_path(tmp_path, url)
        assert path.is_file() and path.with_name(path.name + GZ).is_file()
    files, total = _folder_state(tmp_path)
    assert 20 < len(files) <= cap.files and total <= cap.bytes


def test_prune_goes_oldest_first_and_keeps_files_in_use(tmp_path):
    urls = [publish(tmp_path, _payload(n)) for n in range(10)]
    paths = [local_path(tmp_path, u) for u in urls]
    for age, path in enumerate(paths):  # paths[0] is the most recently used, paths[9] the least
        os.utime(path, (10_000 - age, 10_000 - age))
    in_use = urls[9]
    del urls
    gc.collect()
    result = prune(tmp_path, Limits(files=5, bytes=10**9))
    assert result["files_before"] == 10 and result["files_after"] <= 5
    left = {p.name for p in (tmp_path / "layers").glob("*.geojson")}
    assert paths[9].name in left  # the oldest, but in use
    assert {p.name for p in paths[:3]} <= left  # the most recent
    assert not {p.name for p in paths[5:9]} & left  # the oldest not in use went first
    assert not [p for p in (tmp_path / "layers").glob("*.gz") if p.name[:-len(GZ)] not in left]
    assert in_use


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.delenv(layer_files.MAX_FILES_ENV, raising=False)
    monkeypatch.delenv(layer_files.MAX_MB_ENV, raising=False)
    assert layer_files.limits() == Limits(layer_files.DEFAULT_MAX_FILES, layer_files.DEFAULT_MAX_MB * 1_000_000)
    monkeypatch.setenv(layer_files.MAX_MB_ENV, "lots")
    with pytest.raises(ValueError, match="SHIELDMAP_LAYER_FILES_MAX_MB"):
        layer_files.limits()
    monkeypatch.setenv(layer_files.MAX_MB_ENV, "0")
    with pytest.raises(ValueError, match="above 0"):
        layer_files.limits()
