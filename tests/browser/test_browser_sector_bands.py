"""Issue 33, point 2.4 in Chromium: the sector edges no source gives are drawn as hatched bands.

- At 1 Jun 2012 (after the General Staff's slide of 3 May 2012) the map draws seven bands (the slide's four lines,
  the capital rule's three borders), each filled with the SVG pattern ``shieldmap-band`` (cross-hatched in the
  band's colour of ``layers/style.py``), and the Key names the band; a click on Poland's band opens its popup,
  which says what it is and quotes the line's ``inferred:`` note.
- At 1 Jun 2011 (before the slide) only the capital rule's three bands are drawn.
- In Russian: the Key's entry and the popup (its name and the note's Russian).
"""

from deploy.harness import MAP_IFRAME
from layers import style
from pages import ARTIFACTS, leaflet_frame, wait_for_app, wait_labels_settled

BANDS_JS = """() => [...document.querySelectorAll('path.shieldmap-band')].map(p => {
    const r = p.getBoundingClientRect();
    return {fill: p.getAttribute('fill'), width: r.width, height: r.height}; })"""
PATTERN_JS = """() => { const p = document.getElementById('shieldmap-band'); if (!p) return null;
    const lines = [...p.querySelectorAll('line')];
    return {units: p.getAttribute('patternUnits'), width: +p.getAttribute('width'), lines: lines.length,
            stroke: lines[0].getAttribute('stroke'), strokeWidth: +lines[0].getAttribute('stroke-width'),
            opacity: +lines[0].getAttribute('stroke-opacity')}; }"""
KEY_JS = """() => { const s = document.querySelector('.shieldmap-key svg.shieldmap-key-band');
    return s ? s.closest('.shieldmap-key-row').textContent.trim() : null; }"""
POINT_JS = """([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }"""


def _open(page, app_url, as_of):
    page.goto(f"{app_url}/?as_of={as_of}")
    wait_for_app(page)
    frame = leaflet_frame(page)
    wait_labels_settled(frame)
    return frame


def test_bands_hatched_on_the_map_in_the_key_and_their_popup(page, app_url):
    frame = _open(page, app_url, "2012-06-01")
    frame.wait_for_function("() => document.querySelectorAll('path.shieldmap-band').length === 7", timeout=30000)
    bands = frame.evaluate(BANDS_JS)
    assert {b["fill"] for b in bands} == {"url(#shieldmap-band)"}
    assert all(b["width"] > 0 and b["height"] > 0 for b in bands)
    pattern = frame.evaluate(PATTERN_JS)
    band = style.BAND_HATCH  # the one declaration the map, the key and the figure draw
    assert pattern == {"units": "userSpaceOnUse", "width": band.spacing, "lines": 2, "stroke": band.color,
                       "strokeWidth": band.width, "opacity": band.opacity}
    assert frame.evaluate(KEY_JS) == "Edge not given by any source"
    page.screenshot(path=str(ARTIFACTS / "sector-bands-2012-06-01.png"))
    x, y = frame.evaluate(POINT_JS, [51.0, 22.0])  # Poland's line, 22°E, near Lublin
    box = page.locator(MAP_IFRAME).first.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    popup = frame.wait_for_selector(".leaflet-popup-content", timeout=15000)
    text = popup.inner_text()
    assert text.startswith("Edge not given by any source")
    assert "edge no source gives, hatched band (interpretation)" in text
    assert "inferred: the line standing for Podvig's 'parts of Poland'" in text and "1° either side" in text


def test_before_the_slide_only_the_capital_rules_bands(page, app_url):
    frame = _open(page, app_url, "2011-06-01")
    frame.wait_for_function("() => document.querySelectorAll('path.shieldmap-band').length === 3", timeout=30000)
    assert frame.evaluate(KEY_JS) == "Edge not given by any source"
    page.screenshot(path=str(ARTIFACTS / "sector-bands-2011-06-01.png"))


def test_the_band_in_russian(page, app_url):
    page.goto(f"{app_url}/?as_of=2012-06-01&lang=ru")
    wait_for_app(page)
    frame = leaflet_frame(page)
    wait_labels_settled(frame)
    frame.wait_for_function("() => document.querySelectorAll('path.shieldmap-band').length === 7", timeout=30000)
    assert frame.evaluate(KEY_JS) == "Граница, которой не даёт ни один источник"
    x, y = frame.evaluate(POINT_JS, [51.0, 22.0])
    box = page.locator(MAP_IFRAME).first.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    text = frame.wait_for_selector(".leaflet-popup-content", timeout=15000).inner_text()
    assert text.startswith("Граница, которой не даёт ни один источник")
    assert "вывод: линия, обозначающая «части Польши» у Подвига" in text and "в полосе 1° по обе стороны" in text
    page.screenshot(path=str(ARTIFACTS / "sector-bands-ru-popup.png"))
