"""Texts from the seeds in Russian (issue 24): kinds through the catalogue, free text from the seeds' ``*_ru``
columns, the code's own texts (a sector model's rule, a ring's note) translated where shown; English unchanged,
exports only gain ``*_ru`` columns."""

import datetime as dt
import json

import pytest

from geo import export
from geo.analysis import proposals
from geo.seed_terms import EVENT_KINDS, PROPOSERS, SITE_KINDS
from geo.seeds import load_seeds
from layers.registry import LAYER_IDS, build_layers
from shieldmap import i18n, seed_texts
from shieldmap.web import webmap


def _row(built, layer, feature_id) -> dict:
    frame = built[layer]
    return frame[frame["id"] == feature_id].drop(columns="geometry").iloc[0].to_dict()


@pytest.fixture(scope="module")
def built(seeds):
    return build_layers(seeds, LAYER_IDS, dt.date(2015, 6, 1), planned=True)


def test_every_seed_kind_is_a_marked_word_with_a_translation(seeds):
    ru = i18n.translations("ru")
    assert set(seeds.sites["kind"]) <= set(SITE_KINDS)
    assert set(seeds.events["kind"]) <= set(EVENT_KINDS)
    assert set(proposals(seeds)["proposed_by"]) <= set(PROPOSERS)
    for word in (*SITE_KINDS, *EVENT_KINDS, *PROPOSERS):
        assert ru.gettext(word) != word or word == "Russia", word
    assert ru.gettext("air-defence battalions") == "зенитные ракетные дивизионы"


@pytest.mark.parametrize("table,column", [("sites", "details"), ("sites", "note"), ("sites", "unit"), ("events", "note"),
                                          ("sectors", "note"), ("ranges", "label")])
def test_every_shown_free_text_has_a_russian_column(seeds, table, column):
    frame = getattr(seeds, table)
    missing = [i for i, text, ru in zip(frame.index, frame[column], frame[f"{column}_ru"]) if text and not ru]
    assert missing == []


def test_translations_keep_the_numbers(seeds):
    """A translation states the same figures: the numbers of the English text are those of the Russian one (the
    English writes 4,000 where the Russian writes 4000, the Russian a decimal comma: 718,8)."""
    import re

    def numbers(text):
        text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # thousands
        text = re.sub(r"(?<=\d),(?=\d)", ".", text)  # a decimal comma
        return sorted(re.findall(r"\d+(?:\.\d+)?", text))

    for table, column in [("sites", "details"), ("sites", "note"), ("events", "note"), ("ranges", "label")]:
        frame = getattr(seeds, table)
        for i, text, ru in zip(frame.index, frame[column], frame[f"{column}_ru"]):
            if text:
                assert numbers(ru) == numbers(text), (table, i)


def test_site_popup_in_russian_and_english(built):
    row = _row(built, "s300_belarus", "s300-grodno")
    with i18n.language("ru"):
        popup = webmap.popup_html(row, [])
    assert "<th>Тип</th><td>зенитный ракетный дивизион</td>" in popup
    assert "<th>Подробности</th><td>Капитально отремонтированная С-300ПС</td>" in popup
    assert "<th>Подразделение</th><td>зенитный ракетный полк в Гродненской области (1-й или 115-й)</td>" in popup
    assert ("<th>Примечание</th><td>Один из четырёх, объявленных в 2013 г.; точка — центр Гродно (сообщалось только "
            "об области); точность охватывает Гродненскую область (около 190 км от города, до Сморгони)</td>") in popup
    with i18n.language("en"):
        popup = webmap.popup_html(row, [])
    assert "<th>Kind</th><td>air-defence battalion</td>" in popup
    assert "<th>Details</th><td>Overhauled S-300PS</td>" in popup
    assert "<th>Note</th><td>One of the four announced in 2013; placed at Grodno town centre" in popup


def test_quoted_source_words_stay_in_english_and_are_escaped(built):
    row = _row(built, "epaa", "kurecik")
    with i18n.language("ru"):
        popup = webmap.popup_html(row, [])
    assert "NATO Watch: &#x27;mid-January&#x27;" in popup and "РЛС X-диапазона AN/TPY-2" in popup


def test_event_and_sector_popups_in_russian(built):
    with i18n.language("ru"):
        event = webmap.popup_html(_row(built, "events", "event-2013-10-29-s300-belarus"), [])
        sector = webmap.popup_html(_row(built, "european_sectors", "european-sector-russia"), [])
        gap = webmap.popup_html(_row(built, "european_sectors", "european-sectors-not-covered"), [])
    assert "<th>Тип</th><td>объявление</td>" in event and "<td>Встреча Шойгу и Жадобина</td>" in event
    assert "<th>Тип</th><td>предложенный сектор (интерпретация)</td>" in sector
    assert "<th>Интерпретация</th><td>Интерпретация по умолчанию: собственное изображение России" in sector
    assert "Польша восточнее 22° в. д., Норвегия севернее 61° с. ш." in sector
    assert "Датируется Советом Россия–НАТО в Лиссабоне (20 ноября 2010 г.)" in sector
    assert "<td>Ни рассказ Рогозина, ни слайд Генштаба" in gap


def test_every_sector_model_rule_in_russian_keeps_its_figures():
    from geo import sectors

    with i18n.language("ru"):
        for model in sectors.MODELS.values():
            russian = model.describe(i18n._)
            assert russian != model.describe() and russian.startswith(("Интерпретация", "Альтернативная интерпретация"))
    assert "54.900 N 25.317 E" in sectors.MODELS["wedges"].describe(i18n.translations("ru").gettext)


