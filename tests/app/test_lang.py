"""The app in Russian (issue 24, point 1): ?lang=ru, the sidebar's switch, no English interface string left,
and two sessions in two languages at once."""

import json
import re

import pytest
from apptest import features, map_args, run, url_param
from babel.messages.pofile import read_po
from shieldmap.i18n import LOCALE_DIR
from shieldmap.ui.text import literal

PO = LOCALE_DIR / "ru" / "LC_MESSAGES" / "shieldmap.po"

CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.fixture(scope="module")
def english_strings() -> set[str]:
    """The interface's English strings (the catalogue's msgids whose Russian differs), long enough to be
    told from data: a page showing one of them in Russian missed a translation."""
    catalogue = [m for m in read_po(PO.open("rb")) if isinstance(m.id, str) and m.id and m.string != m.id]
    heads = {m.id.split("{")[0].strip() for m in catalogue}
    return {h for h in heads if len(h) >= 8 and (" " in h or h[0].isupper())}  # not one lower-case word (ids, options)


def _texts(at) -> list[str]:
    """Every interface text of the page: titles, captions, Markdown, headers, widget labels and helps, tabs,
    expanders, download buttons."""
    found = [e.value for kind in ("title", "caption", "markdown", "header", "subheader", "warning", "error")
             for e in at.get(kind)]
    for kind in ("slider", "date_input", "selectbox", "checkbox", "button", "radio", "segmented_control",
                 "download_button", "expander", "tab"):
        for element in at.get(kind):
            proto = getattr(element, "proto", None)
            found += [getattr(proto, "label", "") or getattr(element, "label", "") or "", getattr(proto, "help", "") or ""]
    return [re.sub(r"!\[[^\]]*\]\(data:[^)]*\)", "", text) for text in found if text]  # swatches (data URIs) aside


def test_the_page_in_russian_shows_no_english_interface_string(english_strings):
    at = run({"lang": "ru"})
    assert [t.value for t in at.title] == ["ПРО в Европе, 2010–2013"]
    texts = _texts(at)
    assert len(texts) > 40
    left = sorted({s for s in english_strings for text in texts if s in text})
    assert left == [], left
    labels = [w.label for kind in ("slider", "date_input", "selectbox", "checkbox", "button", "radio")
              for w in at.sidebar.get(kind)]
    assert labels and all(CYRILLIC.search(label) for label in labels), labels
    # 15 features and the 7 bands along the sector edges no source gives (issue 33, 2.4)
    assert [t.label for t in at.tabs] == ["Об этой карте", "Показанные объекты (22)", "Анализ"]
    assert at.caption[0].value.startswith("Данные на 31 октября 2013\u202fг. Во время спора 2010–2013 гг.: период, "
                                          "для которого сделана эта карта. У каждого объекта указаны источники")


def test_the_map_speaks_russian():
    args = map_args(run({"lang": "ru"}))
    assert '"lang":"ru"' in args["script"] and '"texts":{"key":"Условные обозначения","zoom_in":"Приблизить"' in args["script"]
    tips = {f["properties"]["id"]: f["properties"].get("tip") for f in features(args)}
    assert tips["deveselu"] == "Aegis Ashore в Румынии (Девеселу)"
    assert tips["armenia"] if "armenia" in tips else any(t == "Армения" for t in tips.values())
    popup = next(f["properties"]["popup"] for f in features(args) if f["properties"]["id"] == "deveselu")
    assert "<th>Статус</th>" in popup and "Источники:" in popup
    sector = next(f["properties"]["popup"] for f in features(args) if f["properties"]["id"] == "european-sector-russia")
    assert "<th>Модель секторов</th><td>Сектор России по схеме Генштаба" in sector and "Армения; Беларусь; Эстония" in sector


def test_the_switch_changes_the_language_and_the_url():
    at = run({"lang": "ru"})
    assert url_param(at, "lang") == "ru"
    at.segmented_control(key="lang").set_value("en").run()
    assert [t.value for t in at.title] == ["Missile defence in Europe, 2010–2013"]
    assert "lang" not in at.query_params
    assert at.sidebar.slider(key="as_of").label == "As of"
    at.segmented_control(key="lang").set_value("ru").run()
    assert url_param(at, "lang") == "ru" and at.sidebar.slider(key="as_of").label == "На дату"


