"""Issue 34.3, "Russian, all of it": the app at ?lang=ru in Chromium with every panel open (the sidebar; each tab
and each expander in it: what the map shows, the features, the analysis, the downloads, the citation; Compare;
the story; the what-if sites; an engagement path; the uploader; the map's Key and Features list) and a popup of
each layer open, read as a reader meets it: the visible text and the elements' accessible names, titles and
placeholders. No Latin word but the allowed proper names (``tests/latin_words.py``), and no date in ISO form."""

from __future__ import annotations

import re
from urllib.parse import quote

from deploy.harness import block_outside
from latin_words import allowed_words, foreign
from layers.registry import LAYERS
from pages import ARTIFACTS, leaflet_frame, wait_for_app, wait_labels_settled

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
WHAT_IF = "Тест@54.5,19.5,500"
QUERIES = {
    "everything": f"?lang=ru&layers={','.join(LAYERS)}&planned=1&compare=2011-01-01&what_if={quote(WHAT_IF)}"
                  "&path=kozelsk%3Enew-york",
    "story": "?lang=ru&story=7",
}

#: JS: what a reader meets in ``document``: each visible text node (not code: commands and citation records are
#: machine text, written as the machine reads them; not the icon font's ligature names), and the accessible
#: names, titles, placeholders and alternative texts of rendered elements (those a screen reader hears: not
#: inside ``aria-hidden``).
SEEN_JS = """(charts) => {
  const CHART = '[data-testid=stVegaLiteChart] svg';  // Vega's own descriptions of a chart (charts=true: only those)
  const out = [], skip = e => e.closest('script, style, code, pre, [data-testid=stIconMaterial], .material-symbols-rounded');
  const shown = e => e.checkVisibility({checkVisibilityCSS: true});
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, e = node.parentElement, text = node.textContent.trim();
    if (text && e && !skip(e) && shown(e) && !charts) out.push(text);
  }
  for (const e of document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-description]')) {
    const unheard = e.closest('[aria-hidden=true]');  // out of the accessibility tree: no screen reader says its names
    if (skip(e) || !shown(e) || unheard || (!charts) === !!e.closest(CHART)) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description'])
      if (e.getAttribute(name)) out.push(e.getAttribute(name));
  }
  return out; }"""

#: JS in the map's frame: open one feature's popup of each layer in turn; returns {layer id: the popup's text}.
POPUPS_JS = """() => { const first = {}, texts = {};
  window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && l.getPopup && l.getPopup() && !(p.layer in first)) first[p.layer] = l; });
  for (const [id, layer] of Object.entries(first)) {
    layer.openPopup(layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter());
    const content = document.querySelector('.leaflet-popup-content');
    texts[id] = content ? content.innerText : null;
    window.map.closePopup();
  }
  return texts; }"""

OPEN_ALL_JS = """() => { document.querySelectorAll('details:not([open]) > summary').forEach(s => s.click()); }"""


def _problems(texts, seeds) -> dict:
    """{each Latin word not allowed, or ISO date: the first text it is in (shortened)}."""
    found = foreign(texts, allowed_words(seeds))
    for text in texts:
        if ISO_DATE.search(text):
            found.setdefault(text, []).extend(ISO_DATE.findall(text))
    return {word: text[:160] for text, words in reversed(found.items()) for word in words}


def _read_page(page, charts: bool = False) -> list[str]:
    """Every tab of the page opened in turn, each expander in it opened; what the reader meets on each (``charts``:
    only the accessible descriptions Vega gives the charts)."""
    seen = []
    tabs = page.locator("[role=tab]")
    for index in range(tabs.count()):
        tabs.nth(index).click()
        page.wait_for_function("(i) => document.querySelectorAll('[role=tab]')[i].getAttribute('aria-selected') "
                               "=== 'true'", arg=index)
        for summary in page.locator("[data-testid=stExpander] summary:visible").all():
            if summary.get_attribute("aria-expanded") == "false":
                summary.click()
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60000)
        seen += page.evaluate(SEEN_JS, charts)
    return seen


def _read_map(page) -> tuple[list[str], dict]:
    frame = leaflet_frame(page)
    frame.wait_for_function("() => window.map && document.querySelector('.shieldmap-key')", timeout=60000)
    wait_labels_settled(frame, timeout=60)
    frame.evaluate(OPEN_ALL_JS)  # the Key, the Features list
    popups = frame.evaluate(POPUPS_JS)
    return frame.evaluate(SEEN_JS, False), popups


def _open(browser, app_url, query):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.blocked = []
    block_outside(page, page.blocked)
    page.goto(app_url + "/" + query)
    wait_for_app(page)
    return context, page


def test_every_panel_of_the_russian_page_is_russian(browser, app_url, seeds):
    context, page = _open(browser, app_url, QUERIES["everything"])
    try:
        seen_map, popups = _read_map(page)
        seen = _read_page(page)
        page.screenshot(path=str(ARTIFACTS / "app-ru-everything.png"), full_page=True)
        assert set(popups) >= set(LAYERS), sorted(popups)  # a popup of each layer read
        assert all(popups.values()), popups
        assert "Объекты" in " ".join(seen_map) and "Условные обозначения" in " ".join(seen_map)
        for words in ("Сравнить с другой датой", "Тест", "Анализ"):
            assert any(words in text for text in seen), words
        problems = _problems([*seen, *seen_map, *popups.values()], seeds)
        assert problems == {}, "\n".join(f"{word!r}: {text!r}" for word, text in sorted(problems.items()))
        assert page.blocked == []
    finally:
        context.close()


def test_the_russian_story_is_russian(browser, app_url, seeds):
    context, page = _open(browser, app_url, QUERIES["story"])
    try:
        panel = page.locator(".st-key-story_panel")
        panel.wait_for(timeout=30000)
        assert "Шаг 7" in panel.inner_text() or "7" in panel.inner_text()
        seen_map, popups = _read_map(page)
        seen = page.evaluate(SEEN_JS, False)
        problems = _problems([*seen, *seen_map, *popups.values()], seeds)
        assert problems == {}, "\n".join(f"{word!r}: {text!r}" for word, text in sorted(problems.items()))
    finally:
        context.close()


def test_the_charts_accessible_descriptions_are_russian(browser, app_url, seeds):
    context, page = _open(browser, app_url, QUERIES["everything"])
    try:
        seen = _read_page(page, charts=True)
        for said in ("Вертикальная ось: ", "Легенда: ", "объект: ", "страна: "):  # axes, legends, marks were read
            assert any(text.startswith(said) for text in seen), said
        problems = _problems(seen, seeds)
        assert problems == {}, "\n".join(f"{word!r}: {text!r}" for word, text in sorted(problems.items()))
    finally:
        context.close()
