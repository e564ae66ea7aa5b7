"""Issue 33, section 3: the dispute's span (``seeds/periods.csv``) and what each layer shows
(``seeds/layers.csv``, in English and Russian) are seeds, read and checked by the seed reader, not code."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from geo.coverage_seeds import descriptions, period
from geo.seeds import SeedError
from layers.registry import LAYERS
from layers.what_if import LAYER as WHAT_IF
from shieldmap import i18n, period as periods_text
from shieldmap.cli.main import main

D = dt.date
ROOT = Path(__file__).resolve().parents[2]
PO = "shieldmap/locale/ru/LC_MESSAGES/shieldmap.po"
#: The commit before the layers' descriptions left the code and the catalogue (issue 33, section 3).
BEFORE = "e3f09b8"
#: The one change made to their words since (seeds/CHANGES.md): the file names shown to readers are gone.
CORRECTED = (" (seed 000)", " (источник 000)", " (seed 002)", " (источник 002)")


def test_the_dispute_span_is_read_from_the_seeds(seed_copy, monkeypatch):
    assert periods_text.dispute() == (D(2010, 1, 1), D(2013, 12, 31))
    with i18n.language("en"):
        assert periods_text.period_note(D(2009, 12, 31)).startswith("Before the 2010\u20132013 dispute")
        assert periods_text.short_note([], D(2015, 6, 1)) == "2 years after the 2010\u20132013 dispute"
    path = seed_copy / "periods.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("dispute,2010-01-01,2013-12-31",
                                                            "dispute,2011-01-01,2014-12-31"), encoding="utf-8")
    monkeypatch.setenv("SHIELDMAP_SEEDS", str(seed_copy))
    assert periods_text.dispute() == (D(2011, 1, 1), D(2014, 12, 31))
    with i18n.language("en"):
        assert periods_text.period_note(D(2010, 6, 1)) == (
            "Before the 2011\u20132014 dispute this map was made for: its background.")
        assert periods_text.short_note([], D(2015, 6, 1)) == "1 year after the 2011\u20132014 dispute"
    with i18n.language("ru"):
        assert periods_text.period_note(D(2012, 6, 1)) == (
            "Во время спора 2011\u20132014 гг.: период, для которого сделана эта карта.")


def test_the_dispute_cites_its_sources_and_says_it_is_our_framing():
    row = next(csv.DictReader((ROOT / "seeds" / "periods.csv").open(encoding="utf-8")))
    assert row["period"] == "dispute" and row["note"].startswith("inferred: ")
    assert set(row["sources"].split(";")) == {"rferl-2010-02-04", "kommersant-2011-07-15", "gsn-2013-10-31"}


def test_every_layer_has_its_description_in_both_languages():
    texts = descriptions()
    assert set(texts) == {*LAYERS, WHAT_IF}
    assert LAYERS["nato"].description() == "NATO member states at the date"
    assert LAYERS["nato"].description("ru") == "Государства — члены НАТО на дату"
    assert all(text["en"] and text["ru"] and text["en"] != text["ru"] for text in texts.values())
    rows = {row["layer"]: row for row in csv.DictReader((ROOT / "seeds" / "layers.csv").open(encoding="utf-8"))}
    assert rows["european_sectors"]["sources"].split(";") == ["kommersant-2011-07-15", "podvig-2012-05"]
    assert all(row["note"].startswith("inferred: ") or "inferred: " in row["note"] for row in rows.values())


def test_an_edited_description_is_read_again(seed_copy, monkeypatch):
    path = seed_copy / "layers.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("NATO member states at the date",
                                                            "NATO members as edited"), encoding="utf-8")
    monkeypatch.setenv("SHIELDMAP_SEEDS", str(seed_copy))
    assert LAYERS["nato"].description() == "NATO members as edited"


def test_the_descriptions_left_the_catalogue():
    russian = {m.id for m in read_po((ROOT / PO).open("rb")) if m.id}
    assert not {text["en"] for text in descriptions().values()} & russian


def test_the_russian_reads_as_the_catalogue_rendered_it():
    """Each description and its Russian are those the catalogue gave before they moved to the seeds."""
    try:
        old = subprocess.run(["git", "show", f"{BEFORE}:{PO}"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip(f"the commit {BEFORE} is not in this checkout")
    import io

    catalogue = {m.id: m.string for m in read_po(io.BytesIO(old)) if isinstance(m.id, str) and m.id}
    corrected = {_without(english): _without(russian) for english, russian in catalogue.items()}
    for layer, text in descriptions().items():
        assert text["en"] in corrected, layer
        assert corrected[text["en"]] == text["ru"], layer


def _without(text: str) -> str:
    for words in CORRECTED:
        text = text.replace(words, "")
    return text


def test_no_description_names_a_seed_file():
    assert not [text for texts in descriptions().values() for text in texts.values() if "seed" in text or "000" in text
                or "002" in text]


@pytest.mark.parametrize("file,edit,message", [
    ("periods.csv", ("dispute,2010-01-01", "dispute,2010-02-30"),
     "periods.csv:2: column 'start': '2010-02-30' is not a real calendar date"),
    ("periods.csv", ("2013-12-31", "2009-12-31"), "periods.csv:2: column 'end': 2009-12-31 is before the start 2010-01-01"),
    ("periods.csv", ("gsn-2013-10-31", "nowhere-2013"), "periods.csv:2: cites unknown source 'nowhere-2013'"),
    ("periods.csv", ("dispute,", "debate,"), "periods.csv: no period 'dispute'"),
    ("periods.csv", ("period,start,end", "period,begin,end"), "periods.csv:1: header: missing column(s) start; "
                                                              "unknown column(s) begin"),
    ("layers.csv", (",description_ru", ""), "layers.csv:1: header: missing column(s) description_ru"),
    ("layers.csv", ("nato,NATO", "Nato Members,NATO"), "layers.csv:6: column 'layer'"),
    ("layers.csv", ("kommersant-2011-07-15;", "kommersant-2099;"), "layers.csv:5: cites unknown source 'kommersant-2099'"),
])
def test_bad_rows_are_named_with_file_line_and_column(seed_copy, capsys, file, edit, message):
    path = seed_copy / file
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(SeedError, match=None) as error:
        (period("dispute", seed_copy) if file == "periods.csv" else descriptions(seed_copy))
    assert message in str(error.value)
    assert main(["validate", "--seeds", str(seed_copy)]) == 1
    assert message in capsys.readouterr().err
