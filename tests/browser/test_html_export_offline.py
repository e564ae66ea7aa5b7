"""The self-contained HTML map in Chromium, opened from file:// with every request
that would leave the disk aborted: the app's layers, popups, legend and layer control."""

import pytest

from pages import ARTIFACTS, FIND_MAP, wait_labels_settled
from shieldmap.cli.main import main
from layers.registry import DEFAULT_AS_OF, DEFAULT_LAYERS, LAYER_IDS, LAYERS, build_layers


@pytest.fixture(scope="module")
def built(seeds):
    return build_layers(seeds, LAYER_IDS, DEFAULT_AS_OF)


COUNT_JS = """() => {
  const map = window[%s];
  const counts = {};
  map.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.layer) {
      const k = l.feature.properties.layer + (String(l.feature.properties.id).endsWith('-uncertainty') ? ':uncertainty' : '');
      counts[k] = (counts[k] || 0) + 1;
    }
  });
  return counts;
}""" % FIND_MAP


def expected_counts(built, layer_ids):
    counts = {}
    for layer_id in layer_ids:
        frame = built[layer_id]
        counts[layer_id] = len(frame)
        if LAYERS[layer_id].geometry == "point":
            counts[f"{layer_id}:uncertainty"] = int((frame.geom_type.eq("Point") & frame["precision_km"].gt(0)).sum())
    return {k: v for k, v in counts.items() if v}


def test_opens_from_disk_offline(tmp_path, seeds, built, file_page):
    out = tmp_path / "map.html"
    assert main(["export", "--out", str(out)]) == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page = file_page(out.as_uri())
    page.wait_for_function(f"() => {{ const k = {FIND_MAP}; return k && window[k]._loaded; }}", timeout=30000)

    defaults = expected_counts(built, DEFAULT_LAYERS)
    assert set(DEFAULT_LAYERS) == {"s300_belarus", "romania_interceptor", "csto", "european_sectors"}
    assert all(defaults.get(i) for i in DEFAULT_LAYERS)  # each default layer has features at the date
    assert page.evaluate(COUNT_JS) == defaults  # the defaults drawn, the other layers hidden
    assert page.locator(".shieldmap-box .shieldmap-legend img").count() == len(LAYER_IDS)
    assert "as of 31 October 2013" in page.locator(".shieldmap-header").inner_text()
    wait_labels_settled(page)
    page.screenshot(path=str(ARTIFACTS / "html-export.png"))

    toggle = page.get_by_role("checkbox", name=LAYERS["nato"].title)  # the layer control (the features list names it too)
    toggle.check()  # the layer control switches a hidden layer on
    page.wait_for_function(f"() => ({COUNT_JS})()['nato'] === {len(built['nato'])}", timeout=10000)
    toggle.uncheck()
    page.wait_for_function(f"() => !({COUNT_JS})()['nato']", timeout=10000)

    deveselu = built["romania_interceptor"].iloc[0]
    page.evaluate("""(id) => {
      const map = window[%s];
      map.eachLayer(l => { if (l.feature && l.feature.properties.id === id && l._icon) l._icon.id = 'deveselu'; });
    }""" % FIND_MAP, deveselu["id"])
    page.click("#deveselu")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10000)
    text = popup.inner_text()
    titles = [record["title"] for record in seeds.source_records(deveselu["sources"].split(";"))]
    assert deveselu["name"] in text and titles[0] in text and "Sources:" in text
    assert popup.locator("a[href^='http']").count() >= 1  # a link to read, not something fetched
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    page.screenshot(path=str(ARTIFACTS / "html-export-popup.png"))
    assert page.aborted == []
    assert [url for url in page.requested if not url.startswith(("file:", "data:"))] == []
    assert page.errors == []
