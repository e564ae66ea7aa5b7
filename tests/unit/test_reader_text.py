"""Issue 34.1: nothing a reader sees carries an id, a path, a file name or a note to ourselves: every layer's
popups and tooltips under every sector model, the publication figure's text, the animation's captions and
the exports' display fields (name, note, citations, interpretation), in English and in Russian."""

import datetime as dt
import html

import pytest
from matplotlib.text import Text

from checks import leaks, snake_ids
from geo import sectors
from layers.registry import DEFAULT_LAYERS, build_layers, LAYER_IDS
from shieldmap import animation, figure, i18n
from shieldmap.view import LayerOptions
from shieldmap.web import webmap

AS_OF = dt.date(2013, 10, 31)
def _shown(frame, seeds, as_of):
    display = webmap.layer_geojson(frame, lambda ids: seeds.source_records(ids.split(";")), as_of=as_of)
    return [(f["properties"]["name"], f["properties"][key]) for f in display["features"] for key in ("popup", "tip")]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("model", sectors.MODEL_NAMES)
def test_popups_and_export_fields_carry_no_internal_text(seeds, lang, model):
    ids = snake_ids(seeds)
    options = LayerOptions(sectors=model, planned=True)
    built = build_layers(seeds, LAYER_IDS, AS_OF, **options.build_args())
    found = []
    with i18n.language(lang):
        for layer_id, frame in built.items():
            found += [(layer_id, name, bit) for name, text in _shown(frame, seeds, AS_OF) for bit in leaks(text, ids)]
            for column in ("name", "note", "citations", "interpretation"):
                if column in frame.columns:
                    found += [(layer_id, column, bit) for value in frame[column].dropna() for bit in leaks(value, ids)]
    assert not found, found[:10]


def test_the_sector_popup_names_its_model_and_cites_a_bibliography(seeds):
    built = build_layers(seeds, ["european_sectors"], AS_OF)
    display = webmap.layer_geojson(built["european_sectors"], lambda ids: seeds.source_records(ids.split(";")))
    russia = next(f["properties"]["popup"] for f in display["features"] if f["properties"]["name"].endswith("Russia (east)"))
    assert html.escape(sectors.MODELS[sectors.DEFAULT_MODEL].title) in russia  # the default model, by its title
    assert "(Kommersant, 15 Jul 2011)" in russia


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_figure_text_carries_no_internal_text(seeds, lang):
    built = build_layers(seeds, DEFAULT_LAYERS, AS_OF)
    with i18n.language(lang):
        fig = figure.draw(built, seeds, AS_OF)
        texts = [t.get_text() for t in fig.findobj(Text) if t.get_text()]
    joined = "\n".join(texts)
    assert "Kommersant" in joined or "Коммерсант" in joined  # the sources are listed
    assert not [bit for text in texts for bit in leaks(text, snake_ids(seeds))]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_animation_captions_carry_no_internal_text(seeds, lang):
    with i18n.language(lang):
        frames = animation.story_frames(seeds) + animation.event_frames(seeds, dt.date(2006, 1, 1),
                                                                         dt.date(2016, 12, 31), DEFAULT_LAYERS)
    texts = [part for f in frames for part in (f.heading, f.title, f.caption, f.sources)]
    assert len(frames) > 20
    assert not [bit for text in texts for bit in leaks(text, snake_ids(seeds))]


def test_the_scan_finds_what_it_looks_for():
    ids = {"russian_depiction"}
    assert leaks("Sector model: russian_depiction", ids) == ["russian_depiction"]
    assert leaks("Kommersant (read in shared/seeds/002)", ids) == ["shared/", "seeds/"]
    assert leaks("(see event-2012-04-25-rogozin-relieved)", ids) == ["event-2012"]
    assert leaks("(seeds/interceptors.csv, radars.csv)", ids) == ["seeds/", "interceptors.csv", "radars.csv"]
    assert leaks('<a href="http://localhost:8501/x.csv">a link</a>', ids) == []
    assert leaks("(GAO, 2013) https://www.gao.gov/assets/660/652083.txt | next", ids) == []  # a public address
    assert leaks("read in 652083.txt", ids) == ["652083.txt"]
    assert leaks("http://localhost:8501/x.csv", ids) == ["http://localhost", "x.csv"]
    assert "vuink.com" in leaks("read at https://vuink.com/post/x", ids)
