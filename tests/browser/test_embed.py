"""Issue 24.3 in Chromium: the "Embed this view" snippet, put in a page of another site, draws the map in
its iframe at 400 and 1000 px wide, under a one-line header (title, date, a link to the full view), with no
sidebar and no horizontal scroll."""

import functools
import http.server
import threading
from urllib.parse import urlsplit

import pytest

from deploy.harness import block_outside
from pages import ARTIFACTS, MAP_IFRAME, MISSION, drawn, open_app, wait_for_counts, wait_settled, wait_still
from shieldmap import embed
from shieldmap.view import View

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An article</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>body {{ margin: 0; font: 16px serif; }}</style>
</head><body><p>Text before the map.</p>
{snippet}
<p>Text after the map.</p></body></html>"""

FRAME_JS = """() => { const main = document.querySelector('[data-testid=stMain]'), root = document.documentElement;
    const head = document.querySelector('.shieldmap-embed-head'), map = document.querySelector('%s');
    const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
                                                                    bottom: r.bottom, width: r.width, height: r.height}; };
    const link = head && head.querySelector('a');
    return {width: root.clientWidth, scroll: [root.scrollWidth, root.clientWidth, main.scrollWidth, main.clientWidth],
            head: head && box(head), headText: head && head.innerText, link: link && link.getAttribute('href'),
            target: link && link.target, map: map && box(map),
            sidebar: [...document.querySelectorAll('[data-testid=stSidebar]')].filter(e => e.getClientRects().length).length}; }
""" % MAP_IFRAME


@pytest.fixture(scope="module")
def snippet(browser, app_url):
    """The snippet as the app's "Embed this view" box gives it (the default view)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    block_outside(page, [])
    open_app(page, app_url)
    page.get_by_text("Embed this view").click()
    code = page.locator("[data-testid=stExpander]", has_text="Embed this view").locator("code.language-html")
    code.wait_for(timeout=10000)
    text = code.inner_text().strip()
    context.close()
    return text


@pytest.fixture(scope="module")
def article(tmp_path_factory, snippet):
    """A page holding the snippet, served from another site (localhost, the app being on 127.0.0.1)."""
    folder = tmp_path_factory.mktemp("article")
    (folder / "index.html").write_text(ARTICLE.format(snippet=snippet), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


def test_the_box_gives_the_documented_snippet(snippet, app_url):
    assert snippet == embed.snippet(View(), app_url + "/")
    assert 'title="Map: Missile defence in Europe, 2010–2013, as of 31 October 2013' in snippet
    assert "embed=1" in snippet and f'height="{embed.FRAME_HEIGHT}"' in snippet


@pytest.mark.parametrize("width", [400, 1000])
def test_the_snippet_draws_the_map_in_an_article(browser, article, app_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        blocked = []
        block_outside(page, blocked)
        page.goto(article)
        outer = page.wait_for_selector("iframe", timeout=30000)
        assert round(outer.bounding_box()["width"]) == width  # 100 % of the article's column
        app = outer.content_frame()
        app.wait_for_selector(".shieldmap-embed-head", timeout=60000)
        inner = app.wait_for_selector(MAP_IFRAME, timeout=60000).content_frame()
        counts = wait_for_counts(inner, lambda c: drawn(c) == MISSION, timeout=60)
        assert drawn(counts) == MISSION
        inner.wait_for_function("() => document.querySelector('.leaflet-overlay-pane canvas, .leaflet-overlay-pane svg')"
                                " && document.querySelector('.shieldmap-marker')", timeout=30000)
        shown = wait_still(app, FRAME_JS)  # the page's layout at rest
        page.screenshot(path=str(ARTIFACTS / f"embed-{width}.png"))
        root_scroll, root_client, main_scroll, main_client = shown["scroll"]
        assert root_scroll <= root_client and main_scroll <= main_client, shown  # no horizontal scroll
        assert shown["sidebar"] == 0
        head, frame_map = shown["head"], shown["map"]
        assert 0 <= head["top"] < 20 and head["height"] <= 30 and head["right"] <= width, shown  # one line, in sight
        assert shown["headText"].startswith("Missile defence in Europe") or "…" in shown["headText"]
        assert "31 Oct 2013" in shown["headText"] and "Open the full map" in shown["headText"]
        assert shown["link"].startswith("?layers=") and "embed" not in shown["link"] and shown["target"] == "_blank"
        assert frame_map["top"] >= head["bottom"] and frame_map["left"] >= 0 and frame_map["right"] <= width
        assert frame_map["width"] >= width - 40 and frame_map["height"] == embed.MAP_HEIGHT, shown
        assert frame_map["bottom"] <= embed.FRAME_HEIGHT  # the whole map inside the snippet's height
        leaflet = inner.evaluate("() => { const r = window.map.getContainer().getBoundingClientRect(); "
                                 "return [r.width, r.height]; }")
        assert leaflet[0] >= width - 40 and leaflet[1] == embed.MAP_HEIGHT
        assert blocked == [] and urlsplit(app.url).query.endswith("embed=1") is not None
    finally:
        context.close()


def test_the_full_view_link_opens_the_same_view(browser, app_url):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    try:
        page = context.new_page()
        block_outside(page, [])
        page.goto(app_url + "/?layers=csto&as_of=2012-05-20&embed=1")
        head = page.wait_for_selector(".shieldmap-embed-head", timeout=60000)
        assert "20 May 2012" in head.inner_text()
        assert head.query_selector("a").get_attribute("href") == "?layers=csto&as_of=2012-05-20&basemap=offline"
        inner = page.wait_for_selector(MAP_IFRAME, timeout=60000).content_frame()
        wait_for_counts(inner, lambda c: drawn(c).get("csto", 0) > 0, timeout=60)  # the map drew and said so ...
        wait_settled(page)  # ... and the script's run after it has finished: still the embedded view
        assert "embed=1" in page.url and page.locator("[data-testid=stSidebar]").count() == 0
        assert page.locator("h1").count() == 0
    finally:
        context.close()
