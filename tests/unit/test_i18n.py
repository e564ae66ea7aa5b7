"""Two languages (issue 24, point 1): the catalogue is complete (extracted afresh with Babel: every shown
string has a Russian translation), per-context language (two threads at once do not mix), the View's
``lang``, the Russian names from data, and Cyrillic in the figure, the HTML export and the animation."""

import datetime as dt
import re
import subprocess
import sys
import threading
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from matplotlib import font_manager

from geo.names import country_names
from layers.registry import DEFAULT_AS_OF, DEFAULT_LAYERS, LAYER_IDS, LAYERS, build_layers
from shieldmap import i18n, view as views
from shieldmap.cli.main import main
from shieldmap.i18n import _

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "shieldmap" / "locale" / "ru" / "LC_MESSAGES" / "shieldmap.po"
POT = ROOT / "shieldmap" / "locale" / "shieldmap.pot"
SPAN = (dt.date(2006, 3, 1), dt.date(2024, 7, 10))
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict:
    """The shown strings as `pybabel extract` finds them in the code now (not the committed .pot)."""
    out = tmp_path_factory.mktemp("pot") / "shieldmap.pot"
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg", "-k", "_", "-k", "N_",
                    "-k", "ngettext:1,2", "-k", "Nn_:1,2", "--no-location", "-o", str(out), "."], cwd=ROOT, check=True,
                   capture_output=True)
    return {m.id: m for m in read_po(out.open("rb")) if m.id}


@pytest.fixture(scope="module")
def russian() -> dict:
    return {m.id: m for m in read_po(PO.open("rb")) if m.id}


def test_every_shown_string_has_a_russian_translation(extracted, russian):
    assert len(extracted) > 300
    untranslated = [i for i in extracted if i not in russian or not all(russian[i].string if isinstance(i, tuple)
                                                                         else (russian[i].string,))]
    assert untranslated == [], f"no Russian for {untranslated[:5]}: run `make messages`, translate, `make translations`"
    fuzzy = [i for i, m in russian.items() if "fuzzy" in m.flags]
    assert fuzzy == []


def test_the_committed_template_is_the_code(extracted):
    committed = {m.id for m in read_po(POT.open("rb")) if m.id}
    assert committed == set(extracted), "run `make messages` after changing the texts"


def test_translations_keep_their_placeholders(russian):
    for msgid, message in russian.items():
        source = msgid[0] if isinstance(msgid, tuple) else msgid
        for text in (message.string if isinstance(message.string, tuple) else (message.string,)):
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), msgid


def test_the_compiled_catalogue_is_the_po(russian):
    with i18n.language("ru"):
        assert [(i, _(i)) for i in russian if isinstance(i, str)] == [
            (i, m.string) for i, m in russian.items() if isinstance(i, str)]
        plural = [(i, [i18n.ngettext(*i, n) for n in (1, 3, 5)]) for i in russian if isinstance(i, tuple)]
        assert plural == [(i, list(russian[i].string)) for i, _forms in plural] and plural


def test_established_russian_terms(russian):
    text = " ".join(" ".join(m.string) if isinstance(m.string, tuple) else m.string for m in russian.values())
    for term in ("ПРО", "ЕвроПРО", "ЕПАП", "ОДКБ", "ЗРС С-300", "сектор ответственности", "ПР", "РЛС"):
        assert term.lower() in text.lower(), term
    with i18n.language("ru"):
        assert _("Missile defence in Europe, 2010–2013") == "ПРО в Европе, 2010–2013"
        assert _("CSTO members") == "Государства — члены ОДКБ"
        assert _("S-300 in Belarus") == "ЗРС С-300 в Белоруссии"
        assert _("Deveselu interceptor site") == "Район ПР в Девеселу"


def test_layer_titles_are_marked_and_translated_where_shown():
    with i18n.language("ru"):
        titles = {i: _(layer.title) for i, layer in LAYERS.items()}
    assert all(re.search("[А-Яа-я]", title) for title in titles.values()), titles
    assert LAYERS["csto"].title == "CSTO members"  # the registry keeps English: layers/ imports nothing above it


