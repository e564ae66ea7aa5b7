"""Issue 33.1: every fact record carries the words of its source that support it (``seeds/quotes.csv``), or says
that it is our inference; a figure's quote contains the figure; the popups, the features table and the exports
show the words beside the source."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

import pytest

from geo import export
from geo.analysis_seeds import load_analysis_seeds
from geo.engagement_seeds import load_engagement
from geo.seed_terms import FACT_KEYS, FIGURE_COLUMNS, record_key
from geo.seeds import SeedError, load_seeds
from layers.registry import build_layers
from shieldmap import i18n
from shieldmap.web import webmap

#: The records no quote or inference covers yet (table, key): this list may only shrink. The test fails when one
#: of them gains support and is still listed, when one is no longer a record, or when a record outside it has none.
PENDING: frozenset[tuple[str, str]] = frozenset()

#: A figure written in the source's own notation: (pattern, its value, the figure column, whether it converts a unit).
#: Accepted only where the record's note quotes the source's notation (the matched words) and, for a unit
#: conversion, also states the figure: the reader sees where the number comes from. A number in another unit is
#: as precise as the source wrote it: the figure matches when it lies within half the source's last written digit
#: (620 miles: 615 to 625 miles, so 1,000 km = 621.4 miles is what "620 miles" says).
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_WORD = "|".join(NUMBER_WORDS)
NOTATIONS = (
    (r"(\d+(?:\.\d+)?)\s*mi/sec", lambda m: float(m[1]) * 1.609344, "burnout_kms", True),
    (r"(\d+(?:\.\d+)?)\s*miles", lambda m: float(m[1]) * 1.609344, "radius_km", True),
    (r"(\d+(?:\.\d+)?)\s*miles", lambda m: float(m[1]) * 1.609344, "value_km", True),
    (r"(\d+(?:\.\d+)?)\s*miglia", lambda m: float(m[1]) * 1.609344, "radius_km", True),  # Italian: miles
    (rf"\b({_WORD}) minutes", lambda m: NUMBER_WORDS[m[1]] * 60, "value_s", True),
    # the NRC's solid-fuel boost as Wired reports it: a liquid-fuelled ICBM's minutes, "shave off another minute"
    (rf"\b({_WORD}) minutes\b[^.]*\.\s*For solid-fueled missiles, shave off another minute",
     lambda m: (NUMBER_WORDS[m[1]] - 1) * 60, "value_s", True),
    (r"(\d+(?:,\d+)?) tys\. km", lambda m: float(m[1].replace(",", ".")) * 1000, "value", False),  # Polish: thousand km
    (r"(\d+) bin (\d+)", lambda m: int(m[1]) * 1000 + int(m[2]), "value", False),  # Turkish: "2 bin 100" = 2,100
    (r"\b(" + "|".join(NUMBER_WORDS) + r") kilometers", lambda m: NUMBER_WORDS[m[1]], "burnout_kms", False),
)


def _tables(seeds) -> dict:
    """Every fact table's frame, from whichever loader reads it."""
    engagement, loaded = load_engagement(seeds=seeds).fact_tables(), (seeds, load_analysis_seeds(seeds))
    return {name: engagement[name] if name in engagement else
            next(getattr(found, name) for found in loaded if hasattr(found, name)) for name in FACT_KEYS}


def _uncovered(seeds) -> set[tuple[str, str]]:
    covered = set(zip(seeds.quotes["table"], seeds.quotes["key"]))
    return {(name, record_key(name, row)) for name, table in _tables(seeds).items() for _, row in table.iterrows()
            if (name, record_key(name, row)) not in covered}


def test_every_fact_record_has_a_quote_or_an_inference(seeds):
    uncovered = _uncovered(seeds)
    records = {(name, record_key(name, row)) for name, table in _tables(seeds).items() for _, row in table.iterrows()}
    assert not uncovered - PENDING, f"records with neither a quote nor an inference: {sorted(uncovered - PENDING)}"
    assert not PENDING - uncovered, f"covered (or gone) now, remove from PENDING: {sorted(PENDING - uncovered)}"
    assert PENDING <= records