def test_ring_popup_in_russian(seeds):
    rings = build_layers(seeds, ["engagement_ranges"], dt.date(2013, 10, 31), planned=True)["engagement_ranges"]
    row = rings[rings["figure"] == "s400-250"].drop(columns="geometry").iloc[0].to_dict()
    assert row["label_ru"].startswith("С-400 с ракетами семейства 48Н6: около 250 км")
    with i18n.language("ru"):
        popup = webmap.popup_html(row, [])
        claim = seed_texts.claim(row)
    assert claim == "ракета: 48N6 family; заявление: пресса; 2 источника"
    assert ("<th>Примечание</th><td>С-400 с ракетами семейства 48Н6: около 250 км (значение из прессы; верхняя граница "
            "для семейства; какие ракеты у этих частей — не публикуется) "
            "(ракета: 48N6 family; заявление: пресса; 2 источника); достоверность: "
            "средняя.</td>") in popup
    assert "<th>Тип</th><td>дальность поражения (опубликованное значение)</td>" in popup
    planned = rings[rings["id"] == "range-deveselu-sm3-ib-500"].drop(columns="geometry").iloc[0].to_dict()
    assert planned["capability"] == "planned"  # under construction at the date
    with i18n.language("ru"):
        text = seed_texts.note(planned)
    assert text.startswith("Планируемая возможность: на эту дату не развёрнута (статус: строится). SM-3 Block IB: "
                           "\"several hundred km\", принято за 500 км")


def test_russian_falls_back_to_english_where_no_translation():
    row = {"id": "x", "layer": "user_1", "name": "x", "kind": "my own kind", "note": "my own note", "note_ru": None}
    with i18n.language("ru"):
        assert seed_texts.local(row, "note") == "my own note" and seed_texts.kind(row) == "my own kind"


def test_exports_gain_russian_columns_and_keep_theirs(built, seeds):
    data = json.loads(export.export_bytes({k: built[k] for k in ("s300_belarus", "events", "engagement_ranges")},
                                          "geojson"))
    props = {f["properties"]["id"]: f["properties"] for f in data["features"]}
    site = props["s300-grodno"]
    assert site["note"].startswith("One of the four announced in 2013")
    assert site["note_ru"].startswith("Один из четырёх") and site["details_ru"] == "Капитально отремонтированная С-300ПС"
    assert site["kind"] == "air-defence battalion"  # the data's word, not the shown one
    assert props["event-2013-10-29-s300-belarus"]["note_ru"] == "Встреча Шойгу и Жадобина"
    assert all("label_ru" in p for i, p in props.items() if i.startswith("range-"))


def test_seeds_without_the_russian_columns_still_validate(seed_copy):
    import csv
    import io

    for name, columns in {"sites.csv": ("details_ru", "note_ru", "unit_ru"), "events.csv": ("note_ru",),
                          "sectors.csv": ("note_ru",), "ranges.csv": ("label_ru",),
                          "proposals.csv": ("name_ru", "description_ru")}.items():
        path = seed_copy / name
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        fields = [f for f in rows[0] if f not in columns]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    seeds = load_seeds(seed_copy)
    built = build_layers(seeds, ["s300_belarus"], dt.date(2015, 6, 1))["s300_belarus"]
    assert set(built["note_ru"].map(lambda v: v is None)) == {True}
    with i18n.language("ru"):
        popup = webmap.popup_html(built[built["id"] == "s300-grodno"].drop(columns="geometry").iloc[0].to_dict(), [])
    assert "<th>Подробности</th><td>Overhauled S-300PS</td>" in popup  # English where no translation


def test_proposals_table_in_russian(seeds):
    from shieldmap.ui.analysis_tab import display_table

    table = proposals(seeds)
    with i18n.language("ru"):
        shown = display_table("proposals", table, seeds)
    row = shown[table["id"] == "four-sectors-2010"].iloc[0]
    assert row["name"] == "Четыре европейских сектора ответственности" and row["proposed_by"] == "Россия"
    assert row["description"].startswith("Европа разделена на четыре сектора")
    with i18n.language("en"):
        english = display_table("proposals", table, seeds)
    assert list(english["name"]) == list(table["name"]) and list(english["description"]) == list(table["description"])


def test_selected_feature_properties_in_russian(built):
    row = _row(built, "s300_belarus", "s300-grodno")
    with i18n.language("ru"):
        shown = seed_texts.shown(row)
    assert list(shown) == list(row)  # the data's property names, in order
    assert shown["kind"] == "зенитный ракетный дивизион" and shown["details"] == "Капитально отремонтированная С-300ПС"
    assert shown["note"].startswith("Один из четырёх") and shown["id"] == "s300-grodno"
    with i18n.language("en"):
        assert seed_texts.shown(row) == row


def test_the_default_sector_rule_dates_the_slide_in_the_readers_notation():
    """Issue 34.3: the Russian rule of the default sector model dates the General Staff's slide as Russian does
    (``3 мая 2012 г.``), not as the data writes it (``2012-05-03``, which English keeps)."""
    from geo import sectors

    for stage in sectors.MODELS["russian_depiction"].stages():
        english = stage.describe()
        with i18n.language("ru"):
            russian = seed_texts.interpretation({"model": "russian_depiction", "interpretation": english})
        assert "2012-05-03" in english and "2012-05-03" not in russian
        assert "3 мая 2012\u202fг." in russian
