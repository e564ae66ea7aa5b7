"""The map's files served by the app itself at no compression cost per request.

Streamlit (1.67, Starlette) serves ``static/`` at ``/app/static/`` through its
gzip middleware, which compresses every response again (level 5), and it
serves a component's files (``/component/...``, streamlit-folium's 225 KB
bundle) the same way: about two thirds of a new visitor's server CPU went into
compressing the same bytes again (issue 25). This ASGI middleware, handed to
``st.App(..., middleware=...)`` (Streamlit's documented way to add routes and
middleware; ``streamlit run app.py`` finds the ``App`` in app.py and serves it),
runs before Streamlit's own and:

- answers ``GET``/``HEAD`` under ``/app/static/`` from the folder itself: the
  ``.gz`` written beside a file (layer files when published, Leaflet and the
  basemap at install, see ``assets.py``) when the browser accepts gzip, or else
  the file compressed once and kept in memory; with an ``ETag`` (``304`` when it
  matches); ``layers/`` (content-addressed) with ``Cache-Control: public,
  max-age=31536000, immutable`` (and so the map's script and style bundles,
  ``shieldmap/bundle-<sha256>.js``, ``bundles.py``), the rest ``no-cache`` (revalidated: a new
  Leaflet or basemap shows at once). Serving a layer file marks it used
  (``layer_files``' pruning order), and at most every 5 minutes a request
  touches this process's live layer files (:func:`layer_files.touch_live`);
- for ``/component/...``, asks Streamlit for the plain bytes and sends them
  compressed once (kept in memory, keyed by path, length and CRC);
- leaves everything else, ``Range`` requests, dot files and odd paths to
  Streamlit, unchanged.
"""

from __future__ import annotations

import contextlib
import gzip
import mimetypes
import os
import time
import zlib
from collections import OrderedDict
from pathlib import Path

from shieldmap.web import asgi, bundles, layer_files, scripts

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
MIN_GZIP_BYTES = 1000  # as Streamlit's middleware: smaller files go as they are
GZIP_LEVEL = 6
MEMO_BYTES = 32 * 1024 * 1024
TOUCH_AFTER_S = 60.0  # a served layer file is marked used if its mark is older than this
TOUCH_LIVE_EVERY_S = 300.0
TYPES = {".geojson": "application/geo+json", ".js": "text/javascript", ".css": "text/css", ".json": "application/json",
         ".svg": "image/svg+xml", ".html": "text/html"}
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/geo+json", "image/svg+xml")