def test_every_capital_has_a_quote_that_gives_its_point(seeds):
    """Each capital cites the sources its quotes come from, and one quote writes the capital's own coordinates
    (the eight capitals pending until issue 33's third audit among them)."""
    quotes = seeds.quotes[seeds.quotes["table"] == "capitals"]
    capitals = _tables(seeds)["capitals"]
    missing = [row["name"] for _, row in capitals.iterrows() if row["name"] not in set(quotes["key"])]
    assert not missing, f"capitals without a quote: {missing}"
    for name in ("Ashgabat", "Astana", "Dushanbe", "Sarajevo", "Tashkent", "Tbilisi", "Tehran", "Torshavn"):
        row = capitals[capitals["name"] == name].iloc[0]
        said = quotes[quotes["key"] == name]
        assert set(said["source"]) == set(row["sources"]), name
        assert any(f"{row['lat']:.4f}" in q and f"{row['lon']:.4f}" in q for q in said["quote"]), name


def test_the_completeness_check_fails_on_a_record_without_support(seeds):
    some = seeds.quotes.iloc[0]
    reduced = seeds.quotes[(seeds.quotes["table"] != some["table"]) | (seeds.quotes["key"] != some["key"])]
    stripped = type(seeds)(**{**{f: getattr(seeds, f) for f in seeds.__dataclass_fields__}, "quotes": reduced})
    assert (some["table"], some["key"]) in _uncovered(stripped)


def _numbers(figure: float) -> list[str]:
    """The ways a text may write ``figure``: 4000 -> 4000, 4,000, 4 000 (also a thin or no-break space); 4.5 -> 4,5."""
    whole = f"{figure:g}" if figure != int(figure) else str(int(figure))
    forms = {whole, whole.replace(".", ","), f"{figure:.1f}", f"{figure:.1f}".replace(".", ",")}
    if figure == int(figure) and figure >= 1000:
        grouped = f"{int(figure):,}"
        forms |= {grouped.replace(",", sep) for sep in (",", " ", "\u00a0", "\u202f", ".")}
    return sorted(forms)


