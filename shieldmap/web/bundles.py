"""The map's local scripts and styles as one file each (issue 25: a new visitor's requests cost the server).

The map names its scripts and styles in order (Leaflet, ``map.js``, ``fetch.js``, ...); each is a request
to the app. :func:`bundle_links` joins every run of consecutive files served from the app's ``static/``
into one file, ``static/shieldmap/bundle-<sha256>.js`` (or ``.css``), written once with its gzip beside it
(the static server sends that), named by its content, so a changed script is a new name and a browser
never keeps a stale one. Links served from elsewhere (a tile basemap's plugin) keep their place, so the
order the page runs them in is unchanged. A style's relative ``url(...)`` is rewritten to stay right from
the bundle's folder (Leaflet's ``images/layers.png``). The set of bundles is fixed by the code (which
scripts a map names), never by a visitor's choices, so they cannot fill the disk.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import posixpath
import re
import threading
from pathlib import Path

from shieldmap.web import scripts

STATIC_URL = "/app/static/"
PREFIX = "bundle-"
_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_lock = threading.Lock()
_made: dict[tuple, tuple[str, ...]] = {}


def _local(link: str) -> str | None:
    """The path under ``static/`` of a link the app serves there (query dropped), else None."""
    if not link.startswith(STATIC_URL):
        return None
    return link[len(STATIC_URL):].split("?", 1)[0].split("#", 1)[0]


def _restyled(css: str, folder: str) -> str:
    """``css`` from ``static/<folder>/`` with each relative ``url(...)`` made relative to ``static/shieldmap/``."""
    def fix(match: re.Match) -> str:
        quote, target = match.groups()
        if target.startswith(("#", "/", "data:")) or "://" in target:
            return match.group(0)
        moved = posixpath.relpath(posixpath.normpath(posixpath.join(folder, target)), scripts.STATIC_SUBDIR)
        return f"url({quote}{moved}{quote})"
    return _URL.sub(fix, css)


def _write_once(path: Path, data: bytes) -> None:
    """``path`` (and ``path.gz``) holding ``data``, written atomically unless already there."""
    packed = path.with_name(path.name + ".gz")
    if path.is_file() and packed.is_file():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    for target, content in ((packed, gzip.compress(data, 9, mtime=0)), (path, data)):
        temporary = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}")
        temporary.write_bytes(content)
        os.replace(temporary, target)


def _bundle(static_dir: Path, paths: tuple[str, ...], kind: str) -> str:
    """The URL of the one file holding ``paths`` (under ``static_dir``) in order."""
    parts = []
    for relative in paths:
        text = (static_dir / relative).read_text(encoding="utf-8")
        if kind == "css":
            text = _restyled(text, posixpath.dirname(relative))
        parts.append(f"/* {relative} */\n{text}\n" if kind == "css" else f"// {relative}\n{text}\n;\n")
    data = "".join(parts).encode("utf-8")
    name = f"{PREFIX}{hashlib.sha256(data).hexdigest()[:24]}.{kind}"
    _write_once(static_dir / scripts.STATIC_SUBDIR / name, data)
    return f"{scripts.URL_PREFIX}{name}"


def bundle_links(static_dir: Path, links: list[str], kind: str) -> list[str]:
    """``links`` (``kind`` ``"js"`` or ``"css"``) with each run of two or more local files as one bundle.
    Once per process per list and file versions (the links carry their content hash, ``?v=``)."""
    key = (str(static_dir), tuple(links), kind)
    with _lock:
        if key in _made:
            return list(_made[key])
    out: list[str] = []
    run: list[tuple[str, str]] = []  # (link, its file under static_dir)

    def flush() -> None:
        if len(run) > 1:
            out.append(_bundle(static_dir, tuple(local for _, local in run), kind))
        else:
            out.extend(link for link, _ in run)
        run.clear()

    for link in links:
        local = _local(link)
        if local is not None and (static_dir / local).is_file():
            run.append((link, local))
        else:
            flush()
            out.append(link)
    flush()
    with _lock:
        _made[key] = tuple(out)
    return out
