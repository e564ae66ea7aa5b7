"""Display GeoJSON as static, content-addressed files the map fetches; the folder bounded.

A layer's display GeoJSON at a date is the same for every visitor, so it does
not belong in each websocket session: the app writes it once (from its cache)
as ``static/layers/<sha256>.geojson`` and the map fetches it from the same
origin (``/app/static/layers/...``). The name is the hash of the bytes, so a URL
never changes meaning: it is served with ``Cache-Control: public,
max-age=31536000, immutable`` (``shieldmap/web/static_server.py``, nginx,
CDNs). Each file is compressed once, when written: ``<sha256>.geojson.gz``
beside it, which the app's static server (and nginx's ``gzip_static``) sends
as is, so a request costs no compression.

The folder is bounded. Any visitor can make the app write files (a new date,
range figure, sector model...), so after a new file the folder is pruned when
it holds more than ``SHIELDMAP_LAYER_FILES_MAX`` files (default 4096) or
``SHIELDMAP_LAYER_FILES_MAX_MB`` MB with the ``.gz`` files (default 200): least
recently used first (the file's mtime, touched when it is published again or
served), down to 90% of the cap, and never a file this process still hands
out: a URL returned by :func:`publish` is a :class:`LayerURL`, and while one
naming a file is alive (held by the app's layer cache entries, for instance),
that file is kept. Visitors' uploads may hold at most :data:`UPLOAD_SHARE` of
the byte cap in use (the app's upload cache, bounded by :func:`upload_bytes`,
drops the rest), so the cap holds for them too. Files another process sharing
the folder hands out are protected by recency only: each process touches its live files before it
prunes and whenever :func:`touch_live` is called (the static server does, on
requests, at most every 5 minutes). A deleted file comes back when a cache miss
publishes it again (same bytes, same name).

Example
-------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> url = publish(folder, '{"type":"FeatureCollection","features":[]}')
>>> url.startswith("/app/static/layers/"), local_path(folder, url).with_name(local_path(folder, url).name + ".gz").is_file()
(True, True)
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path

FOLDER = "layers"
URL_PREFIX = f"/app/static/{FOLDER}/"
SUFFIX = ".geojson"
GZ = ".gz"
MAX_FILES_ENV = "SHIELDMAP_LAYER_FILES_MAX"
MAX_MB_ENV = "SHIELDMAP_LAYER_FILES_MAX_MB"
DEFAULT_MAX_FILES = 4096
DEFAULT_MAX_MB = 200
UPLOAD_SHARE = 0.25
"""The share of the folder's byte cap that visitors' uploads may hold in use (:func:`upload_bytes`): the app's
upload cache keeps no more of their files than that, so the cap holds with uploads, and what it drops can be
pruned."""
LOW_WATER = 0.9
"""A prune goes down to this share of the cap, so the next one is not at the next file."""
RESCAN_EVERY = 256
"""New files between two scans of the folder (other processes sharing it write too)."""
GZIP_LEVEL = 9

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    files: int
    bytes: int


def limits() -> Limits:
    """The cap, from ``SHIELDMAP_LAYER_FILES_MAX`` (files) and ``SHIELDMAP_LAYER_FILES_MAX_MB`` (MB, 10^6 bytes)."""
    values = {}
    for name, default in ((MAX_FILES_ENV, DEFAULT_MAX_FILES), (MAX_MB_ENV, DEFAULT_MAX_MB)):
        text = os.environ.get(name, "").strip()
        try:
            values[name] = float(text) if text else default
        except ValueError:
            raise ValueError(f"{name}={text!r} is not a number") from None
        if values[name] <= 0:
            raise ValueError(f"{name}={text!r} must be above 0")
    return Limits(int(values[MAX_FILES_ENV]), int(values[MAX_MB_ENV] * 1_000_000))


def upload_bytes(cap: Limits | None = None) -> int:
    """The bytes of the folder that uploads' files may hold in use: :data:`UPLOAD_SHARE` of the cap."""
    return int((cap or limits()).bytes * UPLOAD_SHARE)


def size_on_disk(static_dir: Path, url: str) -> int:
    """The bytes a published file takes in the folder, its ``.gz`` included (0 for what is not there)."""
    path = local_path(static_dir, url)
    total = 0
    for each in (path, path.with_name(path.name + GZ)):
        try:
            total += each.stat().st_size
        except FileNotFoundError:
            pass
    return total


class LayerURL(str):
    """The URL of a published file. While a ``LayerURL`` naming a file is alive in this process, the
    file is not pruned: keep the object itself (not a copy made with ``str()`` or pickling, which is
    a plain ``str``) wherever the URL may still be handed to a browser."""

    def __reduce__(self):
        return (str, (str(self),))


_live: dict[int, str] = {}
"""id of each live LayerURL -> its file name (an entry is removed when the object is freed)."""


def _hold(name: str) -> LayerURL:
    url = LayerURL(URL_PREFIX + name)
    key = id(url)
    _live[key] = name
    weakref.finalize(url, _live.pop, key, None)
    return url


