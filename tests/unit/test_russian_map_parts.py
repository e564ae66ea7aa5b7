"""Issue 24 in the parts of the map still English in Russian: the web map's scale bar (its words from the
catalogue, by plural form), the HTML export's map in words (the app's description, escaped, a region under
the map), and the engagement's site and place names (``site_name_ru`` added, ``site_name`` unchanged)."""

import datetime as dt
import re

import pytest

from geo.engagement_seeds import load_engagement
from layers.registry import DEFAULT_AS_OF, LAYERS, build_layers
from shieldmap import describe, engagement, figure_engagement, i18n
from shieldmap.cli.main import main
from shieldmap.view import View
from shieldmap.web import html_export, scale, webmap

DEFAULT_LAYERS = [i for i, layer in LAYERS.items() if layer.default]
SECTION = re.compile(r'<section class="shieldmap-words" aria-labelledby="shieldmap-words-title"><details>'
                     r'<summary id="shieldmap-words-title">(.*?)</summary><div id="shieldmap-words-text">(.*?)</div>'
                     r"</details></section>", re.S)


# --- the scale bar ----------------------------------------------------------------------------------------------

def test_the_scale_bars_words_by_plural_form():
    assert scale.units() == {unit: {"one": f"{{n}} {unit}", "other": f"{{n}} {unit}"} for unit in ("km", "m", "mi", "ft")}
    with i18n.language("ru"):
        words = scale.units()
    assert set(words["mi"]) == {"one", "few", "many", "other"}
    assert words["km"] == dict.fromkeys(("one", "few", "many", "other"), "{n} км")
    assert words["m"]["many"] == "{n} м"
    assert (words["mi"]["one"], words["mi"]["few"], words["mi"]["many"]) == ("{n} миля", "{n} мили", "{n} миль")
    assert (words["ft"]["one"], words["ft"]["few"], words["ft"]["many"]) == ("{n} фут", "{n} фута", "{n} футов")


def test_the_map_draws_its_own_scale_bar_with_the_words_of_its_language():
    with i18n.language("ru"):
        page = webmap.base_map("offline", inline=True).get_root().render()
    assert "L.control.scale()" not in page  # not folium's (Leaflet's English words)
    config = re.search(r"shieldmapMapExtras\(map_\w+, (\{.*?\})\);", page).group(1)
    assert '"scale":{"km":{' in config and '"{n} км"' in config and '"{n} миль"' in config
    assert "new Scale().addTo(map)" in page and "scale.textContent = text" in page  # map.js: as text


# --- the map in words in the HTML export -----------------------------------------------------------------------

