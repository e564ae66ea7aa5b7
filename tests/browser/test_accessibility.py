"""Issue 24.2 in Chromium: axe-core (from npm: package.json, installed by `make`) finds no serious or critical
violation on the default view, in the page and inside the map's frame; every shown feature is reached and
opened with Tab and Enter alone, with its name; targets are at least 24x24 px; the map's frame has a title."""

import datetime as dt
import re

import pytest

from deploy.harness import ROOT
from geo.seeds import DEFAULT_DIR, load_seeds
from layers.registry import DEFAULT_LAYERS
from pages import ARTIFACTS, MAP_IFRAME, MISSION, drawn, feature_count, leaflet_frame, wait_for_app, wait_for_counts, wait_settled
from shieldmap import describe, i18n
from shieldmap.view import View

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: The languages the View knows (issue 24.1 adds `lang`; until then English alone).
LANGS = ["en", "ru"] if "lang" in View.__dataclass_fields__ else ["en"]
FEATURES = sum(MISSION.values())
#: axe's WCAG 2.2 target-size rule (off by default) is on. A map marker may sit too close to another at the
#: default zoom (the S-300 units near Brest and Grodno): WCAG 2.5.8's "equivalent" exception, each has a
#: 24 px button in the map's Features list (the keyboard test opens every feature from there); so markers
#: are left out of that one rule, never of the others.
EQUIVALENT = ".shieldmap-icon"
RUN_AXE = """async (equivalent) => {
    const result = await axe.run(document, {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}});
    const kept = v => v.id !== 'target-size' ? v.nodes : v.nodes.filter(n => {
        const el = document.querySelector(n.target[0]); return !(el && el.matches(equivalent)); });
    return result.violations.filter(v => (v.impact === 'serious' || v.impact === 'critical') && kept(v).length)
        .map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: kept(v).slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
}"""


def _axe(frame) -> list:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed ({AXE.relative_to(ROOT)}): run `make node_modules/.installed`")
    frame.evaluate(AXE.read_text(encoding="utf-8"))
    return frame.evaluate(RUN_AXE, EQUIVALENT)


def _open(browser, app_url, query="", size=(1280, 800), counts=MISSION):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(app_url + "/" + query)
    wait_for_app(page)
    frame = leaflet_frame(page)
    wait_for_counts(frame, lambda c: drawn(c) == counts)
    frame.wait_for_function(f"() => document.querySelector('.leaflet-container').dataset.shieldmapFeatures === "
                            f"'{sum(counts.values())}'", timeout=30000)
    wait_settled(page)  # no rerun fading the page's elements
    return context, page, frame


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_serious_violation(browser, app_url, lang):
    context, page, frame = _open(browser, app_url, "" if lang == "en" else f"?lang={lang}")
    try:
        in_page, in_map = _axe(page.main_frame), _axe(frame)
        page.screenshot(path=str(ARTIFACTS / f"axe-{lang}.png"))
        assert in_page == [] and in_map == [], "\n".join(str(v) for v in in_page + in_map)
    finally:
        context.close()


BOX_JS = """() => { const p = document.querySelector('.leaflet-popup-content-wrapper').getBoundingClientRect(),
    m = window.map.getContainer().getBoundingClientRect(), list = document.querySelector('.shieldmap-features'),
    l = list.getBoundingClientRect(), a = document.activeElement;
    return {inMap: [p.left >= m.left - 1, p.right <= m.right + 1, p.top >= m.top - 1, p.bottom <= m.bottom + 1],
            clearOfList: p.right <= l.left || p.bottom <= l.top || p.top >= l.bottom,
            listHidden: getComputedStyle(list).visibility === 'hidden',
            focus: (a.getAttribute('role') || a.tagName.toLowerCase()) + ':'
                   + (a.getAttribute('aria-label') || a.textContent)}; }"""
