"""The HTML export in Russian (issue 24): a marker clicked in Chromium opens a popup whose kind, unit, details
and note are the seeds' Russian texts, within the map."""

from pages import FIND_MAP, wait_still
from shieldmap.cli.main import main

MARKER_JS = """(id) => {
  const map = window[%s];
  let box = null;
  map.eachLayer(l => { if (l.feature && l.feature.properties.id === id && l._icon) {
    map.setView(l.getLatLng(), 6, {animate: false});
    const r = l._icon.getBoundingClientRect(); box = [r.left + r.width / 2, r.top + r.height / 2]; } });
  return box;
}""" % FIND_MAP


def test_russian_popup_from_a_click(tmp_path, file_page):
    out = tmp_path / "ru.html"
    assert main(["--lang", "ru", "export", "--format", "html", "--out", str(out), "--layers", "s300_belarus",
                 "--as-of", "2015-06-01"]) == 0
    page = file_page(out.as_uri())
    page.wait_for_function(f"() => {{ const k = {FIND_MAP}; return k && window[k]._loaded; }}", timeout=30000)
    marker = f"() => ({MARKER_JS})('s300-grodno')"  # centres the marker: where it is
    page.wait_for_function(f"() => ({marker})() !== null", timeout=30000)  # its icon is on the map
    x, y = wait_still(page, marker)  # where it is once the view has settled
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10000)
    text = popup.inner_text()
    assert text.startswith("Дивизион ЗРС С-300ПС (Гродненская область)")
    assert "зенитный ракетный дивизион" in text
    assert "зенитный ракетный полк в Гродненской области (1-й или 115-й)" in text
    assert "Капитально отремонтированная С-300ПС" in text
    assert "Один из четырёх, объявленных в 2013 г.; точка — центр Гродно" in text
    assert "Overhauled" not in text and "One of the four" not in text
    box = page.locator(".leaflet-popup").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= 1280 and box["y"] + box["height"] <= 800
    assert page.errors == []