def _content_type(name: str) -> str:
    kind = TYPES.get(Path(name).suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind


def _accepts_gzip(headers: dict[bytes, bytes]) -> bool:
    for part in headers.get(b"accept-encoding", b"").decode("latin-1").lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


class _Memo:
    """Compressed bytes by key, least recently used out first, at most ``limit`` bytes."""

    def __init__(self, limit: int = MEMO_BYTES):
        self.limit, self.size = limit, 0
        self.items: OrderedDict[object, bytes] = OrderedDict()

    def get(self, key, data: bytes) -> bytes:
        found = self.items.get(key)
        if found is not None:
            self.items.move_to_end(key)
            return found
        packed = gzip.compress(data, GZIP_LEVEL, mtime=0)
        self.items[key] = packed
        self.size += len(packed)
        while self.size > self.limit and len(self.items) > 1:
            self.size -= len(self.items.popitem(last=False)[1])
        return packed


class StaticFiles:
    """ASGI middleware: ``static_dir`` at ``/app/static/`` and components' files, compressed once (module doc)."""

    def __init__(self, app, static_dir: Path, base_url: str | None = None):
        base = asgi.base_path(base_url)
        self.app = app
        self.root = Path(static_dir).resolve()
        self.static_prefix = f"{base}/app/static/"
        self.component_prefix = f"{base}/component/"
        self.memo = _Memo()
        self.touched_live = time.monotonic()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            path = asgi.route(scope)
            headers = dict(scope["headers"])
            if b"range" not in headers:
                if path.startswith(self.static_prefix):
                    if await self._static(path[len(self.static_prefix):], headers, scope["method"], send):
                        return
                elif path.startswith(self.component_prefix):
                    await self._component(scope, path[len(self.component_prefix):], headers, receive, send)
                    return
        await self.app(scope, receive, send)

    def _touch_live(self) -> None:
        if time.monotonic() - self.touched_live > TOUCH_LIVE_EVERY_S:
            self.touched_live = time.monotonic()
            layer_files.touch_live(self.root)

    async def _static(self, relative: str, headers: dict, method: str, send) -> bool:
        """Serve ``relative`` under the static folder; False to leave the request to Streamlit."""
        path = _inside(self.root, relative)
        stat = _file_stat(path)
        if path is None or stat is None:
            return False
        layer = path.parent == self.root / layer_files.FOLDER
        immutable = layer or (path.parent == self.root / scripts.STATIC_SUBDIR and path.name.startswith(bundles.PREFIX))
        if layer and time.time() - stat.st_mtime > TOUCH_AFTER_S:
            layer_files._touch(path)
        self._touch_live()
        tag = path.name.removesuffix(layer_files.SUFFIX) if immutable else None  # content-addressed names
        return await self._send_file(path, stat, IMMUTABLE if immutable else REVALIDATE, headers, method, send,
                                     tag, beside=True)

    async def _send_file(self, path: Path, stat: os.stat_result, cache_control: str, headers: dict, method: str,
                         send, tag: str | None = None, beside: bool = False) -> bool:
        """``path`` as the response: gzipped (its ``.gz`` if ``beside``, else once in memory) when accepted."""
        kind = _content_type(path.name)
        packed = _accepts_gzip(headers) and stat.st_size >= MIN_GZIP_BYTES and kind.startswith(COMPRESSIBLE)
        etag = f'"{tag or f"{stat.st_mtime_ns:x}-{stat.st_size:x}"}{"-gz" if packed else ""}"'
        response = {b"content-type": kind.encode(), b"cache-control": cache_control.encode(), b"etag": etag.encode(),
                    b"vary": b"Accept-Encoding", b"x-content-type-options": b"nosniff",
                    b"access-control-allow-origin": b"*"}
        if etag in headers.get(b"if-none-match", b"").decode("latin-1"):
            await _respond(send, 304, response, b"", method)
            return True
        try:
            body = self._packed(path, stat, tag is not None, beside) if packed else path.read_bytes()
        except OSError:  # deleted meanwhile (a prune)
            return False
        if packed:
            response[b"content-encoding"] = b"gzip"
        await _respond(send, 200, response, body, method)
        return True

    def _packed(self, path: Path, stat: os.stat_result, immutable: bool, beside: bool) -> bytes:
        """The gzip of ``path``: its ``.gz`` beside it if fresh (always, for content-addressed files), else memo."""
        if beside:
            packed = path.with_name(path.name + ".gz")
            try:
                if immutable or packed.stat().st_mtime_ns >= stat.st_mtime_ns:
                    return packed.read_bytes()
            except OSError:
                pass
        return self.memo.get((str(path), stat.st_mtime_ns, stat.st_size), path.read_bytes())

    async def _component(self, scope, relative: str, headers: dict, receive, send) -> None:
        """A component's file from its folder (as Streamlit's component route: ``no-cache`` for its page,
        ``public`` for the rest), compressed once. Unknown components and cross-origin requests (Streamlit
        sets their CORS headers) go to Streamlit, asked for plain bytes, compressed once here."""
        name, _, filename = relative.partition("/")
        root = None if b"origin" in headers else _component_root(name)
        path = _inside(Path(root), filename) if root else None
        stat = _file_stat(path) if path else None
        if root and path and stat is not None and str(path.resolve()).startswith(str(Path(root).resolve()) + os.sep):
            cache = "no-cache" if not filename or filename.endswith(".html") else "public"
            if await self._send_file(path, stat, cache, headers, scope["method"], send):
                return
        if _accepts_gzip(headers):
            await self._compressed_by_streamlit(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _compressed_by_streamlit(self, scope, receive, send) -> None:
        """Streamlit's response, asked for uncompressed, sent compressed once."""
        plain = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]}
        start: dict = {}
        chunks: list[bytes] = []

        async def collect(message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(plain, receive, collect)
        body = b"".join(chunks)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"vary")]
        kind = next((v.decode("latin-1") for k, v in headers if k.lower() == b"content-type"), "")
        encoded = any(k.lower() == b"content-encoding" for k, _ in headers)
        if start.get("status") == 200 and not encoded and len(body) >= MIN_GZIP_BYTES and kind.startswith(COMPRESSIBLE):
            body = self.memo.get((scope["path"], len(body), zlib.crc32(body)), body)
            headers.append((b"content-encoding", b"gzip"))
        headers += [(b"content-length", str(len(body)).encode()), (b"vary", b"Accept-Encoding")]
        await send({"type": "http.response.start", "status": start.get("status", 500), "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


def _inside(root: Path, relative: str) -> Path | None:
    """``root/relative`` for a plain relative path (no empty, dot or backslash part), else None."""
    parts = relative.split("/")
    if not relative or any(not p or p.startswith(".") or "\\" in p or "\x00" in p for p in parts):
        return None
    return root.joinpath(*parts)


def _file_stat(path: Path | None) -> os.stat_result | None:
    try:
        stat = path.stat() if path is not None else None
    except OSError:
        return None
    return stat if stat is not None and stat.st_mode & 0o170000 == 0o100000 else None  # a regular file


def _component_root(name: str) -> str | None:
    """The folder of a registered component (Streamlit's registry, as its component route uses)."""
    from streamlit import runtime

    if not runtime.exists():
        return None
    return runtime.get_instance().component_registry.get_component_path(name)


async def _respond(send, status: int, headers: dict, body: bytes, method: str) -> None:
    fields = [*headers.items(), *([] if status == 304 else [(b"content-length", str(len(body)).encode())])]
    await send({"type": "http.response.start", "status": status, "headers": fields})
    await send({"type": "http.response.body", "body": b"" if method == "HEAD" or status == 304 else body})


def middleware(static_dir: Path) -> list:
    """For ``st.App(..., middleware=...)``: the map's files served from ``static_dir``, compressed once."""
    from starlette.middleware import Middleware

    return [Middleware(StaticFiles, static_dir=static_dir)]


def declared_components() -> list:
    """Every custom component (v1) a loaded module holds at its top level."""
    import sys

    from streamlit.components.v1.custom_component import CustomComponent

    found = {}
    for module in list(sys.modules.values()):
        for value in list(getattr(module, "__dict__", {}).values()):
            if isinstance(value, CustomComponent):
                found[value.name] = value
    return list(found.values())


@contextlib.asynccontextmanager
async def lifespan(_app):
    """For ``st.App(..., lifespan=...)``. A component registers itself with the runtime only when its module
    is imported during a script run; app.py is imported once before the runtime exists (to find ``app``), so
    streamlit-folium was declared then: register what was declared, as ``declare_component`` does."""
    from streamlit import runtime

    registry = runtime.get_instance().component_registry
    for component in declared_components():
        registry.register_component(component)
    yield
