"""Issue 11, the map a reader understands without clicking: sector fills, names on the map, the key,
and the phone view (the README's pictures of them are taken by `make screenshots`, not here)."""

from layers import style
from pages import ARTIFACTS, MAP_IFRAME, MISSION, drawn, open_app, wait_for_app, wait_for_counts, wait_labels_settled

FILLS_JS = """() => { const out = {}; window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && p.layer === 'european_sectors') out[p.id] = l.options.fillColor; }); return out; }"""
# Label elements shown at the current zoom and not hidden as crowded: text and box.
LABELS_JS = """() => [...document.querySelectorAll('.shieldmap-label')]
    .filter(e => getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden')
    .map(e => { const r = e.firstChild.getBoundingClientRect();
                return {text: e.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })"""
IN_VIEW = """(labels) => { const w = window.innerWidth, h = window.innerHeight;
    return labels.filter(r => r.right > 0 && r.left < w && r.bottom > 0 && r.top < h).map(r => r.text); }"""
# The map's hatch pattern, the dash each rejected sector is drawn with, and the key's swatches' dashes (issue 35.3).
DRAWN_LOOKS_JS = """() => { const p = document.querySelector('#shieldmap-hatch'), l = p.querySelector('line'), dashes = [];
    window.map.eachLayer(x => { const f = x.feature && x.feature.properties;
        if (f && f.layer === 'european_sectors' && f.hatch === true) dashes.push(x.options.dashArray); });
    return {spacing: +p.getAttribute('width'), transform: p.getAttribute('patternTransform'), stroke: l.getAttribute('stroke'),
            width: +l.getAttribute('stroke-width'), opacity: +l.getAttribute('stroke-opacity'), map: dashes,
            key: [...document.querySelectorAll('.shieldmap-key-row rect')].map(r => r.getAttribute('stroke-dasharray'))}; }"""
SECTORS = ["european-sector-russia", "european-sector-usa", "european-sector-germany", "european-sector-france"]


def _labels(frame, expected, timeout=30000):
    """The visible labels once every text of ``expected`` is among them (country names arrive with the basemap)."""
    frame.wait_for_function(f"""(want) => {{ const texts = ({LABELS_JS})().map(l => l.text);
        return want.every(w => texts.some(t => t.includes(w))); }}""", arg=expected, timeout=timeout)
    wait_labels_settled(frame)  # the declutter pass runs after the last label arrives
    return frame.evaluate(LABELS_JS)


def _overlaps(labels):
    return [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:]
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]]


def test_sectors_filled_labelled_and_names_do_not_overlap(page, app_url):
    frame = open_app(page, app_url)
    wait_for_counts(frame, lambda c: drawn(c) == MISSION)
    fills = frame.evaluate(FILLS_JS)
    assert len({fills[i] for i in SECTORS}) == 4  # four distinct fills
    assert fills["european-sectors-not-covered"] == "#777777"  # the land no sector covers: grey
    names = ["Russia — east", "United States — south", "Germany — north", "France — west",
             "Belarus", "Lithuania", "Poland", "Romania"]
    labels = _labels(frame, names)
    shown = frame.evaluate(IN_VIEW, labels)
    for name in names:  # on the map, in view, at the default date once rejected
        assert any(name in text for text in shown), (name, shown)
    assert sum("rejected 8 Jun 2011" in text for text in shown) == 4
    assert _overlaps(labels) == []  # pairwise disjoint boxes
    assert "Sudan" not in " ".join(shown)  # no world names at this zoom in this view
    key = frame.locator(".shieldmap-key")
    assert key.evaluate("e => e.open")  # a wide map opens its key
    text = key.inner_text()
    for entry in ["Russia's sector as the General Staff depicted it",
                  "approximate", "Russia — east", "France — west", "hatched: rejected 8 Jun 2011",
                  "undescribed by the evidence", "alliances of the 2010 proposal", "hollow: planned",
                  "dashed circle: how far the location may be off"]:
        assert entry in text
    looks = frame.evaluate(DRAWN_LOOKS_JS)  # the map and its key draw layers/style.py's symbols
    hatch = style.leaflet_hatch()
    assert (looks["spacing"], looks["stroke"], looks["width"], looks["opacity"]) == (
        hatch["spacing"], hatch["color"], hatch["width"], hatch["opacity"])
    assert looks["transform"] == f"rotate({90 - hatch['angle']:g})"
    rejected = style.SectorLook(style.SECTOR_COLORS["Russia"], True).leaflet()["dashArray"]
    assert set(looks["map"]) == {rejected} and len(looks["map"]) == 4
    assert looks["key"][:5] == [rejected] * 5  # the four holders and the "hatched: rejected" swatch
    page.screenshot(path=str(ARTIFACTS / "app-default-view.png"))
    assert page.blocked == []


def test_site_names_from_zoom_6_and_still_no_overlap(page, app_url):
    frame = open_app(page, app_url, "?layers=s300_belarus,romania_interceptor,csto")
    wait_for_counts(frame, lambda c: drawn(c) == {"s300_belarus": 3, "romania_interceptor": 1, "csto": 6})
    assert not any("Grodno" in label["text"] for label in _labels(frame, ["Belarus"]))
    frame.evaluate("() => { window.map.setView([53.2, 25.5], 6, {animate: false}); }")
    labels = _labels(frame, ["Grodno", "Brest", "Lithuania", "Belarus"])
    assert _overlaps(labels) == []
    # two point layers, one "Symbols" section in the key (identical sections are shown once)
    assert frame.locator(".shieldmap-key").inner_text().count("Symbols") == 1


def test_phone_shows_the_map_first_and_the_layer_controls(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(app_url + "/")
        wait_for_app(page)
        handle = page.wait_for_selector(MAP_IFRAME, timeout=60000)
        wait_for_counts(handle.content_frame(), lambda c: drawn(c) == MISSION)
        assert handle.bounding_box()["y"] < 844 * 0.5  # the map starts in the upper half of the first screen
        toggle = page.locator("[data-testid=stExpandSidebarButton]")
        assert toggle.is_visible()  # the sidebar (layers, date) is collapsed, its control in view
        assert toggle.bounding_box()["y"] < 844
        assert not handle.content_frame().locator(".shieldmap-key").evaluate("e => e.open")  # the key folded
        page.screenshot(path=str(ARTIFACTS / "app-phone.png"))
        toggle.click()
        page.get_by_text("CSTO members (6)").wait_for(timeout=10000)  # the layer toggles are reachable
    finally:
        context.close()