def test_two_threads_with_two_languages_do_not_mix():
    """The language is a context variable: each Streamlit session's script thread sets its own."""
    barrier, seen = threading.Barrier(2), {}

    def run(lang):
        i18n.use(lang)
        barrier.wait()  # both have set their language before either reads
        for _step in range(200):
            seen.setdefault(lang, set()).add(_("Layers"))

    threads = [threading.Thread(target=run, args=(lang,)) for lang in ("ru", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"ru": {"Слои"}, "en": {"Layers"}}
    assert i18n.current() == "en"  # this thread's context was never switched


def test_dates_in_russian():
    with i18n.language("ru"):
        assert i18n.date_long(dt.date(2013, 10, 31)) == "31 октября 2013\u202fг."  # CLDR: a narrow no-break space
        assert i18n.date_short(dt.date(2011, 6, 8)) == "8 июн. 2011\u202fг."
    assert i18n.date_long(dt.date(2013, 10, 31)) == "31 October 2013"


def test_view_round_trip_of_lang():
    view = views.View(lang="ru")
    assert view.to_query()["lang"] == "ru"
    back, warnings_ = views.from_query(view.to_query(), SPAN)
    assert back == view and warnings_ == ()
    assert "lang" not in views.View().to_query()  # English, the default, is left out
    assert views.from_query({"lang": "EN"}, SPAN)[0].lang == "en"
    bad, found = views.from_query({"lang": "<b>klingon</b>" * 10}, SPAN)
    assert bad.lang == "en" and len(found) == 1 and "\n" not in found[0]
    assert found[0] == ("Unknown language '<b>klingon</b><b>klingon</b><b>klingon<…' in the URL; using English "
                        "(known: en, ru)")  # quoted, cut at 40 characters, as every URL warning
    assert view.command("figure").endswith("--lang ru --out FILE")
    assert "--lang" in view.cli_args("export") and "--lang" not in view.cli_args("analyze")


def test_url_warnings_are_in_the_readers_language():
    with i18n.language("ru"):
        _view, found = views.from_query({"basemap": "nope"}, SPAN)
    assert found == ("Неизвестная подложка 'nope' в URL; используется офлайн-подложка",)


def test_cli_lang_is_checked(capsys, tmp_path):
    assert main(["figure", "--lang", "de", "--out", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown language 'de' (known: en, ru)" in err


def test_features_gain_russian_names_from_data(seeds):
    built = build_layers(seeds, LAYER_IDS, DEFAULT_AS_OF)
    assert all("name_ru" in frame.columns for frame in built.values())
    names = dict(zip(built["csto"]["name"], built["csto"]["name_ru"]))
    assert names["Armenia"] == "Армения" and names["Russia"] == "Россия"
    sites = dict(zip(built["romania_interceptor"]["id"], built["romania_interceptor"]["name_ru"]))
    assert sites["deveselu"] == "Aegis Ashore в Румынии (Девеселу)"
    assert set(built["events"]["name_ru"].map(bool)) == {True}  # every event has one in events.csv
    assert country_names("ru")["Romania"] == "Румыния"


def test_the_story_in_russian(seeds):
    from shieldmap.story import story_steps

    step = story_steps(seeds)[7]  # Lisbon (after the Gabala offer of 2007 was added: issue 33)
    with i18n.language("ru"):
        assert step.local("title").startswith("Лиссабонский саммит: Совет Россия–НАТО")
        assert "четырьмя секторами" in step.local("caption")
    assert step.local("caption") == step.caption


def _no_glyph_warning(run):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run()
    missing = [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    assert missing == []
    return result


def test_the_declared_font_has_cyrillic():
    from shieldmap import figure

    assert figure._RC["font.family"] == "DejaVu Sans"
    path = font_manager.findfont(font_manager.FontProperties(family=figure._RC["font.family"]), fallback_to_default=False)
    assert Path(path).name == "DejaVuSans.ttf"


def test_figure_lang_ru_draws_cyrillic(tmp_path, capsys):
    out = tmp_path / "ru.svg"
    assert _no_glyph_warning(lambda: main(["figure", "--lang", "ru", "--out", str(out)])) == 0
    assert i18n.current() == "en"  # the command's language ends with it: the caller's is as it was
    text = " ".join(" ".join(e.itertext()) for e in ET.fromstring(out.read_bytes()).iter())
    for expected in ("ПРО в Европе, 2010–2013", "На 31 октября 2013\u202fг.", "Слои", "Статус и знаки",
                     "Государства — члены ОДКБ", "Россия — восток", "отвергнуто 8 июн. 2011\u202fг.", "Проекция:"):
        assert expected in text, expected
    for english in ("Missile defence", "Layers", "Status and symbols", "CSTO members", "As of"):
        assert english not in text, english
    png = tmp_path / "ru.png"
    assert _no_glyph_warning(lambda: main(["figure", "--lang", "ru", "--out", str(png)])) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_html_export_lang_ru(tmp_path):
    out = tmp_path / "ru.html"
    assert main(["export", "--lang", "ru", "--layers", ",".join(DEFAULT_LAYERS), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    for expected in ('<html lang="ru">', "<title>ПРО в Европе, 2010–2013, на 2013-10-31</title>", "на 31 октября 2013\u202fг.",
                     "Рассказать историю ({n} шагов)", "Условные обозначения", '"text_ru":"Румыния"',
                     "Государства — члены ОДКБ", "Aegis Ashore в Румынии (Девеселу)"):
        assert expected in page, expected
    for english in ("Tell the story (", "Click a feature for its details", ">Legend<"):
        assert english not in page, english


def test_animation_lang_ru_frames_are_russian(seeds, tmp_path):
    from shieldmap import animation

    with i18n.language("ru"):
        frames = animation.story_frames(seeds)
        assert frames[0].heading == f"Шаг рассказа 1 из {len(frames)}"
        assert frames[0].caption.startswith("США просят Чехию разместить РЛС ПРО")  # no Polish site named (issue 33)
        events = animation.event_frames(seeds, dt.date(2013, 10, 29), dt.date(2013, 10, 31), ("csto",))
        assert events[0].title == "Объявлено о четырёх комплексах С-300 для Белоруссии"
        assert events[0].caption.startswith("После переговоров с министром обороны Белоруссии Шойгу")  # story.csv
    out = tmp_path / "ru.gif"
    args = ["animate", "--lang", "ru", "--from", "2013-10-29", "--to", "2013-10-31", "--layers", "csto",
            "--size", "640x360", "--out", str(out)]
    assert _no_glyph_warning(lambda: main(args)) == 0
    assert out.read_bytes()[:6] == b"GIF89a"


def test_no_translated_literal_inside_an_f_string():
    """`pybabel extract` does not read inside f-strings (Python 3.11 tokenizes one as a single string): a
    `_("...")` there would never reach the catalogue, and no test of the catalogue would notice."""
    import io
    import tokenize

    found = []
    for path in [*ROOT.joinpath("shieldmap").rglob("*.py"), *ROOT.joinpath("layers").rglob("*.py"), ROOT / "app.py"]:
        for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            if token.type == tokenize.STRING and re.match(r"[rRbB]*[fF]", token.string) and \
                    re.search(r"\b_\(\s*['\"]", token.string):
                found.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert found == []


def test_no_module_that_translates_rebinds_the_underscore():
    """`for _, row in frame.iterrows()` in a function that also calls `_("...")` makes `_` a number there
    (ruff lets `_` pass as a dummy name): every binding of `_` outside a comprehension, in a module that
    imports the translation function, fails here."""
    import ast

    found = []
    for path in [*ROOT.joinpath("shieldmap").rglob("*.py"), ROOT / "app.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not any(isinstance(n, ast.ImportFrom) and n.module == "shieldmap.i18n" and any(a.name == "_" for a in n.names)
                   for n in ast.walk(tree)):
            continue
        comprehension_targets = {id(t) for c in ast.walk(tree) if isinstance(c, ast.comprehension)
                                 for t in ast.walk(c.target)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store) \
                    and id(node) not in comprehension_targets:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_figure_with_an_engagement_path_in_russian(tmp_path):
    out = tmp_path / "path.svg"
    args = ["figure", "--lang", "ru", "--path", "tehran>washington", "--out", str(out)]
    assert _no_glyph_warning(lambda: main(args)) == 0
    text = " ".join(" ".join(e.itertext()) for e in ET.fromstring(out.read_bytes()).iter())
    for expected in ("Перехват", "1: Тегеран → Вашингтон", "отметка каждую минуту полёта", "Модель перехвата:",
                     "сферическая невращающаяся Земля", "Траектория 1, Тегеран → Вашингтон"):
        assert expected in text, expected
    for english in ("Engagement model", "a tick every minute", "Tehran", "spherical non-rotating"):
        assert english not in text, english
