"""The map in words (issue 24.2): made from the built layers, at two dates."""

import datetime as dt
import re

from layers.registry import DEFAULT_LAYERS, build_layers
from shieldmap import describe, i18n, statuses


def _describe(seeds, day, ids=DEFAULT_LAYERS):
    event = describe.previous_event(seeds.events, day)
    before = build_layers(seeds, ids, describe.before_previous(event)) if event else None
    return event, describe.describe(day, build_layers(seeds, ids, day), event, before)


def test_the_default_date(seeds):
    event, text = _describe(seeds, dt.date(2013, 10, 31))
    assert event == describe.PreviousEvent(dt.date(2013, 10, 29), "Four S-300 complexes for Belarus announced",
                                         "Объявлено о четырёх комплексах С-300 для Белоруссии")
    assert text.summary == ("The map (Missile defence in Europe, 2010–2013) as of 31 October 2013 shows these layers "
                            "(features: 15): S-300 in Belarus (3), Deveselu interceptor site (1), CSTO members (6), "
                            "Proposed sectors (interpretation) (5).")
    s300, deveselu, csto, sectors, changes = text.paragraphs
    assert s300 == ("S-300 in Belarus: S-300PS battalions near Brest (2006 transfer) (delivered); S-300PS battalions "
                    "near Grodno (2006 transfer) (on duty); Four S-300 complexes announced for Belarus (announced).")
    assert deveselu == "Deveselu interceptor site: Aegis Ashore Romania (Deveselu) (under construction)."
    assert csto == "CSTO members: Armenia; Belarus; Kazakhstan; Kyrgyzstan; Russia; Tajikistan."
    assert sectors.startswith("The 4 proposed sectors of responsibility, an interpretation "
                              "(Russia's sector as the General Staff depicted it")
    assert "Russia — east: Armenia, Belarus, Estonia, Finland" in sectors
    assert "Germany — north: Czechia, Denmark, Germany, Hungary, Norway south of 61°N, Poland west of 22°E" in sectors
    assert "Status: rejected 8 Jun 2011." in sectors and sectors.endswith(
        "The land in no sector is drawn grey. The edges no source gives are drawn hatched.")
    assert changes == ("Since the previous event (29 Oct 2013: Four S-300 complexes for Belarus announced), changes in "
                       "the shown layers: 1. Added: Four S-300 complexes announced for Belarus.")


def test_a_date_in_2011(seeds):
    event, text = _describe(seeds, dt.date(2011, 1, 1))
    assert event.date == dt.date(2010, 11, 20) and event.name.startswith("Lisbon summit")
    assert "shows these layers (features: 14)" in text.summary and "CSTO members (7)" in text.summary
    assert "CSTO members: Armenia; Belarus; Kazakhstan; Kyrgyzstan; Russia; Tajikistan; Uzbekistan." in text.paragraphs
    assert "Deveselu interceptor site: none at this date." in text.paragraphs
    assert "Status: proposed 20 Nov 2010." in text.paragraphs[3]
    assert text.paragraphs[4].startswith("Since the previous event (20 Nov 2010: Lisbon summit")
    assert "changes in the shown layers: 5. Added: Sector of responsibility: France (west);" in text.paragraphs[4]


def test_a_status_change_and_no_change(seeds):
    # 28 Oct 2013, Deveselu's groundbreaking: counted from the day before the previous event (15 Mar 2013)
    _, text = _describe(seeds, dt.date(2013, 10, 28), ("romania_interceptor",))
    assert text.paragraphs[-1] == ("Since the previous event (15 Mar 2013: US cancels the fourth phase of the EPAA "
                                   "(SM-3 Block IIB interceptors for Poland)), changes in the shown layers: 1. "
                                   "Changed status: Aegis Ashore Romania (Deveselu) (agreement in force to under "
                                   "construction).")
    _, text = _describe(seeds, dt.date(2013, 10, 31), ("csto",))
    assert text.paragraphs[-1] == ("Since the previous event (29 Oct 2013: Four S-300 complexes for Belarus "
                                   "announced), nothing in the shown layers has changed.")


def test_no_layer_and_before_every_event(seeds):
    assert describe.describe(dt.date(2012, 1, 1), {}).summary.endswith("shows no layer, only the countries' borders.")
    first = seeds.events["date"].min()
    assert describe.previous_event(seeds.events, first) is None
    _, text = _describe(seeds, first, ("csto",))
    assert text.paragraphs[-1] == "No event of the timeline comes before this date."


def test_frame_title():
    assert describe.frame_title(dt.date(2012, 5, 20), ("csto", "nato")) == (
        "Map: Missile defence in Europe, 2010–2013, as of 20 May 2012 (CSTO members; NATO members)")
    assert describe.frame_title(dt.date(2012, 5, 20), ()).endswith("(no layer shown)")


ENGLISH = re.compile(r"\b(the|map|as of|shows?|layers?|features?|none|since|previous|event|changes?|added|removed|status|"
                     r"proposed|sectors?|responsibility|interpretation|land|grey|north|south|east|west|of|and|more|"
                     r"Russia|Belarus|Norway|Poland|Sweden|CSTO|members|interceptor|site|announced|delivered|on duty|"
                     r"under construction|rejected|Oct|Jun|October|June)\b", re.IGNORECASE)
"""English words of the description's sentences and vocabulary (not in its Russian; "Aegis Ashore", "SM-3" are names)."""