def test_two_sessions_in_two_languages_at_once():
    russian, english = run({"lang": "ru"}), run()
    russian.slider(key="as_of").run()
    english.slider(key="as_of").run()
    russian.run()
    assert russian.title[0].value == "ПРО в Европе, 2010–2013" and russian.tabs[2].label == "Анализ"
    assert english.title[0].value == "Missile defence in Europe, 2010–2013" and english.tabs[2].label == "Analysis"


def test_a_bad_language_warns_in_one_line():
    at = run({"lang": "xx"})
    assert [w.value for w in at.warning] == [literal("Unknown language 'xx' in the URL; using English (known: en, ru)")]
    assert at.title[0].value == "Missile defence in Europe, 2010–2013"


def test_the_analysis_tab_in_russian():
    at = run({"lang": "ru", "layers": "engagement_ranges", "as_of": "2016-06-01"})
    at.session_state["below"] = "Анализ"
    at.run()
    assert not at.exception, at.exception
    specs = json.dumps([json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")], ensure_ascii=False)
    assert "Статусы и события, 2003–2024" in specs and "Доля каждой страны внутри каждой зоны досягаемости" in specs
    assert "Statuses and events" not in specs and "'s sector" not in specs
    coverage = next(d.value for d in at.main.dataframe if "reaches_other_side" in d.value.columns)
    assert "Aegis Ashore в Румынии (Девеселу)" in set(coverage["site"])
    assert "Румыния" in set(coverage["country"]) and "Romania" not in set(coverage["country"])
    labels = [t.label for t in at.tabs]
    assert "Охват каждой зоны досягаемости" in labels and "Coverage of each range ring" not in labels


def test_switching_language_keeps_the_open_tab_working():
    at = run()
    at.session_state["below"] = "Analysis"
    at.run()
    at.segmented_control(key="lang").set_value("ru").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "ПРО в Европе, 2010–2013"


def test_tables_in_russian_keep_their_columns():
    at = run({"lang": "ru", "compare": "2013-10-01", "layers": "s300_belarus,romania_interceptor"})
    table = next(d.value for d in at.dataframe if "change" in d.value.columns)
    row = table[table["name"].str.startswith("Четыре комплекса С-300")].iloc[0]
    assert (row["layer"], row["change"], row["status_after"]) == ("ЗРС С-300 в Белоруссии", "добавлено", "объявлено")
    assert list(table.columns) == ["layer", "name", "change", "status_before", "status_after", "sources"]
    assert "" in set(table["status_before"]) and "None" not in set(table["status_before"].astype(str))
    at.session_state["below"] = "Показанные объекты (4)"
    at.run()
    features_table = next(d.value for d in at.dataframe if "precision_km" in d.value.columns)
    assert "Aegis Ashore в Румынии (Девеселу)" in set(features_table["name"])
    assert "Aegis Ashore Romania (Deveselu)" not in set(features_table["name"])


def test_the_engagement_panel_and_table_in_russian():
    at = run({"lang": "ru", "path": "tehran>washington", "as_of": "2024-08-01"})
    captions = " ".join(c.value for c in at.caption)
    assert "Окно по полёту перехватчика с учётом тяготения: сферическая невращающаяся Земля" in captions
    assert "самая быстрая кеплерова дуга" in captions and "fastest Kepler arc" not in captions
    assert "радиогоризонт\\: луч, прослеженный через эталонную атмосферу" in captions and "ray traced" not in captions
    assert [h.value for h in at.subheader if h.value == "Перехват"] == ["Перехват"]
    launch = at.sidebar.selectbox(key="engage_from")
    assert launch.label == "Пуск" and "Тегеран" in launch.options and "Tehran" not in launch.options
    table = next(d.value for d in at.dataframe if "verdict" in d.value.columns)
    assert set(table["verdict"]) - {""} == {"да", "нет"}  # shown in Russian; the column names stay the data's


def _described(at) -> tuple[str, str]:
    """The map frame's title and its region's description, as the map's script hands them to ``a11y.js``."""
    script = map_args(at)["feature_group"]
    start = script.index("shieldmapDescribe(")
    start = script.index(",", start) + 1  # after the map's name
    decoder = json.JSONDecoder()
    title, end = decoder.raw_decode(script, start + len(script[start:]) - len(script[start:].lstrip()))
    end = script.index(",", end) + 1
    text, _end = decoder.raw_decode(script, end + len(script[end:]) - len(script[end:].lstrip()))
    return title, text


def test_the_map_in_words_in_each_language_at_once():
    # the same view in both languages, Russian first: the description's cache is keyed by the language
    russian, english = run({"lang": "ru"}), run()
    title, text = _described(russian)
    assert title.startswith("Карта: ПРО в Европе, 2010–2013, на 31 октября 2013\u202fг. (ЗРС С-300 в Белоруссии;")
    assert text.startswith("Карта (ПРО в Европе, 2010–2013) на 31 октября 2013\u202fг. показывает слои (объектов: 15)")
    assert "4 предлагаемых сектора ответственности" in text and "изменений в показанных слоях: 1. Добавлено:" in text
    assert not re.search(r"\b(The map|shows|Since the previous|proposed sectors|Status)\b", text)
    assert '"described":"Что показывает карта"' in map_args(russian)["script"]
    title, text = _described(english)
    assert title.startswith("Map: Missile defence in Europe, 2010–2013, as of 31 October 2013 (S-300 in Belarus;")
    assert text.startswith("The map (Missile defence in Europe, 2010–2013) as of 31 October 2013 shows these layers")
    assert "Карта словами" in [e.label for e in russian.expander] and "The map in words" in [e.label for e in english.expander]


def test_an_uploaded_files_problem_and_notes_in_russian():
    """A bad file's one-line error and a good file's notes (the layer's help) are in Russian at ?lang=ru; the
    file name is shown as it is (escaped for Markdown), and the same files in English say what they always said."""
    bad = ("точки_*1*.csv", b"name,value\na,1\n")
    good = ("sites.csv", b"name,lat,lon,fid\nDeveselu,44.08,24.35,7\n")
    at = run({"lang": "ru"})
    at.file_uploader(key="uploads").set_value([(*bad, "text/csv"), (*good, "text/csv")]).run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert errors == ["Не удалось добавить загруженный файл: " + literal("точки_*1*.csv: нет столбцов координат: ожидаются "
                              "lat/latitude/y и lon/lng/long/longitude/x или столбец WKT (wkt/geometry/geom); "
                              "найдены 'name', 'value'")], errors
    layer = next(c for c in at.sidebar.checkbox if c.label.startswith(literal("sites.csv")))
    assert layer.help == literal("прочитан 1 объект Координаты CSV прочитаны как долгота/широта WGS84 (EPSG:4326) "
                                 "Свойство переименовано (имя зарезервировано, занято или слишком длинное): "
                                 "'fid' → 'prop_fid'"), layer.help
    at.segmented_control(key="lang").set_value("en").run()
    assert [e.value for e in at.error] == ["Could not add an uploaded file: " + literal(
        "точки_*1*.csv: no coordinate columns: expected lat/latitude/y and "
        "lon/lng/long/longitude/x, or a WKT column (wkt/geometry/geom); found 'name', 'value'")]
    layer = next(c for c in at.sidebar.checkbox if c.label.startswith(literal("sites.csv")))
    assert layer.help == literal("1 feature read CSV coordinates read as WGS84 longitude/latitude (EPSG:4326) "
                                 "Property renamed (the name is reserved, taken or too long): 'fid' → 'prop_fid'")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_each_layers_help_is_what_the_seeds_say_it_shows(lang):
    """The layers' descriptions are seeds (``seeds/layers.csv``, issue 33.3): the sidebar's help on each layer is
    the file's text in the page's language."""
    from geo.coverage_seeds import descriptions
    from layers.registry import LAYERS

    at = run({"lang": lang})
    helps = {getattr(box.proto, "help", "") for box in at.sidebar.checkbox}
    wanted = {descriptions()[layer_id][lang] for layer_id in LAYERS}
    assert wanted <= helps, sorted(wanted - helps)
    assert lang == "en" or not any(descriptions()[layer_id]["en"] in helps for layer_id in LAYERS)
