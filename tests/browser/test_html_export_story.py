"""The story panel of the HTML export, opened from disk in Chromium with every other request aborted."""

import pytest

from geo.seeds import load_seeds
from pages import ARTIFACTS, FIND_MAP, feature_count, wait_labels_settled
from shieldmap.cli.main import main

COUNT_JS = """() => {
  const map = window[%s], counts = {};
  map.eachLayer(l => { if (l.feature && l.feature.properties && l.feature.properties.layer
      && !String(l.feature.properties.id).endsWith('-uncertainty')) {
    counts[l.feature.properties.layer] = (counts[l.feature.properties.layer] || 0) + 1; } });
  return counts;
}""" % FIND_MAP


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    out = tmp_path_factory.mktemp("story") / "map.html"
    assert main(["export", "--out", str(out), "--layers", "csto,s300_belarus"]) == 0
    return out


def test_story_steps_offline(page_file, file_page):
    ARTIFACTS.mkdir(exist_ok=True)
    page = file_page(page_file.as_uri() + "#story=7")
    page.wait_for_function(f"() => {{ const k = {FIND_MAP}; return k && window[k].shieldmapStory === 7; }}",
                           timeout=30000)
    panel = page.locator(".shieldmap-story")
    assert f"step 7 of {len(load_seeds().story)}: 4 February 2010" in panel.inner_text()  # the story's length: its seeds
    assert "Supreme Defence Council" in panel.inner_text()
    assert "story step 7" in page.locator(".shieldmap-header").inner_text()
    assert page.evaluate(COUNT_JS) == {"events": 7, "nato": 28}  # the step's layers, not the export's
    wait_labels_settled(page)
    page.screenshot(path=str(ARTIFACTS / "html-export-story-7.png"))
    page.get_by_role("button", name="Next").click()
    page.wait_for_function("() => location.hash === '#story=8'")
    counts = page.evaluate(COUNT_JS)
    assert counts["events"] == 8 and counts["european_sectors"] == feature_count("european_sectors", "2010-11-20")
    assert counts["csto"] == 7
    assert "Lisbon" in panel.inner_text()
    page.get_by_role("button", name="Previous").click()
    page.get_by_role("button", name="Previous").click()
    page.wait_for_function("() => location.hash === '#story=6'")
    assert "2009-09-25" == page.evaluate(f"() => window[{FIND_MAP}].shieldmapAsOf")
    page.get_by_role("button", name="Close").click()
    page.wait_for_function("() => location.hash === ''")
    assert page.evaluate(COUNT_JS) == {"csto": 6, "s300_belarus": 3}  # the export's own layers again
    assert "as of 31 October 2013" in page.locator(".shieldmap-header").inner_text()
    page.get_by_role("button", name="Tell the story").click()
    page.wait_for_function(f"() => window[{FIND_MAP}].shieldmapStory === 1")
    page.screenshot(path=str(ARTIFACTS / "html-export-story-1.png"))
    assert page.aborted == [] and page.errors == []