ACTIVE_JS = """() => { let doc = document, el = doc.activeElement, where = 'page';
    while (el && el.tagName === 'IFRAME') { where = 'map'; doc = el.contentDocument; el = doc.activeElement; }
    const popup = doc.querySelector('.leaflet-popup-content .shieldmap-popup-title');
    return {where: where, tag: el ? el.tagName : null, cls: el ? String(el.className) : '',
            label: el ? (el.getAttribute('aria-label') || el.textContent.trim()) : '',
            inFeatures: !!(el && el.closest && el.closest('.shieldmap-features')),
            summary: !!(el && el.tagName === 'SUMMARY'), popup: popup ? popup.textContent : null}; }"""


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["wide", "phone"])
def test_every_feature_is_reached_and_opened_with_tab_and_enter(browser, app_url, size):
    """Tab and Enter alone: each marker and each button of the Features list opens its feature's popup, in the
    map, in sight and clear of the list; on a phone, where the two do not fit side by side, the focus goes into
    the popup. Escape closes it, the focus back where Enter was pressed."""
    context, page, frame = _open(browser, app_url, size=size)
    phone = size[0] < 600
    try:
        names = frame.evaluate("""() => { const n = []; window.map.eachLayer(l => { if (l.feature && l.getPopup
            && l.getPopup()) n.push(l.feature.properties.shown_name || l.feature.properties.name); });
            return n.sort(); }""")
        assert len(names) == FEATURES
        page.evaluate("() => document.activeElement && document.activeElement.blur()")  # Tab starts at the top
        opened, markers, seen_list = {}, {}, False
        for _ in range(400):
            page.keyboard.press("Tab")
            now = page.evaluate(ACTIVE_JS)
            if now["where"] != "map":
                if seen_list:
                    break  # past the map
                continue
            if now["summary"] and now["inFeatures"]:
                seen_list = True
                page.keyboard.press("Enter")  # opens the list
            elif "shieldmap-icon" in now["cls"] or (now["inFeatures"] and now["tag"] == "BUTTON"):
                page.keyboard.press("Enter")
                frame.wait_for_function("(name) => { const t = document.querySelector("
                                        "'.leaflet-popup-content .shieldmap-popup-title'); "
                                        "return t && t.textContent === name; }", arg=now["label"], timeout=5000)
                frame.wait_for_function("() => !(window.map._panAnim && window.map._panAnim._inProgress)")
                box = frame.evaluate(BOX_JS)
                (markers if "shieldmap-icon" in now["cls"] else opened)[now["label"]] = frame.evaluate(ACTIVE_JS)["popup"]
                assert box["inMap"] == [True] * 4, (now["label"], box)  # the popup is in the map, in sight
                if now["inFeatures"] and phone:  # the list gave way: the popup has the focus
                    assert box["focus"] == "dialog:" + now["label"] and box["listHidden"], box
                elif now["inFeatures"]:
                    assert box["clearOfList"] and box["focus"] == "button:" + now["label"], box
                page.keyboard.press("Escape")  # closes the popup; the focus is (back) where Enter was pressed
                frame.wait_for_function("() => !document.querySelector('.leaflet-popup')")
                assert page.evaluate(ACTIVE_JS)["label"] == now["label"]
        page.screenshot(path=str(ARTIFACTS / f"keyboard-walk-{size[0]}.png"))
        assert seen_list, "Tab never reached the map's Features list"
        assert sorted(opened) == names and all(opened[n] == n for n in names)  # every feature, by its name
        assert sorted(markers) == sorted(n for n in names if n in markers) and len(markers) == 4  # the markers too
    finally:
        context.close()


