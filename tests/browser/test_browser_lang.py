"""The app at ?lang=ru in Chromium (issue 24, point 1): what a reader sees is Russian, on a 1280×800 screen
and on a 390×844 phone: the title, the sidebar, the map's key, the sector and country names on the map, the
scale bar's words."""

import re

from deploy.harness import MAP_IFRAME, block_outside
from pages import ARTIFACTS, MISSION, drawn, leaflet_frame, wait_for_app, wait_for_counts, wait_labels_settled

LABELS_JS = """() => [...document.querySelectorAll('.shieldmap-label')]
    .filter(e => getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden')
    .map(e => e.textContent)"""


def _open(browser, app_url, **context_args):
    context = browser.new_context(**context_args)
    page = context.new_page()
    page.blocked = []
    block_outside(page, page.blocked)
    page.goto(app_url + "/?lang=ru")
    wait_for_app(page)
    frame = leaflet_frame(page)
    wait_for_counts(frame, lambda c: drawn(c) == MISSION)
    frame.wait_for_function(f"() => ({LABELS_JS})().some(t => t.includes('Румыния'))", timeout=30000)
    wait_labels_settled(frame)
    return context, page, frame


def test_russian_on_a_1280_by_800_screen(browser, app_url):
    context, page, frame = _open(browser, app_url, viewport={"width": 1280, "height": 800})
    try:
        title = page.locator("h1").first
        assert title.inner_text() == "ПРО в Европе, 2010–2013"
        box = title.bounding_box()
        assert box["width"] > 200 and 0 <= box["y"] < 200 and box["x"] + box["width"] <= 1280
        sidebar = page.locator("[data-testid=stSidebar]").inner_text()
        for text in ("На дату", "Перейти к событию", "Сектора", "Показать планируемые возможности", "Слои",
                     "ЗРС С-300 в Белоруссии", "Государства — члены ОДКБ", "Подложка"):
            assert text in sidebar, text
        for english in ("As of", "Jump to an event", "Show planned capability", "CSTO members", "Basemap"):
            assert english not in sidebar, english
        labels = frame.evaluate(LABELS_JS)
        for name in ("Россия — восток", "США — юг", "Германия — север", "Франция — запад", "Беларусь", "Польша"):
            assert any(name in label for label in labels), (name, labels)
        assert not any("Poland" in label or "Russia — east" in label for label in labels)
        key = frame.locator(".shieldmap-key")
        assert key.locator("summary").inner_text() == "Условные обозначения" and key.evaluate("e => e.open")
        assert "штриховка: отвергнуто 8 июн. 2011" in key.inner_text()
        scale = frame.locator(".leaflet-control-scale-line")  # the scale bar's words (shieldmap/web/scale.py)
        metric, imperial = scale.all_inner_texts()
        assert re.fullmatch(r"\d+ км", metric) and re.fullmatch(r"\d+ (миля|мили|миль)", imperial), (metric, imperial)
        box, size = scale.first.bounding_box(), page.locator(MAP_IFRAME).bounding_box()
        assert box["x"] - size["x"] < 30 and size["y"] + size["height"] - 80 < box["y"] < size["y"] + size["height"]
        page.screenshot(path=str(ARTIFACTS / "app-ru-1280x800.png"))
        assert page.blocked == []
    finally:
        context.close()


def test_russian_on_a_phone(browser, app_url):
    context, page, frame = _open(browser, app_url, viewport={"width": 390, "height": 844}, is_mobile=True,
                                 has_touch=True)
    try:
        title = page.locator("h1").first
        assert title.inner_text() == "ПРО в Европе, 2010–2013"
        box = title.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # the Russian title fits the phone's width
        handle = page.locator(MAP_IFRAME)
        assert handle.bounding_box()["y"] < 844 * 0.6  # the map still starts on the first screen
        key = frame.locator(".shieldmap-key summary")
        assert key.inner_text() == "Условные обозначения" and key.bounding_box()["width"] < 390
        page.screenshot(path=str(ARTIFACTS / "app-ru-390x844.png"))
        assert page.blocked == []
    finally:
        context.close()