def test_the_export_has_the_apps_description_under_the_map_in_its_language(tmp_path, seeds):
    out = tmp_path / "ru.html"
    assert main(["export", "--lang", "ru", "--layers", ",".join(DEFAULT_LAYERS), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    (heading, text), = SECTION.findall(page)
    assert heading == "Карта словами"
    assert page.index('<div class="folium-map"') < page.index('<section class="shieldmap-words"')  # under the map
    with i18n.language("ru"):  # the description the app's page shows, computed here step by step
        event = describe.previous_event(seeds.events, DEFAULT_AS_OF)
        before = build_layers(seeds, DEFAULT_LAYERS, describe.before_previous(event))
        expected = describe.describe(DEFAULT_AS_OF, build_layers(seeds, DEFAULT_LAYERS, DEFAULT_AS_OF), event, before)
    assert event.date == dt.date(2013, 10, 29)
    paragraphs = re.findall(r"<p>(.*?)</p>", text)
    assert paragraphs == [html_export.html.escape(p) for p in (expected.summary, *expected.paragraphs)]
    assert paragraphs[0].startswith("Карта (ПРО в Европе, 2010–2013) на 31 октября 2013")
    assert "Aegis Ashore в Румынии (Девеселу) (строится)" in text and "Добавлено: Четыре комплекса С-300" in text


def test_the_description_is_escaped_and_names_the_layers_shown_on_opening(seeds):
    markup = html_export.words_html(describe.Description("<b>x</b> & y", ("a <script>",)))
    assert "<b>" not in markup and "&lt;b&gt;x&lt;/b&gt; &amp; y" in markup and "a &lt;script&gt;" in markup
    built = build_layers(seeds, ["csto", "romania_interceptor"], DEFAULT_AS_OF)
    page = html_export.render(html_export.build_map(built, seeds, DEFAULT_AS_OF, shown=["csto"]))
    (_, text), = SECTION.findall(page)
    assert text.startswith("<p>The map (Missile defence in Europe, 2010–2013) as of 31 October 2013 shows these "
                           "layers (features: 6): CSTO members (6).</p>")
    assert webmap.title("romania_interceptor") not in text  # switched off on opening: not described


# --- the engagement's names ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def engaged(seeds):
    return load_engagement(seeds=seeds)


def test_the_table_keeps_site_name_and_adds_site_name_ru(engaged):
    _, table = engagement.engagement(engaged, View(path="tehran>washington"))
    deveselu = table.set_index("site").loc["deveselu"]
    assert deveselu["site_name"] == "Aegis Ashore Romania (Deveselu)"
    assert deveselu["site_name_ru"] == "Aegis Ashore в Румынии (Девеселу)"
    assert list(table.columns).index("site_name_ru") == list(table.columns).index("site_name") + 1
    row = deveselu.to_dict() | {"site_name": deveselu["site_name"]}
    assert engagement.local_name(row) == "Aegis Ashore Romania (Deveselu)"
    with i18n.language("ru"):
        assert engagement.local_name(row) == "Aegis Ashore в Румынии (Девеселу)"
        assert engagement.place_name(engaged.places, "tehran") == "Тегеран"
        assert engagement.place_name(engaged.places, "35,51") == "35,51"
    assert engagement.place_name(engaged.places, "tehran") == "Tehran"


def test_the_maps_engagement_tooltips_name_the_places_and_sites_in_russian(engaged):
    from shieldmap.web import engagement_map

    route, table = engagement.engagement(engaged, View(as_of=dt.date(2024, 8, 1), path="tehran>washington"))
    assert list(table.columns)[:6] == ["launch", "launch_name", "launch_name_ru", "target", "target_name",
                                       "target_name_ru"]
    collection = engagement.geojson(route, table)
    with i18n.language("ru"):
        tips = {f["properties"]["kind"] + ":" + str(f["properties"].get("site")): engagement_map.tip(f["properties"])
                for f in collection["features"] if f["properties"]["kind"] in ("path", "reach", "horizon")}
    assert tips["path:None"].startswith("Тегеран → Вашингтон: 10")
    assert tips["reach:deveselu"] == ("Aegis Ashore в Румынии (Девеселу): встречает угрозу на наименьшей высоте перехвата "
                                      "на удалении до 876 км; окно открывается: нет")  # 3 km/s: 876 km at 100 km
    assert tips["horizon:voronezh-dm-kaliningrad"].startswith("РЛС «Воронеж-ДМ» (Пионерский, Калининградская область): ")
    point = engagement.geojson(*engagement.engagement(engaged, View(path="35.7,51.4>washington")))
    assert engagement_map.tip(point["features"][0]["properties"]).startswith("35.7,51.4 to Washington, D.C.: ")


def test_the_figures_notes_name_the_sites_in_russian(seeds, engaged):
    view = View(as_of=DEFAULT_AS_OF, layers=("epaa",), path="tehran>washington")
    with i18n.language("ru"):
        (overlay,), _ = figure_engagement.for_view(seeds, view)
        notes = " ".join(overlay.notes())
    assert "Aegis Ashore в Румынии (Девеселу)" in notes and "Aegis Ashore Romania" not in notes
    assert "Траектория 1, Тегеран → Вашингтон" in notes
    # 2013: Deveselu is not built yet, and the notes say so; the ships' region: out of reach, in Russian numbers
    assert ("Aegis Ashore в Румынии (Девеселу) (SM-3 Block IB, 3 км/с, рабочее значение (без источника)): на эту дату "
            "позиции нет (строится)") in notes, notes
    assert "(район, известный с точностью до 1\u00a0000 км: оценка в его лучшей точке, 34.50, 25.00)" in notes, notes