TARGETS_JS = """() => [...document.querySelectorAll(
        '.leaflet-control-zoom a, .shieldmap-features summary, .shieldmap-key summary, .shieldmap-icon')]
    .map(e => { const r = e.getBoundingClientRect(); return [e.className || e.tagName, r.width, r.height]; })"""


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["wide", "phone"])
def test_targets_are_at_least_24_px(browser, app_url, size):
    context, page, frame = _open(browser, app_url, size=size)
    try:
        frame.locator(".shieldmap-features summary").click()  # the list's buttons show
        in_map = frame.evaluate(TARGETS_JS) + frame.evaluate(
            "() => [...document.querySelectorAll('.shieldmap-features button')].map(e => "
            "{ const r = e.getBoundingClientRect(); return ['button', r.width, r.height]; })")
        if size[0] < 640:
            page.locator("[data-testid=stExpandSidebarButton], [data-testid=stSidebarCollapsedControl] button"
                         ).first.click()
        page.wait_for_selector("[data-testid=stSidebar] [data-testid=stCheckbox] label", state="visible")
        toggles = page.evaluate("""() => [...document.querySelectorAll(
            '[data-testid=stSidebar] [data-testid=stCheckbox] label, [data-testid=stSidebar] [data-testid=stExpander] summary')]
            .filter(e => e.getClientRects().length)
            .map(e => { const r = e.getBoundingClientRect(); return [e.textContent.slice(0, 30), r.width, r.height]; })""")
        assert len(in_map) >= 4 + 2 + 2 + FEATURES and len(toggles) >= 10, (in_map, toggles)
        names = page.evaluate("() => [...document.querySelectorAll('[data-testid=stSidebar] input[type=checkbox]')]"
                              ".map(i => i.getAttribute('aria-label'))")
        assert "CSTO members (6)" in names and "S-300 in Belarus (3)" in names  # a toggle's name is its words:
        assert not [n for n in names if "data:" in n or "![" in n]  # its swatch is drawn by CSS, not read out
        small = [t for t in in_map + toggles if t[1] < 24 or t[2] < 24]
        assert small == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_map_frame_has_a_title_and_a_description(browser, app_url, lang):
    query = "?as_of=2011-01-01" + ("" if lang == "en" else f"&lang={lang}")
    sectors = feature_count("european_sectors", "2011-01-01")  # the sectors, the undescribed land, the bands
    context, page, frame = _open(browser, app_url, query, counts={"s300_belarus": 2, "csto": 7, "european_sectors": sectors})
    try:
        seeds = load_seeds(DEFAULT_DIR)
        from layers.registry import build_layers
        day = dt.date(2011, 1, 1)
        event = describe.previous_event(seeds.events, day)
        with i18n.language(lang):  # the page's language: the words as the session shows them
            expected = describe.frame_title(day, DEFAULT_LAYERS)
            text = describe.describe(day, build_layers(seeds, DEFAULT_LAYERS, day), event,
                                     build_layers(seeds, DEFAULT_LAYERS, describe.before_previous(event)))
            region_name, box = i18n._("What the map shows"), i18n._("The map in words")
        if lang == "ru":
            assert expected.startswith("Карта: ПРО в Европе") and text.summary.startswith("Карта (ПРО в Европе")
        page.wait_for_function(f"(t) => document.querySelector('{MAP_IFRAME}').title === t", arg=expected, timeout=10000)
        assert page.locator(MAP_IFRAME).get_attribute("title") == expected
        region = frame.evaluate("""() => { const c = window.map.getContainer(),
            d = document.getElementById(c.getAttribute('aria-describedby'));
            return {role: d.getAttribute('role'), label: d.getAttribute('aria-label'), text: d.innerText,
                    paragraphs: [...d.querySelectorAll('p')].map(p => p.textContent),
                    width: d.getBoundingClientRect().width}; }""")
        assert region["paragraphs"] == [text.summary, *text.paragraphs]
        assert region["role"] == "region" and region["label"] == region_name and region["width"] <= 1
        page.get_by_text(box).click()  # the same text in the page, folded under the map
        page.get_by_text(text.summary).wait_for(timeout=10000)
        page.screenshot(path=str(ARTIFACTS / f"words-{lang}.png"))
    finally:
        context.close()


def test_the_russian_html_export_has_its_scale_bar_and_map_in_words_in_russian(tmp_path, file_page):
    """``export --lang ru``: the scale bar says км and miles in Russian; under the map, a region "Карта словами"
    (folded) holds the app's description, which also describes the map's region; axe finds nothing with it open."""
    from shieldmap.cli.main import main

    out = tmp_path / "ru.html"
    assert main(["export", "--lang", "ru", "--out", str(out)]) == 0
    page = file_page(out.as_uri())
    page.wait_for_function("() => document.querySelector('.leaflet-container') && document.querySelector("
                           "'.leaflet-container').dataset.shieldmapFeatures > 0", timeout=30000)
    metric, imperial = page.locator(".leaflet-control-scale-line").all_inner_texts()
    assert re.fullmatch(r"\d+ км", metric) and re.fullmatch(r"\d+ (миля|мили|миль)", imperial), (metric, imperial)
    region = page.get_by_role("region", name="Карта словами")
    box, map_box = region.bounding_box(), page.locator(".leaflet-container").bounding_box()
    assert map_box["y"] + map_box["height"] <= box["y"] + 1 and box["x"] == 0 and 24 <= box["height"] < 60
    region.locator("summary").click()
    text = region.locator("#shieldmap-words-text")
    text.wait_for(state="visible", timeout=5000)
    assert text.inner_text().startswith("Карта (ПРО в Европе, 2010–2013) на 31 октября 2013")
    assert region.bounding_box()["height"] > 150 and region.bounding_box()["y"] + region.bounding_box()["height"] <= 801
    described = page.evaluate("() => document.getElementById(document.querySelector('.leaflet-container')"
                              ".getAttribute('aria-describedby')).textContent")
    assert described == text.text_content()
    found = _axe(page.main_frame)
    assert found == [], "\n".join(str(v) for v in found)
    assert page.errors == []


def test_axe_in_the_html_export(tmp_path, file_page):
    """The self-contained HTML export (the same map scripts): no serious or critical violation either."""
    from shieldmap.cli.main import main

    out = tmp_path / "map.html"
    assert main(["export", "--format", "html", "--out", str(out)]) == 0
    page = file_page(out.as_uri())
    page.wait_for_function("() => document.querySelector('.leaflet-container') && document.querySelector("
                           "'.leaflet-container').dataset.shieldmapFeatures > 0", timeout=30000)
    found = _axe(page.main_frame)
    assert found == [], "\n".join(str(v) for v in found)
