"""Issue 36, point 8: every bad input of the real command is one line on stderr and exit 2, found before the
expensive step (no traceback, no warning, no memory blow-up); a title is text, drawn as written."""

import os
import subprocess
import sys
import time

import pytest

from geo import ballistics


def run(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "shieldmap.cli", *args], capture_output=True, text=True,
                          timeout=timeout)


def one_line_exit_2(result, message: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr and "Warning" not in result.stderr
    assert message in result.stderr, result.stderr


@pytest.mark.parametrize("target", ["0,0.399550410727", "0,0.399352632686"])
def test_a_flight_near_escape_speed_is_refused_before_it_is_sampled(tmp_path, target):
    """0,0.399550410727 raised NumPy's ArrayMemoryError; 0,0.399352632686 ran 150 s at 2.2 GB."""
    began = time.monotonic()
    result = run("engage", "--from", "0,0", "--to", target, "--burnout-angle", "89.9", "--out", str(tmp_path / "x.csv"))
    one_line_exit_2(result, "over the 3 h computed")
    assert time.monotonic() - began < 30
    assert not (tmp_path / "x.csv").exists()


def test_the_flight_bound_is_checked_on_the_trajectory():
    """Just under the bound passes (a lofted 1,000 km flight at 86.8 deg: 3.0 h), just over is refused."""
    assert ballistics.Trajectory(1000, 1.5157).flight_s == pytest.approx(ballistics.MAX_FLIGHT_S, rel=0.02)
    assert ballistics.Trajectory(1000, 1.5150).flight_s < ballistics.MAX_FLIGHT_S
    with pytest.raises(ValueError, match="over the 3 h computed"):
        ballistics.Trajectory(1000, 1.5170)


@pytest.mark.parametrize("make", ["device", "fifo", "folder"])
def test_export_add_refuses_what_is_not_a_regular_file(tmp_path, make):
    """/dev/zero passed the size check (stat says 0) and was read until MemoryError; a pipe blocked."""
    path = {"device": "/dev/zero", "folder": str(tmp_path)}.get(make)
    if make == "fifo":
        path = str(tmp_path / "pipe")
        os.mkfifo(path)
    result = run("export", "--add", path, "--out", str(tmp_path / "x.geojson"), timeout=30)
    one_line_exit_2(result, f"{path}: not a regular file (a device, pipe or folder): give a file")


def test_export_add_reads_a_regular_file_no_further_than_the_limit(tmp_path):
    from geo.uploads import MAX_BYTES

    big = tmp_path / "big.csv"
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    result = run("export", "--add", str(big), "--out", str(tmp_path / "x.geojson"))
    one_line_exit_2(result, "big.csv: the file is 5.0 MiB (5,242,881 bytes), over the 5.0 MiB (5,242,880 bytes) limit")


def test_a_title_is_text_not_mathtext(tmp_path):
    """'$\\foo$' was a 4-line mathtext error: now it is drawn as written."""
    out = tmp_path / "f.svg"
    result = run("figure", "--title", "$\\foo$ costs $5 & $6", "--out", str(out), timeout=120)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert ">$\\foo$ costs $5 &amp; $6</text>" in out.read_text()


@pytest.mark.parametrize("bbox", ["0,0,1e-9,1e-9", "10,50,10.4,60", "10,50,20,50.3"])
def test_a_bbox_too_small_to_draw_is_refused(tmp_path, bbox):
    """0,0,1e-9,1e-9 printed a GeoPandas warning."""
    result = run("figure", f"--bbox={bbox}", "--out", str(tmp_path / "f.png"))
    one_line_exit_2(result, f"bad bbox '{bbox}': it must span at least 0.5 degrees from W to E and from S to N")


def test_an_extent_at_sea_is_drawn_without_a_warning(tmp_path):
    result = run("figure", "--bbox=-40,40,-35,45", "--out", str(tmp_path / "f.png"), timeout=120)
    assert result.returncode == 0 and result.stderr == "", result.stderr
