"""Issue 34.1: the page shows no id, path, file name or note to ourselves: its texts, every tab's tables (the
shown features, a selected feature's details and sources, the changes between two dates, the analysis),
in English and in Russian."""

import re

import pytest
from apptest import run

from checks import leaks, snake_ids
from geo.seeds import load_seeds

TABS = {"en": ("Shown features", "Analysis"), "ru": ("Показанные объекты", "Анализ")}


def _page_texts(at) -> list[str]:
    found = [re.sub(r"`[^`]*`", "", e.value)  # a command line (code) is given to be typed: its ids are its words
             for kind in ("title", "caption", "markdown", "header", "subheader", "info", "warning") for e in at.get(kind)]
    for frame in (d.value for d in at.dataframe):
        found += [str(c) for c in frame.columns if not str(c).islower()]  # a heading shown as the data's name
        found += [str(v) for column in frame.columns for v in frame[column].tolist()]
    return found


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_page_and_its_tables_show_no_internal_text(lang):
    ids = snake_ids(load_seeds())
    at = run({"lang": lang, "compare": "2011-01-01"})
    texts = _page_texts(at)
    for tab in TABS[lang]:
        label = next(t.label for t in at.tabs if t.label.startswith(tab))
        at.session_state["below"] = label
        at.run()
        assert not at.exception, at.exception
        texts += _page_texts(at)
    at.session_state["below"] = next(t.label for t in at.tabs if t.label.startswith(TABS[lang][0]))
    at.session_state["table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    texts += _page_texts(at)
    frames = [d.value for d in at.dataframe]
    assert any("title" in f.columns for f in frames)  # a selected feature's sources were shown and read
    assert len(texts) > 50
    assert not [(bit, text[:120]) for text in texts for bit in leaks(text, ids)]
