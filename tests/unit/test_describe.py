"""The map in words (issue 24.2): made from the built layers, at two dates."""

import datetime as dt

from layers.registry import DEFAULT_LAYERS, build_layers
from shieldmap import describe


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
    assert sectors.startswith("The 4 proposed sectors of responsibility, an interpretation (Russia's own depiction")
    assert "Russia — east: Armenia, Belarus, Estonia, Finland" in sectors
    assert "Germany — north: Czechia, Denmark, Germany, Hungary, Norway south of 61°N, Poland west of 22°E" in sectors
    assert "Status: rejected 8 Jun 2011." in sectors and sectors.endswith("The land in no sector is drawn grey.")
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
