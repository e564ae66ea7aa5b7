"""Two app processes behind nginx (deploy/serve.py), in headless Chromium, offline."""

import gzip
import json
import os
import time
import urllib.request

import pytest

from deploy.harness import block_outside
from pages import MAP_IFRAME, MISSION, leaflet_frame, require_chromium, wait_for_app, wait_for_counts
from shieldmap import embed
from shieldmap.view import View

from deploy import serve


def require_nginx() -> None:
    if serve.nginx_path() is None:
        message = "nginx not found (apt-get install nginx)"
        if os.environ.get("SHIELDMAP_REQUIRE_BROWSER") or os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    require_chromium()
    require_nginx()
    with serve.serving(2, folder=tmp_path_factory.mktemp("deploy")) as running:
        yield running


def open_default_view(browser, url, cookie=None):
    """A fresh context (its own cookies, so its own sticky key) showing the default view."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    if cookie:
        context.add_cookies([{"name": serve.STICKY_COOKIE, "value": cookie, "url": url}])
    page = context.new_page()
    page.blocked = []
    block_outside(page, page.blocked)
    page.goto(url + "/")
    wait_for_app(page)
    counts = wait_for_counts(leaflet_frame(page), lambda c: {k: v for k, v in c.items() if ":" not in k} == MISSION)
    assert {k: v for k, v in counts.items() if ":" not in k} == MISSION
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.blocked == []
    return context


def stream_upstreams(deployment, count, timeout=60):
    """The log entries of the websockets, once `count` are there (nginx logs one when it closes)."""
    deadline = time.monotonic() + timeout
    while True:
        entries = [e for e in deployment.proxy.log_entries() if e["request"].startswith("GET /_stcore/stream")]
        if len(entries) >= count or time.monotonic() > deadline:
            return entries
        time.sleep(0.2)


def test_default_view_through_nginx_on_both_backends(deployment, browser):
    backends = [app.address for app in deployment.apps]
    # A browser with no cookie: nginx picks its backend and hands it the sticky cookie with the page.
    first = open_default_view(browser, deployment.url)
    key = next(c["value"] for c in first.cookies() if c["name"] == serve.STICKY_COOKIE)
    # A second browser whose key leads to the other backend.
    keys = serve.sticky_keys(deployment.url, backends)
    first_backend = {e["upstream"] for e in deployment.proxy.log_entries() if e["sticky"] == key and e["upstream"] != "-"}
    assert len(first_backend) == 1  # every request of that browser went to one app
    other = next(b for b in backends if b not in first_backend)
    second = open_default_view(browser, deployment.url, cookie=keys[other])
    first.close()
    second.close()

    streams = stream_upstreams(deployment, 2)
    assert {e["upstream"] for e in streams} == set(backends)  # both apps served a session
    assert all(e["status"] == "101" for e in streams)  # websocket upgrades passed through
    entries = deployment.proxy.log_entries()
    for sticky in (key, keys[other]):  # and each browser stayed on its app, websocket included
        assert len({e["upstream"] for e in entries if e["sticky"] == sticky and e["upstream"] != "-"}) == 1
    # The layer files are content-addressed: the second browser got the same files from nginx's cache
    layer_files = [e for e in entries if e["request"].startswith("GET /app/static/layers/")]
    assert {e["status"] for e in layer_files} == {"200"}
    assert any(e["cache"] == "HIT" and e["sticky"] == keys[other] for e in layer_files)
    # ... which browsers may keep for good, gzipped by nginx
    path = layer_files[0]["request"].split()[1]
    request = urllib.request.Request(deployment.url + path, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert "immutable" in response.headers["Cache-Control"]
        assert response.headers["Content-Encoding"] == "gzip"
        assert json.loads(gzip.decompress(response.read()))["type"] == "FeatureCollection"


def test_uploads_up_to_the_stated_limit_pass_nginx(deployment):
    """nginx's default body limit (1m) answered 413 to a 1.5 MB file while the label said 5 MiB; now every
    file up to MAX_BYTES reaches the app through nginx and is read, and one byte more gets the app's message."""
    from bench.upload_protocol import Session
    from geo.uploads import MAX_BYTES

    def csv_of(size: int, name: str) -> tuple[str, bytes]:  # one point with a long note: inside every other limit
        head = b"name,lat,lon,note\nx,50,10,"
        return name, head + b"a" * (size - len(head) - 1) + b"\n"

    key = serve.sticky_keys(deployment.url, [app.address for app in deployment.apps])[deployment.apps[0].address]

    async def upload(files):
        async with Session(deployment.url, cookie=f"{serve.STICKY_COOKIE}={key}") as visitor:
            return await visitor.upload(files)

    middle, largest = csv_of(1_500_000, "middle.csv"), csv_of(MAX_BYTES, "largest.csv")
    assert len(middle[1]) == 1_500_000 and len(largest[1]) == MAX_BYTES
    run = _in_thread(upload([middle, largest]))
    assert run["errors"] == [] and sum(label.endswith(("middle\\.csv (1)", "largest\\.csv (1)")) for label in run["labels"]) == 2
    over = csv_of(MAX_BYTES + 1, "over.csv")
    run = _in_thread(upload([over]))
    assert any("over.csv: the file is 5.0 MiB (5,242,881 bytes), over the 5.0 MiB (5,242,880 bytes) limit" in e
               for e in (text.replace("\\", "") for text in run["errors"])), run["errors"]  # shown as literal Markdown


def _in_thread(coroutine):
    """Run ``coroutine`` to its end on a thread of its own: Playwright's sync API keeps an event loop
    running on this one (the browser fixtures of the module), where ``asyncio.run`` is refused."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_the_embedded_view_can_be_framed_through_nginx(deployment, browser):
    """Issue 24.3: nothing on the way (nginx, the app) forbids framing: no X-Frame-Options, no CSP
    frame-ancestors; a page of another site (here, a page with no origin) shows the embedded view's map. Its
    sticky cookie (SameSite=Lax) is not sent from inside another site's page, so its requests may reach either
    app: the view does not need it (no upload, no download; the websocket stays on the app it reached)."""
    for path in ("/?embed=1", "/component/streamlit_folium.st_folium/index.html", "/_stcore/health",
                 "/app/static/leaflet/leaflet.js"):
        with urllib.request.urlopen(deployment.url + path) as response:
            assert response.status == 200
            assert response.headers.get("X-Frame-Options") is None, path
            assert "frame-ancestors" not in (response.headers.get("Content-Security-Policy") or ""), path
    context = browser.new_context(viewport={"width": 600, "height": 800})
    try:
        page = context.new_page()
        page.blocked = []
        block_outside(page, page.blocked)
        snippet = embed.snippet(View(), deployment.url + "/")
        page.set_content(f"<!doctype html><title>An article</title><p>Before</p>{snippet}")
        app = page.wait_for_selector("iframe", timeout=30000).content_frame()
        app.wait_for_selector(".shieldmap-embed-head", timeout=60000)
        inner = app.wait_for_selector(MAP_IFRAME, timeout=60000).content_frame()
        counts = wait_for_counts(inner, lambda c: {k: v for k, v in c.items() if ":" not in k} == MISSION, timeout=60)
        assert {k: v for k, v in counts.items() if ":" not in k} == MISSION
        assert page.blocked == []
    finally:
        context.close()
