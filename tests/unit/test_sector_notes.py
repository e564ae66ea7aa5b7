"""The sectors' notes name the sector model that is the default, in every language."""

from __future__ import annotations

import re

from geo.sectors import DEFAULT_MODEL, MODELS
from geo.seeds import load_seeds


def test_a_note_that_names_the_default_model_names_the_real_one():
    sectors = load_seeds().sectors
    named = 0
    for column in [c for c in sectors.columns if c == "note" or c.startswith("note_")]:
        for note in sectors[column].dropna():
            for model in re.findall(r"(?:default|по умолчанию) '([a-z_]+)'", note):
                named += 1
                assert model in MODELS, f"{column}: {model!r} is no sector model"
                assert model == DEFAULT_MODEL, f"{column}: says the default is {model!r}, it is {DEFAULT_MODEL!r}"
    assert named >= 8  # four sectors, in English and Russian
