"""The sectors' notes name the sector model that is the default, in every language, by its title (issue 34.1:
never by its id)."""

from __future__ import annotations

import re

from geo.sectors import DEFAULT_MODEL, MODEL_NAMES, MODELS
from geo.seeds import load_seeds
from shieldmap import i18n


def test_a_note_that_names_the_default_model_names_the_real_one_by_its_title():
    sectors = load_seeds().sectors
    named = 0
    for column in [c for c in sectors.columns if c == "note" or c.startswith("note_")]:
        lang = column.partition("_")[2] or i18n.DEFAULT
        title = i18n.translations(lang).gettext(MODELS[DEFAULT_MODEL].title).split(" (")[0].lower()
        for note in sectors[column].dropna():
            assert not set(re.findall(r"[a-z_]+", note)) & set(MODEL_NAMES), f"{column}: names a model by its id"
            if re.search(r"default|по умолчанию", note):
                named += 1
                assert title in note.lower(), f"{column}: the default is {title!r}: {note}"
    assert named >= 8  # four sectors, in English and Russian
