"""The first visitor after a start pays for no cold cache (issue 34.10). At server start the caches every
visitor's first run reads are filled for the default view in each language (:func:`warm`: the seeds and their
span, the event list, the layers and their display files, the map in words, the base map and the layers'
rendered groups, the map's script and style bundles); then, once the server listens, the server visits itself
as a new visitor does in each language (:func:`visit`: Streamlit's protocol, the page's first run and the run
the map's report starts), which fills what only a script run reaches. Until then ``/_stcore/health`` answers
503 (:class:`HealthGate`), so a load balancer, systemd or a test sends no visitor to a cold server.

:func:`lifespan` wraps :func:`shieldmap.web.server.lifespan` for ``st.App`` (app.py); ``make bench``
measures the first visit after a start against a warm one (``bench/first_visit.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import threading
import urllib.request
from pathlib import Path

from geo.seeds import SeedError, seeds_digest
from shieldmap import embed, i18n
from shieldmap.view import View
from shieldmap.web import bundles, server

LOG = logging.getLogger(__name__)
READY = threading.Event()
"""Set once the server has warmed itself (or given up): from then on the health check answers as Streamlit's."""
VISIT_TIMEOUT_S = 120
MAP_FILE = re.compile(r"/app/static/[A-Za-z0-9_./-]+")  # a file the map's arguments name
PAGE_ASSET = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="\.?/?([^":]+)"')  # one the component's page names


def warm(static: Path) -> None:
    """Fill the caches of the default view's first run, in every language (what app.py's ``main`` reads)."""
    from shieldmap.ui import cache, map_content, map_frame, map_words, page_state, time_controls
    from shieldmap.ui.run_state import Run

    cache.static_ready(static)
    digest = seeds_digest()
    seeds = cache.seeds(digest)
    span = cache.span(digest)
    for lang in i18n.LANGUAGES:
        with i18n.language(lang):
            run = Run(static, seeds, span, View(lang=lang))
            view = run.view
            cache.event_choices(digest, lang)
            time_controls.steps(seeds)
            _changes, time_groups = time_controls.compare(run)
            described = map_words.describe(view, digest, static)
            groups = map_words.with_description(
                [*map_content._layer_groups(view, digest, run.day, run.layers), *time_groups, map_frame.REPORT_DRAWN],
                view, described)
            for height in (600, embed.MAP_HEIGHT):
                args = map_frame.component_args(view.basemap, groups, page_state.MAP, height)
                bundles.bundle_links(static, args["js_links"], "js")
                bundles.bundle_links(static, args["css_links"], "css")


def _rerun(query: str, map_id: str | None = None) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    from shieldmap.ui import map_frame

    request = BackMsg()
    request.rerun_script.query_string = query
    request.rerun_script.page_script_hash = ""
    if map_id is not None:  # the map's report that it drew: the run that adds the controls
        widget = request.rerun_script.widget_states.widgets.add()
        widget.id, widget.json_value = map_id, json.dumps({map_frame.DRAWN: True})
    return request.SerializeToString()


def _get(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as answer:  # our own server's address
        return answer.read()


def fetch_files(http_base: str, component: str, args: str) -> int:
    """What a browser fetches for the map: the component's page, the files it names, the map's static files
    (compressed once by the static server: :mod:`shieldmap.web.static_server`). The number fetched."""
    page = _get(f"{http_base}component/{component}/index.html").decode("utf-8", "replace")
    paths = [f"component/{component}/{asset}" for asset in PAGE_ASSET.findall(page)]
    paths += [path.lstrip("/") for path in dict.fromkeys(MAP_FILE.findall(args))]
    for path in paths:
        _get(http_base + path)
    return len(paths) + 1


async def visit(url: str, query: str = "") -> None:
    """One new visitor's two runs at ``url`` (``ws://host:port/base/_stcore/stream``), read to their end, and
    the map's files between them."""
    import websockets
    from websockets.typing import Subprotocol
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    async with websockets.connect(url, subprotocols=[Subprotocol("streamlit")], max_size=None, ping_interval=None) as ws:
        await ws.send(_rerun(query))
        map_id: str | None = None
        runs, component = 0, ("", "")
        while True:
            message = ForwardMsg()
            message.ParseFromString(await ws.recv())
            kind = message.WhichOneof("type")
            element = message.delta.new_element if kind == "delta" else None
            if element is not None and element.WhichOneof("type") == "component_instance":
                map_id = element.component_instance.id
                component = (element.component_instance.component_name, element.component_instance.json_args)
            if kind == "script_finished":
                runs += 1
                if runs > 1 or map_id is None:
                    return
                http_base = "http" + url[2:].removesuffix("_stcore/stream")
                await asyncio.to_thread(fetch_files, http_base, *component)
                await ws.send(_rerun(query, map_id))


def _stream_url() -> str:
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    address = config.get_option("server.address") or "127.0.0.1"
    host = "127.0.0.1" if address in ("0.0.0.0", "::", "") else address
    return f"ws://{host}:{config.get_option('server.port')}/{base + '/' if base else ''}_stcore/stream"


async def _visit_self() -> None:
    """Each language's default view, once the server accepts connections; READY in any case."""
    try:
        async with asyncio.timeout(VISIT_TIMEOUT_S):
            while True:
                try:
                    for lang in i18n.LANGUAGES:
                        await visit(_stream_url(), "" if lang == i18n.DEFAULT else f"lang={lang}")
                    break
                except OSError:  # not listening yet
                    await asyncio.sleep(0.2)
    except Exception as exc:  # a failure to warm is never fatal: the first visitor warms the caches
        LOG.warning("shieldmap: the server did not warm itself: %s", exc)
    finally:
        READY.set()


class HealthGate:
    """ASGI middleware: ``/_stcore/health`` answers 503 until :data:`READY` (the server has warmed itself)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"].endswith("/_stcore/health") and not READY.is_set():
            await send({"type": "http.response.start", "status": 503,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"retry-after", b"1")]})
            await send({"type": "http.response.body", "body": b"warming up"})
            return
        await self.app(scope, receive, send)


def middleware() -> list:
    from starlette.middleware import Middleware

    return [Middleware(HealthGate)]


def lifespan(static: Path):
    """``st.App``'s lifespan: the static server's, :func:`warm` (in a thread), then the server's visit to itself
    (a task: it needs the server listening); a failure to warm is logged, never fatal."""

    @contextlib.asynccontextmanager
    async def run(app):
        async with server.lifespan(app):  # the upload store, the static files (shieldmap/web/server.py)
            try:
                await asyncio.to_thread(warm, static)
            except (SeedError, OSError, ValueError, KeyError) as exc:
                LOG.warning("shieldmap: the caches were not warmed at start: %s", exc)
            task = asyncio.create_task(_visit_self())
            yield
            task.cancel()

    return run