def figure_in(text: str, figure: float) -> bool:
    """Whether ``text`` writes the number ``figure`` (not as part of a longer number)."""
    return any(re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", text) for form in _numbers(figure))


def _tolerance(match: re.Match, value) -> float:
    """Half the last digit the source wrote, in the figure's unit: "620 miles" -> 5 miles (8.05 km); a number
    in words is exact (0)."""
    written = match[1]
    if not written[0].isdigit():
        return 0.0
    digits = written.rstrip("0") if "." not in written else written
    step = 10.0 ** -len(written.split(".")[1]) if "." in written else 10.0 ** (len(written) - len(digits))
    return step / 2 * value(match) / float(written)


def converted_in(text: str, figure: float, column: str, note: str) -> bool:
    """Whether ``text`` gives ``figure`` in the source's own notation (:data:`NOTATIONS`) and ``note`` states it."""
    for pattern, value, to, converts in NOTATIONS:
        if to != column:
            continue
        for match in re.finditer(pattern, text):
            close = (abs(value(match) - figure) <= _tolerance(match, value) + 1e-9 if converts else
                     round(value(match), 1) == round(figure, 1))
            if close and match[0] in note and (not converts or figure_in(note, figure)):
                return True
    return False


def test_figure_check_is_meaningful():
    assert figure_in("a range of up to 250 km", 250) and not figure_in("a range of up to 2500 km", 250)
    assert figure_in("дальность 4 000 км", 4000) and figure_in("4,000 kilometers", 4000)
    assert not figure_in("4,001 km", 4000) and not figure_in("12.50", 250)
    assert figure_in("about 4.5 km/s", 4.5) and not figure_in("4.55", 4.5)
    assert converted_in("could top 5.6 mi/sec", 9.0, "burnout_kms", "5.6 mi/sec stated as 9.0 km/s (x 1.609344)")
    assert not converted_in("could top 5.6 mi/sec", 9.0, "burnout_kms", "no conversion stated")
    assert not converted_in("could top 5.6 mi/sec", 6.3, "burnout_kms", "5.6 mi/sec stated as 6.3 km/s")
    assert converted_in("zasięg wynosi 4,5 tys. km", 4500, "value", "'4,5 tys. km' (4,500 km)")
    assert not converted_in("zasięg wynosi 4,5 tys. km", 4500, "value", "4,500 km")  # the note must quote the notation
    assert converted_in("a più di 50 miglia di distanza", 80, "radius_km", "'più di 50 miglia' (about 80 km)")
    assert not converted_in("a più di 50 miglia di distanza", 80, "radius_km", "'more than 50 miles' (about 80 km)")
    assert converted_in("2 bin 100 rakımlı", 2100, "value", "'2 bin 100 rakımlı' hill")
    assert not converted_in("2 bin 100 rakımlı", 2085, "value", "'2 bin 100 rakımlı' hill")
    assert converted_in("closer to nine kilometers per second", 9.0, "burnout_kms", "'closer to nine kilometers per second'")
    assert not converted_in("closer to nine kilometers per second", 9.0, "radius_km", "nine kilometers")
    assert converted_in("a maximum altitude of 620 miles", 1000, "value_km", "'620 miles' (1,000 km)")
    assert not converted_in("a maximum altitude of 620 miles", 1010, "value_km", "'620 miles' (1,010 km)")
    assert not converted_in("a maximum altitude of 620 miles", 1000, "value_km", "'620 miles'")  # states no figure
    assert not converted_in("could top 5.6 mi/sec", 9.1, "burnout_kms", "5.6 mi/sec stated as 9.1 km/s")
    assert converted_in("about four minutes of boost", 240, "value_s", "'about four minutes of boost' (240 s)")
    assert not converted_in("about four minutes of boost", 180, "value_s", "'about four minutes of boost' (180 s)")
    nrc = "about four minutes of boost time. For solid-fueled missiles, shave off another minute."
    assert converted_in(nrc, 180, "value_s", f"'{nrc}': 180 s")
    assert not converted_in(nrc, 120, "value_s", f"'{nrc}': 120 s")


def test_a_quoted_figure_contains_its_number(seeds):
    tables = _tables(seeds)
    wrong = []
    for name, column in FIGURE_COLUMNS.items():
        for _, row in tables[name].iterrows():
            quotes = seeds.quotes[(seeds.quotes["table"] == name) & (seeds.quotes["key"] == record_key(name, row))]
            said = [q for q in quotes["quote"] if q]
            if row["sources"] and not said:  # a cited figure is quoted; only an unsourced one may be an inference
                wrong.append(f"{name} {row['id']}: cites {row['sources']} but no quote gives {row[column]:g}")
            elif said and not any(figure_in(q, row[column]) or converted_in(q, row[column], column, row["note"] or "")
                                for q in said):
                wrong.append(f"{name} {row['id']}: {row[column]:g} in none of {said}")
    assert not wrong, wrong


HEADER = "table,key,source,quote,translation,accessed,inferred,copy\n"


@pytest.mark.parametrize("row,message", [
    ("site,deveselu,nato-126152,words,,2026-12-07,,", "quotes.csv:2: column 'table': 'site' is not one of"),
    ("sites,devesel,nato-126152,words,,2026-12-07,,", "quotes.csv:2: no record 'devesel' in sites.csv"),
    ("sites,deveselu,nato-99999,words,,2026-12-07,,", "quotes.csv:2: unknown source 'nato-99999'"),
    ("sites,deveselu,nato-126152,,,2026-12-07,,", "quotes.csv:2: a quote needs its source"),
    ("sites,deveselu,,,,,because,", "quotes.csv:2: column 'inferred': 'because' does not start with 'inferred: '"),
    ("sites,deveselu,nato-126152,words,,2026-12-07,inferred: x,", "quotes.csv:2: a row is a source's quote or an"),
    ("statuses,deveselu|operational|2016-05-13,nato-126152,w,,2026-12-07,,", "no record 'deveselu|operational|2016-05-13'"),
    ("capitals,Atlantis,nato-126152,w,,2026-12-07,,", "quotes.csv:2: no record 'Atlantis' in capitals.csv"),
    ("radars,no-such-radar,nato-126152,w,,2026-12-07,,", "quotes.csv:2: no record 'no-such-radar' in radars.csv"),
    ("timeline,no-such-boost,nato-126152,w,,2026-12-07,,", "quotes.csv:2: no record 'no-such-boost' in timeline.csv"),
    ("intercept_limits,no-such-floor,,,,,inferred: x,", "quotes.csv:2: no record 'no-such-floor' in intercept_limits.csv"),
])
def test_bad_quote_rows_are_named_with_file_line_and_value(seed_copy, row, message):
    (seed_copy / "quotes.csv").write_text(HEADER + row + "\n")
    with pytest.raises(SeedError) as error:
        seeds = load_seeds(seed_copy)
        load_analysis_seeds(seeds, seed_copy)
        load_engagement(seed_copy, seeds)
    assert message in str(error.value)


HOSTILE = '=HYPERLINK("x")<script>alert(1)</script> & "so"'


def _add_quote(folder, **row) -> None:
    """Append a row to ``quotes.csv`` in ``folder`` (its columns as its header has them)."""
    path = folder / "quotes.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    with path.open("a", encoding="utf-8", newline="") as out:
        csv.DictWriter(out, header, lineterminator="\n").writerow(row)


@pytest.fixture
def hostile(seed_copy):
    """The shipped seeds with one more quote for Deveselu, in hostile text, translated."""
    _add_quote(seed_copy, table="sites", key="deveselu", source="nato-126152", quote=HOSTILE,
               translation="Words in English", accessed="2026-12-07")
    return load_seeds(seed_copy)


def _deveselu(seeds, day=dt.date(2017, 1, 1)):
    built = build_layers(seeds, ["romania_interceptor"], day)["romania_interceptor"]
    return built, built[built["id"] == "deveselu"].drop(columns="geometry").iloc[0].to_dict()


def test_a_popup_shows_the_quote_beside_its_source_escaped(hostile):
    built, row = _deveselu(hostile)
    escaped = HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    cited = hostile.source_records(row["sources"].split(";"))
    with i18n.language("en"):
        popup = webmap.popup_html(row, cited)
    assert f"The source says: \u201c{escaped}\u201d" in popup and "<script>" not in popup
    assert "In English: \u201cWords in English\u201d" in popup and "Read on 7 December 2026" in popup
    link = popup.index("NATO")  # the quote follows its source's item
    assert popup.index("The source says") > popup.index("<li>") and link > 0
    with i18n.language("ru"):
        russian = webmap.popup_html(row, cited)
    assert f"Источник: «{escaped}»" in russian and "Words in English" not in russian


def test_exports_carry_the_quote_as_text(hostile):
    built, row = _deveselu(hostile)
    assert HOSTILE in row["quotes"] and "English: \u201cWords in English\u201d" in row["quotes"]
    geojson = json.loads(export.export_bytes({"romania_interceptor": built}, "geojson"))
    props = next(f["properties"] for f in geojson["features"] if f["properties"]["id"] == "deveselu")
    assert HOSTILE in props["quotes"] and "support" not in props
    csv = export.export_bytes({"romania_interceptor": built}, "csv").decode()
    assert "support" not in csv.splitlines()[0] and "HYPERLINK" in csv
    kml = export.export_bytes({"romania_interceptor": built}, "kml").decode()
    assert "<script>" not in kml and "&lt;script&gt;" in kml


def test_an_inference_is_shown_as_ours(seed_copy):
    _add_quote(seed_copy, table="sites", key="deveselu", inferred="inferred: the base is the one named")
    built, row = _deveselu(load_seeds(seed_copy))
    with i18n.language("en"):
        popup = webmap.popup_html(row, [])
    assert "No source states this; our inference: the base is the one named" in popup
    assert "inferred: the base is the one named" in row["quotes"]


def test_the_features_table_shows_what_each_source_says(hostile):
    from shieldmap.ui.below import sources_table

    built, row = _deveselu(hostile)
    feature = built[built["id"] == "deveselu"].iloc[0]
    with i18n.language("en"):
        english = sources_table(hostile, feature)
    says = english.set_index("title")["says"]
    nato = hostile.sources.at["nato-126152", "title"]
    assert HOSTILE in says[nato] and "In English: \u201cWords in English\u201d" in says[nato]
    assert english["url"].map(lambda u: not isinstance(u, str) or u.startswith("http")).all()
    with i18n.language("ru"):
        russian = sources_table(hostile, feature)
    assert f"Источник: «{HOSTILE}»" in russian.set_index("title")["says"][nato]
    assert "Words in English" not in " ".join(russian["says"].dropna())


def test_a_row_of_the_agreed_eight_columns_reads_without_the_translations(seed_copy):
    """``inferred_ru`` and ``copy_ru`` are optional trailing columns: a row written with the eight agreed
    columns only is read; a row short of a required column is still an error naming file and line."""
    with (seed_copy / "quotes.csv").open("a", encoding="utf-8") as out:
        out.write("sites,deveselu,,,,,inferred: the base is the one named,\n")
    assert len(load_seeds(seed_copy).support("sites", {"id": "deveselu"})) > 1
    with (seed_copy / "quotes.csv").open("a", encoding="utf-8") as out:
        out.write("sites,deveselu,nato-126152,words\n")
    with pytest.raises(SeedError, match=r"quotes.csv:\d+: expected 10 fields, found 4"):
        load_seeds(seed_copy)