def in_use() -> set[str]:
    """The names of the files this process still hands out (its live :class:`LayerURL` objects)."""
    while True:
        try:
            return set(_live.values())
        except RuntimeError:  # a finalizer ran during the copy
            continue


@dataclass
class _Estimate:
    files: int = 0
    bytes: int = 0
    since_scan: int = RESCAN_EVERY  # a scan on the first new file


_estimates: dict[Path, _Estimate] = {}
_lock = threading.Lock()


def _write(path: Path, data: bytes) -> None:
    """Atomic (a temporary file, then a rename): processes sharing the folder never serve half a file."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    partial.write_bytes(data)
    os.replace(partial, path)


def _touch(path: Path) -> bool:
    try:
        os.utime(path)
        return True
    except FileNotFoundError:
        return False
    except OSError:  # read-only: the order is only less exact
        return True


def publish(static_dir: Path, text: str) -> LayerURL:
    """Write ``text`` (JSON) under ``static_dir/layers/`` by the SHA-256 of its bytes, with its gzip beside it,
    once; its URL. Publishing a file again marks it used (most recent in the pruning order)."""
    data = text.encode("utf-8")
    name = hashlib.sha256(data).hexdigest() + SUFFIX
    folder = Path(static_dir) / FOLDER
    target = folder / name
    url = _hold(name)
    if _touch(target) and _touch(target.with_name(name + GZ)):
        return url
    folder.mkdir(parents=True, exist_ok=True)
    packed = gzip.compress(data, GZIP_LEVEL, mtime=0)
    _write(target.with_name(name + GZ), packed)  # the .gz first: a plain file always has its .gz
    _write(target, data)
    with _lock:
        estimate = _estimates.setdefault(folder.resolve(), _Estimate())
        estimate.files += 1
        estimate.bytes += len(data) + len(packed)
        estimate.since_scan += 1
        cap = limits()
        due = estimate.files > cap.files or estimate.bytes > cap.bytes or estimate.since_scan >= RESCAN_EVERY
    if due:
        prune(static_dir, cap)
    return url


def _scan(folder: Path) -> dict[str, list]:
    """name -> [mtime, bytes with its .gz] of each layer file in ``folder``."""
    found: dict[str, list] = {}
    packed: dict[str, int] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                stat = entry.stat()
            except FileNotFoundError:
                continue
            if entry.name.endswith(SUFFIX):
                found[entry.name] = [stat.st_mtime, stat.st_size]
            elif entry.name.endswith(SUFFIX + GZ):
                packed[entry.name[:-len(GZ)]] = stat.st_size
    for name, size in packed.items():
        if name in found:
            found[name][1] += size
        else:  # a .gz without its file (a prune or a write under way): counted, oldest
            found[name] = [0.0, size]
    return found


def touch_live(static_dir: Path) -> int:
    """Mark this process's live files used now (for the other processes sharing the folder); how many."""
    folder = Path(static_dir) / FOLDER
    return sum(_touch(folder / name) for name in in_use())


def prune(static_dir: Path, cap: Limits | None = None) -> dict:
    """Bring ``static_dir/layers/`` under ``cap`` (default :func:`limits`), least recently used first, never a
    file in use in this process (:func:`in_use`). Returns the files and bytes before and after and the
    files deleted; one prune at a time per process."""
    cap = cap or limits()
    folder = Path(static_dir) / FOLDER
    with _lock:
        keep = in_use()
        for name in keep:
            _touch(folder / name)
        found = _scan(folder) if folder.is_dir() else {}
        files, size = len(found), sum(v[1] for v in found.values())
        result = {"files_before": files, "bytes_before": size, "deleted": 0}
        if files > cap.files or size > cap.bytes:
            goal = Limits(int(cap.files * LOW_WATER), int(cap.bytes * LOW_WATER))
            for name, (_, nbytes) in sorted(found.items(), key=lambda item: item[1][0]):
                if files <= goal.files and size <= goal.bytes:
                    break
                if name in keep:
                    continue
                for path in (folder / name, folder / (name + GZ)):
                    path.unlink(missing_ok=True)
                files, size = files - 1, size - nbytes
                result["deleted"] += 1
            if files > cap.files or size > cap.bytes:
                _LOG.warning("static/layers/ holds %d files, %d bytes in use, over the cap (%d files, %d bytes): "
                             "raise %s / %s", files, size, cap.files, cap.bytes, MAX_FILES_ENV, MAX_MB_ENV)
        _estimates[folder.resolve()] = _Estimate(files, size, 0)
        result.update(files_after=files, bytes_after=size)
    return result


def local_path(static_dir: Path, url: str) -> Path:
    """The file behind a URL made by :func:`publish` (for tests and tools)."""
    if not url.startswith(URL_PREFIX) or "/" in url[len(URL_PREFIX):]:
        raise ValueError(f"not a layer file URL: {url!r}")
    return Path(static_dir) / FOLDER / url[len(URL_PREFIX):]

