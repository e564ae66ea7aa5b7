"""The publication figure: PNG, SVG and PDF opened and read back; same arguments, same bytes; bad arguments."""

import io
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from PIL import Image
from pypdf import PdfReader

from layers.registry import DEFAULT_AS_OF, DEFAULT_LAYERS, LAYERS, build_layers
from shieldmap import figure
from shieldmap.cli.main import main

DATE_TEXT = "31 October 2013"


@pytest.fixture(scope="module")
def built(seeds):
    return build_layers(seeds, DEFAULT_LAYERS, DEFAULT_AS_OF)


@pytest.fixture(scope="module")
def svg_text(built, seeds):
    data = figure.figure_bytes(built, seeds, DEFAULT_AS_OF, "svg")
    root = ET.fromstring(data)
    return " ".join(" ".join(element.itertext()) for element in root.iter())


def test_png_default_width(tmp_path, capsys):
    out = tmp_path / "map.png"
    assert main(["figure", "--out", str(out)]) == 0
    assert "PNG figure" in capsys.readouterr().out
    with Image.open(out) as image:
        assert image.format == "PNG" and image.width >= 2000 and image.height > 1000


@pytest.mark.parametrize("width", [1200, 2001, 3000])
def test_png_exact_width(built, seeds, width):
    with Image.open(io.BytesIO(figure.figure_bytes(built, seeds, DEFAULT_AS_OF, "png", width_px=width))) as image:
        assert image.width == width


def test_png_dpi(built, seeds):
    with Image.open(io.BytesIO(figure.figure_bytes(built, seeds, DEFAULT_AS_OF, "png", dpi=100))) as image:
        assert image.width == round(figure.WIDTH_IN * 100)


def test_svg_texts(svg_text):
    for text in (DATE_TEXT, "EPSG:3035", figure.ATTRIBUTION, figure.DEFAULT_TITLE, "true length at",
                 "location uncertainty", "rejected", "Russia — east", "Sources of the drawn features",
                 "Kommersant", "Global Security Newswire"):
        assert text in svg_text, text
    for layer_id in DEFAULT_LAYERS:
        assert LAYERS[layer_id].title in svg_text


def test_legend_only_drawn_layers(svg_text):
    assert LAYERS["nato"].title not in svg_text and LAYERS["epaa"].title not in svg_text


def test_pdf_texts(built, seeds):
    data = figure.figure_bytes(built, seeds, DEFAULT_AS_OF, "pdf", title="A custom title")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in (DATE_TEXT, "A custom title", "EPSG:3035", "Made with Natural Earth", "naturalearthdata.com",
                     LAYERS["s300_belarus"].title, LAYERS["csto"].title):
        assert expected in text, expected


@pytest.mark.parametrize("fmt", figure.FORMATS)
def test_same_arguments_same_bytes(tmp_path, fmt):
    """In separate processes, so nothing cached or salted per process can hide a difference."""
    args = ["figure", "--layers", "s300_belarus,epaa", "--as-of", "2012-06-01", "--bbox", "10,40,35,60",
            "--width-px", "800"]
    outputs = []
    for index in range(2):
        out = tmp_path / f"figure{index}.{fmt}"
        result = subprocess.run([sys.executable, "-m", "shieldmap.cli", *args, "--out", str(out)],
                                capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_date_and_bbox_change_the_figure(built, seeds):
    base = figure.figure_bytes(built, seeds, DEFAULT_AS_OF, "svg")
    assert figure.figure_bytes(built, seeds, DEFAULT_AS_OF, "svg", bbox=(15, 45, 35, 60)) != base


@pytest.mark.parametrize("args", [
    ["--out", "x.gif"],
    ["--out", "x.png", "--width-px", "abc"],
    ["--out", "x.png", "--width-px", "10"],
    ["--out", "x.png", "--dpi", "0"],
    ["--out", "x.png", "--width-px", "2000", "--dpi", "200"],
    ["--out", "x.png", "--bbox", "1,2,3"],
    ["--out", "x.png", "--bbox", "30,40,10,60"],
    ["--out", "x.png", "--bbox", "10,40,30,95"],
    ["--out", "x.png", "--as-of", "2013-13-01"],
    ["--out", "x.png", "--layers", "nosuchlayer"],
    ["--out", "no/such/folder/x.png"],
])
def test_bad_arguments_exit_2_one_line(tmp_path, monkeypatch, capsys, args):
    monkeypatch.chdir(tmp_path)
    assert main(["figure", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("shieldmap: error: ") and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()


def test_status_groups():
    assert figure.status_group("on duty") == "in place"
    assert figure.status_group("announced") == "planned"
    assert figure.status_group("rejected") == "rejected"
    assert figure.status_group("member") is None and figure.status_group(None) is None


def test_sources_line_names_only_drawn_sources(seeds, built):
    line = figure.sources_line(seeds, [built["romania_interceptor"]])
    assert "Eurasia Review" in line or "ExecutiveGov" in line
    assert "Kommersant" not in line


def test_sources_published_after_the_date_are_listed_apart(seeds, built):
    """A figure of 31 Oct 2013 names Deveselu's 2015-2019 sources only after "Published after the date shown"."""
    import datetime as dt

    line = figure.sources_line(seeds, [built["romania_interceptor"]], dt.date(2013, 10, 31))
    before, marker, after = line.partition("Published after the date shown: ")
    assert marker and "Fox News (AP), 3 May 2011" in before and "Mediafax, 9 Aug 2019" in after
    assert "2019" not in before and "2015" not in before and "2011" not in after
    assert "Published after" not in figure.sources_line(seeds, [built["romania_interceptor"]])  # no date: one list


def test_app_download_equals_cli(seeds, tmp_path):
    """The app's "Download figure" path (layers built for every id, as the app caches them) gives the CLI's bytes."""
    from layers.registry import LAYER_IDS
    from shieldmap import exports

    every = build_layers(seeds, LAYER_IDS, DEFAULT_AS_OF)
    app_bytes = exports.figure_bytes({i: every[i] for i in DEFAULT_LAYERS}, seeds, DEFAULT_AS_OF)
    out = tmp_path / "cli.png"
    assert main(["figure", "--layers", ",".join(DEFAULT_LAYERS), "--as-of", "2013-10-31", "--out", str(out)]) == 0
    assert out.read_bytes() == app_bytes