def test_the_default_date_in_russian(seeds):
    with i18n.language("ru"):
        event, text = _describe(seeds, dt.date(2013, 10, 31))
        title = describe.frame_title(dt.date(2013, 10, 31), DEFAULT_LAYERS)
    found = sorted({m.group(0) for m in ENGLISH.finditer(text.text + title)})
    assert found == [], found
    english = _describe(seeds, dt.date(2013, 10, 31))[1].text  # the list finds the English text's words
    assert len({m.group(0).lower() for m in ENGLISH.finditer(english)}) > 30
    assert text.summary == ("Карта (ПРО в Европе, 2010–2013) на 31 октября 2013\u202fг. показывает слои (объектов: 15): "
                            "ЗРС С-300 в Белоруссии (3), Район ПР в Девеселу (1), Государства — члены ОДКБ (6), "
                            "Предложенные сектора (интерпретация) (5).")
    s300, deveselu, csto, sectors, changes = text.paragraphs
    assert s300.startswith("ЗРС С-300 в Белоруссии: Дивизионы ЗРС С-300ПС под Брестом (поставка 2006")
    assert s300.endswith("Четыре комплекса С-300, объявленные для Белоруссии (объявлено).")
    assert deveselu == "Район ПР в Девеселу: Aegis Ashore в Румынии (Девеселу) (строится)."
    assert csto == "Государства — члены ОДКБ: Армения; Беларусь; Казахстан; Киргизия; Россия; Таджикистан."
    assert sectors.startswith("4 предлагаемых сектора ответственности, интерпретация (Сектор России по схеме Генштаба")
    assert "Россия — восток: Армения, Беларусь, Эстония, Финляндия" in sectors
    assert "Литва, Норвегия севернее 61° с. ш., Польша восточнее 22° в. д., Россия, Швеция севернее 58° с. ш." in sectors
    assert "Германия — север: Чехия, Дания, Германия, Венгрия, Норвегия южнее 61° с. ш." in sectors
    assert "Статус: отвергнуто 8 июн. 2011\u202fг. Территория вне секторов закрашена серым." in sectors  # one full stop
    assert changes == ("С предыдущего события (29 окт. 2013\u202fг.: Объявлено о четырёх комплексах С-300 для "
                       "Белоруссии) изменений в показанных слоях: 1. Добавлено: Четыре комплекса С-300, объявленные "
                       "для Белоруссии.")
    assert title == ("Карта: ПРО в Европе, 2010–2013, на 31 октября 2013\u202fг. (ЗРС С-300 в Белоруссии; Район ПР в "
                     "Девеселу; Государства — члены ОДКБ; Предложенные сектора (интерпретация))")


def test_russian_plural_forms_of_the_sectors(seeds):
    day = dt.date(2013, 10, 31)
    sectors = build_layers(seeds, ("european_sectors",), day)["european_sectors"]
    held = sectors[sectors["holder"].notna()]
    with i18n.language("ru"):
        one = describe.describe(day, {"european_sectors": held.head(1)}).paragraphs[0]
        two = describe.describe(day, {"european_sectors": held.head(2)}).paragraphs[0]
        heads = [i18n.ngettext("The {n} proposed sector of responsibility, an interpretation ({model}).",
                               "The {n} proposed sectors of responsibility, an interpretation ({model}).", n)
                 .format(n=n, model="м") for n in (1, 3, 5, 11, 21, 22)]
    assert one.startswith("1 предлагаемый сектор ответственности, интерпретация (") and "— восток: " in one
    assert two.startswith("2 предлагаемых сектора ответственности") and "Территория вне секторов" not in two
    assert heads == ["1 предлагаемый сектор ответственности, интерпретация (м).",
                     "3 предлагаемых сектора ответственности, интерпретация (м).",
                     "5 предлагаемых секторов ответственности, интерпретация (м).",
                     "11 предлагаемых секторов ответственности, интерпретация (м).",
                     "21 предлагаемый сектор ответственности, интерпретация (м).",
                     "22 предлагаемых сектора ответственности, интерпретация (м)."]
    assert describe.describe(day, {"european_sectors": held.head(1)}).paragraphs[0].startswith(
        "The 1 proposed sector of responsibility")


def test_a_status_change_and_no_layer_in_russian(seeds):
    with i18n.language("ru"):
        _, text = _describe(seeds, dt.date(2013, 10, 28), ("romania_interceptor",))
        _, quiet = _describe(seeds, dt.date(2013, 10, 31), ("csto",))
        empty = describe.describe(dt.date(2012, 1, 1), {})
        first = _describe(seeds, seeds.events["date"].min(), ("csto",))[1]
    assert text.paragraphs[-1].endswith("изменений в показанных слоях: 1. Сменили статус: Aegis Ashore в Румынии "
                                        "(Девеселу) (было: соглашение вступило в силу, стало: строится).")
    assert quiet.paragraphs[-1].endswith("Белоруссии) в показанных слоях ничего не изменилось.")
    assert empty.summary == ("Карта (ПРО в Европе, 2010–2013) на 1 января 2012\u202fг. не показывает ни одного слоя, "
                             "только границы стран.")
    assert first.paragraphs[-1] == "До этой даты на шкале времени нет событий."


def test_a_sector_state_part_in_each_language():
    assert statuses.state_text("Poland east of 22°E") == "Poland east of 22°E"
    with i18n.language("ru"):
        assert statuses.state_text("Poland east of 22°E") == "Польша восточнее 22° в. д."
        assert statuses.state_text("Sweden north of 58°N") == "Швеция севернее 58° с. ш."
        assert statuses.states_text("Armenia; Norway south of 61°N") == "Армения; Норвегия южнее 61° с. ш."
