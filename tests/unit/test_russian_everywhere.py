"""Issue 34.3, the figure and the animation: in Russian every text the figure draws (its matplotlib artists: title,
legend, caption, source list) and every animation caption (the story's steps and the event dates) has no Latin
word but the allowed proper names (``tests/latin_words.py``)."""

import datetime as dt
import re

import pandas as pd
import pytest

from latin_words import allowed_words, foreign
from layers.registry import LAYERS, build_layers
from shieldmap import animation, figure, i18n
from shieldmap.ui import tables, widget_words

DATES = (dt.date(2011, 7, 15), dt.date(2013, 10, 31))


def _figure_texts(seeds, as_of: dt.date, planned: bool) -> list[str]:
    with i18n.language("ru"):
        built = build_layers(seeds, list(LAYERS), as_of, planned=planned)
        fig = figure.draw(built, seeds, as_of)
        legends = [legend for ax in fig.axes for legend in (ax.get_legend(),) if legend] + list(fig.legends)
        texts = [*fig.texts, *(t for ax in fig.axes for t in ax.texts), *(t for legend in legends
                                                                          for t in legend.get_texts()),
                 *(legend.get_title() for legend in legends)]
        return [t.get_text() for t in texts if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("as_of", DATES)
def test_the_russian_figure_has_no_english_word(seeds, as_of):
    texts = _figure_texts(seeds, as_of, planned=True)
    assert any("Источники" in text for text in texts)  # the caption's source list was drawn and read
    assert foreign(texts, allowed_words(seeds)) == {}


def test_the_russian_animation_captions_have_no_english_word(seeds):
    with i18n.language("ru"):
        frames = [*animation.story_frames(seeds), *animation.event_frames(seeds, dt.date(2007, 1, 1),
                                                                          dt.date(2024, 12, 31), ["csto"])]
        texts = [text for frame in frames for text in (frame.heading, i18n.date_long(frame.date), frame.title,
                                                         frame.caption, frame.sources) if text]
    assert len(frames) > 40 and len(texts) > 4 * len(frames) - 5
    assert foreign(texts, allowed_words(seeds)) == {}


def test_the_check_finds_english():
    allowed = {"Aegis"}
    assert foreign(["Aegis в Румынии", "Система S-300PS", "см. https://example.com/Page"], allowed) == {
        "Система S-300PS": ["S-300PS"]}


def test_streamlits_own_words_have_russian_patterns():
    assert widget_words.patterns() == []  # English: Streamlit's words stay
    with i18n.language("ru"):
        patterns = widget_words.patterns()
        page = widget_words.script()
    found = {p["text"]: p for p in patterns}
    assert len(patterns) == len(widget_words.WORDS)  # every word has its Russian
    helper = found["Справка: {label}"]
    match = re.match(helper["re"], "Help for На дату")
    assert match and helper["names"] == ["label"] and match[1] == "На дату"
    assert re.match(found["до {size} МБ на файл"]["re"], "5MB per file")[1] == "5"
    assert '"text": "Загрузить"' in page and "</script" not in page[:-len("</script>")]


def test_the_date_widgets_write_the_readers_dates():
    day = dt.date(2013, 10, 31)
    assert (i18n.widget_date(), i18n.widget_date_text(day)) == ("YYYY-MM-DD", "2013-10-31")
    with i18n.language("ru"):
        assert (i18n.widget_date(), i18n.widget_date_text(day)) == ("DD.MM.YYYY", "31.10.2013")


def test_tables_show_dates_in_the_readers_notation():
    frame = pd.DataFrame({"name": ["a", "b"], "start": ["2006-04-30", None], "end": ["", "2013-10-31"]})
    english = tables.shown(frame)
    assert list(english["start"]) == ["2006-04-30", ""] and english.attrs == {}
    with i18n.language("ru"):
        russian = tables.shown(frame)
        config = tables.headings(russian)
    assert russian["start"].iloc[0] == pd.Timestamp(2006, 4, 30) and pd.isna(russian["start"].iloc[1])
    assert pd.isna(russian["end"].iloc[0]) and russian["end"].iloc[1] == pd.Timestamp(2013, 10, 31)
    assert config["start"]["type_config"]["format"] == "DD.MM.YYYY" and config["start"]["label"] == "начало"
