"""The shieldmap command: exit codes, one-line errors, and the files it writes."""

import json
import subprocess
import sys

import pyogrio
import pytest

from geo import export
from shieldmap.cli.main import main
from geo.seeds import SCHEMAS
from layers.registry import build_layers, parse_date


def run(*args):
    return subprocess.run([sys.executable, "-m", "shieldmap.cli", *args], capture_output=True, text=True, timeout=120)


def test_validate_ok(capsys):
    assert main(["validate"]) == 0
    assert "valid (" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_validate_truncated_file_exit_and_message(seed_copy, name):
    path = seed_copy / SCHEMAS[name].file
    data = path.read_bytes()
    cut = len(data) // 2
    while data[cut - 1:cut] in (b"\n", b","):
        cut += 1
    path.write_bytes(data[:cut])
    result = run("validate", "--seeds", str(seed_copy))
    assert result.returncode == 1
    assert SCHEMAS[name].file in result.stderr
    assert "Traceback" not in result.stderr


def test_layers_lists_counts(capsys):
    assert main(["layers", "--as-of", "2010-01-01"]) == 0
    out = capsys.readouterr().out
    assert "csto                   7  CSTO members" in out
    assert "european_sectors       0" in out


@pytest.mark.parametrize("args,message", [
    (["export", "--out", "x.geojson", "--layers", "csto,nope"], "unknown layer id(s): nope"),
    (["export", "--out", "x.geojson", "--as-of", "2013-13-01"], "bad date '2013-13-01'"),
    (["export", "--out", "/no/such/folder/x.geojson"], "folder /no/such/folder does not exist"),
    (["export", "--out", "x.shp"], "cannot tell the format of 'x.shp'"),
    (["export", "--out", "x.geojson", "--sectors", "cones"], "unknown sector model 'cones' (known: russian_depiction"),
    (["layers", "--sectors", "cones"], "unknown sector model 'cones'"),
])
def test_bad_arguments_one_line_exit_2(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_export_same_bytes_as_library(seeds, tmp_path):
    out = tmp_path / "two.geojson"
    assert run("export", "--out", str(out), "--layers", "csto,romania_interceptor", "--as-of", "2012-01-01").returncode == 0
    layers = build_layers(seeds, ["csto", "romania_interceptor"], parse_date("2012-01-01"))
    assert out.read_bytes() == export.export_bytes(layers, "geojson")
    document = json.loads(out.read_text())
    assert {f["properties"]["layer"] for f in document["features"]} == {"csto", "romania_interceptor"}
    assert len(document["features"]) == 7 + 1


def test_export_gpkg_default_all_layers(tmp_path):
    out = tmp_path / "all.gpkg"
    assert main(["export", "--out", str(out)]) == 0
    assert len(pyogrio.list_layers(out)) == 10  # the eight layers and the two context layers (issue 10)


def test_export_with_range_figure(tmp_path):
    out = tmp_path / "rings.geojson"
    assert main(["export", "--out", str(out), "--layers", "engagement_ranges", "--as-of", "2016-06-01",
                 "--figure", "S-300PS=s300ps-90"]) == 0
    radii = {f["properties"]["site"]: f["properties"]["radius_km"] for f in json.loads(out.read_text())["features"]}
    assert radii["s300-grodno"] == 90 and radii["deveselu"] == 500
    assert run("export", "--out", str(out), "--figure", "S-300=s300ps-90").returncode == 2


def test_app_analysis_download_equals_cli(seeds, tmp_path):
    from shieldmap.ui import analysis_tab as app_analysis
    from geo import analysis
    from layers.registry import analysis_layers
    out = tmp_path / "a.csv"
    assert main(["analyze", "--as-of", "2015-01-01", "--figure", "S-300PS=s300ps-90", "--out", str(out)]) == 0
    built = analysis_layers(seeds, parse_date("2015-01-01"), {"S-300PS": "s300ps-90"})
    tables = analysis.analysis_tables(seeds, built)
    assert app_analysis.csv_bytes(tables) == out.read_bytes()


def _features(path):
    return json.loads(path.read_text())["features"]


def test_export_rings_in_place_by_default_planned_on_request(tmp_path):
    out = tmp_path / "rings.geojson"
    assert main(["export", "--out", str(out), "--layers", "engagement_ranges", "--as-of", "2013-10-31"]) == 0
    sites = {f["properties"]["site"]: f["properties"]["capability"] for f in _features(out)}
    assert "deveselu" not in sites and "s300-2013-announced" not in sites
    assert set(sites.values()) == {"in place"}
    assert main(["export", "--out", str(out), "--layers", "engagement_ranges", "--as-of", "2013-10-31",
                 "--planned"]) == 0
    sites = {f["properties"]["site"]: f["properties"] for f in _features(out)}
    assert sites["deveselu"]["capability"] == sites["s300-2013-announced"]["capability"] == "planned"
    assert "(planned)" in sites["deveselu"]["name"]


def test_export_sector_model(tmp_path):
    out = tmp_path / "sectors.geojson"
    assert main(["export", "--out", str(out), "--layers", "european_sectors", "--as-of", "2013-10-31"]) == 0
    assert {f["properties"]["model"] for f in _features(out)} == {"russian_depiction"}  # the default
    assert main(["export", "--out", str(out), "--layers", "european_sectors", "--as-of", "2013-10-31",
                 "--sectors", "borders"]) == 0  # the old name still works
    assert {f["properties"]["model"] for f in _features(out)} == {"alliance_borders"}
    assert main(["export", "--out", str(out), "--layers", "european_sectors", "--as-of", "2013-10-31",
                 "--sectors", "wedges"]) == 0
    features = _features(out)
    assert {f["properties"]["model"] for f in features} == {"wedges"} and len(features) == 4
    assert all(f["properties"]["interpretation"].startswith("An alternative interpretation, not the source") for f in features)


def test_layers_counts_follow_model_and_planned(capsys):
    assert main(["layers", "--as-of", "2013-10-31"]) == 0
    default = capsys.readouterr().out
    assert main(["layers", "--as-of", "2013-10-31", "--planned", "--sectors", "wedges"]) == 0
    chosen = capsys.readouterr().out

    def count(out, layer_id):
        return int(next(line.split()[1] for line in out.splitlines() if line.startswith(layer_id)))

    # the default: 4 sectors, the undescribed land and 7 bands along the edges no source gives (issue 33, 2.4)
    assert count(default, "european_sectors") == 12 and count(chosen, "european_sectors") == 4
    # planned adds the rings of the announced S-300 complexes, Deveselu (under construction) and the
    # Iskanders Medvedev threatened to move to Kaliningrad Region (23 Nov 2011; in place from 8 Oct 2016)
    assert count(chosen, "engagement_ranges") == count(default, "engagement_ranges") + 3


def test_analyze_sectors_and_planned(seeds, tmp_path):
    from geo import analysis
    out = tmp_path / "a.json"
    assert main(["analyze", "--out", str(out), "--sectors", "wedges", "--planned"]) == 0
    document = json.loads(out.read_text())
    assert {r["model"] for r in document["sectors"]} == {"wedges"}
    assert {r["model"] for r in document["sector_models"]} == {"russian_depiction", "alliance_borders", "wedges"}
    assert "planned" in {r["capability"] for r in document["coverage"]}
    assert analysis.output_format(out) == "json"


# --- the command's language (issue 24): --lang, else the environment as gettext reads it -----------------

def run_env(*args, **env):
    """The command in a subprocess whose language variables are only ``env``'s."""
    import os

    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run([sys.executable, "-m", "shieldmap.cli", *args], capture_output=True, text=True, timeout=120,
                          env={**clean, **env})


@pytest.mark.parametrize("args,env", [
    (["--lang", "ru", "export", "--out", "x.geojson", "--as-of", "2013-13-01"], {}),
    (["export", "--out", "x.geojson", "--as-of", "2013-13-01", "--lang=ru"], {}),
    (["export", "--out", "x.geojson", "--as-of", "2013-13-01"], {"LANG": "ru_RU.UTF-8"}),
    (["export", "--out", "x.geojson", "--as-of", "2013-13-01"], {"LANGUAGE": "de:ru", "LANG": "de_DE.UTF-8"}),
])
def test_bad_date_in_russian(args, env):
    result = run_env(*args, **env)
    assert result.returncode == 2
    assert result.stderr == ("shieldmap: ошибка: аргумент --as-of: неверная дата '2013-13-01': ожидается ГГГГ-ММ-ДД "
                             "(YYYY-MM-DD), например 2013-10-31\n")


@pytest.mark.parametrize("args,env", [
    (["export", "--out", "x.geojson", "--as-of", "2013-13-01"], {}),
    (["export", "--out", "x.geojson", "--as-of", "2013-13-01"], {"LANG": "de_DE.UTF-8"}),
    (["export", "--out", "x.geojson", "--as-of", "2013-13-01"], {"LC_ALL": "C", "LANG": "ru_RU.UTF-8"}),
    (["--lang", "en", "export", "--out", "x.geojson", "--as-of", "2013-13-01"], {"LANG": "ru_RU.UTF-8"}),
])
def test_bad_date_in_english_by_default(args, env):
    result = run_env(*args, **env)
    assert result.returncode == 2
    assert result.stderr == "shieldmap: error: argument --as-of: bad date '2013-13-01': expected YYYY-MM-DD, e.g. 2013-10-31\n"


@pytest.mark.parametrize("args,message", [
    (["export", "--out", "/no/such/folder/x.geojson"], "shieldmap: ошибка: не удаётся записать /no/such/folder/x.geojson: "
                                                        "папки /no/such/folder не существует"),
    (["export", "--out", "x.shp"], "shieldmap: ошибка: не удаётся определить формат 'x.shp' по расширению; используйте "
                                   ".geojson, .json, .gpkg, .kml, .csv, .html, .htm или --format"),
    (["figure", "--out", "x.bmp"], "shieldmap: ошибка: не удаётся определить формат рисунка 'x.bmp' по расширению; "
                                   "используйте .png, .svg, .pdf"),
    (["layers", "--sectors", "cones"], "shieldmap: ошибка: аргумент --sectors: неизвестная модель секторов 'cones'"),
    (["export", "--out", "x.geojson", "--layers", "csto,nope"], "shieldmap: ошибка: аргумент --layers: неизвестные id "
                                                                "слоёв: nope (известные: s300_belarus,"),
    (["bogus"], "shieldmap: ошибка: аргумент command: недопустимый выбор: 'bogus'"),
    (["figure", "--out", "x.png", "--bbox", "1,2"], "shieldmap: ошибка: неверный bbox '1,2': ожидается W,S,E,N в градусах"),
    (["export", "--out", "x.geojson", "--figure", "S-400=nope"], "shieldmap: ошибка: неизвестный id значения дальности "
                                                                 "'nope' (известные: s300-belarus-150,"),
    (["animate", "--out", "x.gif", "--size", "101x100"], "shieldmap: ошибка: аргумент --size: неверный размер '101x100': "
                                                         "ширина должна быть чётным числом от 480 до 3840"),
    (["export"], "shieldmap: ошибка: требуются следующие аргументы: --out"),
])
def test_errors_in_russian_one_line(args, message, capsys):
    assert main(["--lang", "ru", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and len(err.strip().splitlines()) == 1


def test_help_and_summary_in_russian(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("использование: shieldmap")
    assert "позиционные аргументы:" in out and "показать эту справку и выйти" in out
    assert "validate            проверить каждый файл исходных данных" in out
    assert main(["layers", "--as-of", "2010-01-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("слои на 2010-01-01:\n") and "csto                   7  Государства — члены ОДКБ" in out


def test_environment_language_does_not_change_what_is_written(tmp_path, monkeypatch, capsys):
    """LANG=ru gives Russian messages, but the HTML export stays English without --lang (same line, same file)."""
    english = tmp_path / "en.html"
    assert main(["export", "--out", str(english), "--layers", "csto"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    russian = tmp_path / "ru.html"
    assert main(["export", "--out", str(russian), "--layers", "csto"]) == 0
    assert capsys.readouterr().out.startswith("записаны объекты: 6 из слоёв: 1, на 2013-10-31, в ")
    assert russian.read_bytes() == english.read_bytes()


def test_argparse_texts_restored_after_a_russian_run(capsys):
    import argparse

    assert main(["--lang", "ru", "bogus"]) == 2
    capsys.readouterr()
    assert argparse._("usage: ") == "usage: "  # the stdlib's own gettext again, for whoever parses next
    assert main(["bogus"]) == 2
    assert capsys.readouterr().err.startswith("shieldmap: error: argument command: invalid choice: 'bogus'")


def test_seed_problems_in_russian(seed_copy, capsys):
    path = seed_copy / "sites.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[8] = lines[8].replace(",44.08,24.39,", ",94.08,24.39,")
    path.write_text("".join(lines), encoding="utf-8")
    (seed_copy / "events.csv").unlink()
    assert main(["--lang", "ru", "validate", "--seeds", str(seed_copy)]) == 1
    assert capsys.readouterr().err == (f"shieldmap: исходные данные в {seed_copy} не прошли проверку:\n"
                                       "sites.csv:9: столбец 'lat': 94.08 вне [-90, 90]\nevents.csv: файла нет\n")
    assert main(["validate", "--seeds", str(seed_copy)]) == 1
    assert capsys.readouterr().err == (f"shieldmap: seeds in {seed_copy} do not validate:\n"
                                       "sites.csv:9: column 'lat': 94.08 is outside [-90, 90]\nevents.csv: file missing\n")
