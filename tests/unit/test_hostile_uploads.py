"""Hostile uploads (issue 15): each generated file is answered within 5 s with peak memory growth
under 500 MB, in the app's reader and through ``shieldmap export --add``; killed workers, CSV
formulas, reserved names and URL values."""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import time
from pathlib import Path

import pandas
import pyogrio
import pytest

from hostile_files import CASES, FORMULAS
from geo import export, uploads
from geo.uploads import WorkerLimits, read_uploads
from shieldmap.view import SHOWN_MAX, from_query

ROOT = Path(__file__).resolve().parents[2]
SECONDS, GROWTH = 5.0, 500 * 1024 * 1024


def _maxrss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _check(case: str, results, errors) -> str:
    expect = CASES[case][1]
    if expect.startswith("ok:"):
        assert not errors, errors
        assert any(expect[3:] in message for message in results[0].messages), results[0].messages
        return "; ".join(results[0].messages)
    assert not results and len(errors) == 1 and expect in errors[0], errors
    assert "\n" not in errors[0] and "Traceback" not in errors[0]
    return errors[0]


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_is_answered_quickly_in_bounded_memory(case):
    filename, data = CASES[case][0]()
    read_uploads([("warm.csv", b"lat,lon\n50,10\n")])  # the worker's forkserver is started once
    before, peaks = _maxrss(), []
    start = time.perf_counter()
    results, errors = read_uploads([(filename, data)], peaks=peaks)
    elapsed = time.perf_counter() - start
    growth = _maxrss() - before
    answer = _check(case, results, errors)
    print(f"{case}: {elapsed:.2f} s, parent +{growth / 2**20:.0f} MB, worker +{(peaks[0] or 0) / 2**20:.0f} MB: "
          f"{answer[:120]}")
    assert elapsed < SECONDS and growth < GROWTH
    assert peaks[0] is None or peaks[0] < GROWTH


def test_the_worker_limits_give_one_line_naming_the_file_and_limit(monkeypatch):
    filename, data = CASES["huge_name"][0]()
    monkeypatch.setattr(uploads, "WORKER", WorkerLimits(cpu_seconds=8, memory_bytes=1024 * 1024, timeout=20))
    _, errors = read_uploads([(filename, data)])
    assert errors[0].startswith("huge_name.geojson: ") and "1.0 MiB memory limit" in errors[0]
    filename, data = CASES["star_201"][0]()
    monkeypatch.setattr(uploads, "WORKER", WorkerLimits(cpu_seconds=8, timeout=0.01))
    _, errors = read_uploads([(filename, data)])
    assert errors == ["star_201.geojson: reading it took longer than the 0.01 s limit"]


def test_csv_export_neutralises_formulas_in_text_cells_only():
    filename, data = CASES["formula_cells"][0]()
    results, _ = read_uploads([(filename, data)])
    text = export.export_bytes({results[0].layer_id: results[0].frame}, "csv").decode()
    for formula in FORMULAS:
        assert ("'" + formula).replace('"', '""') in text
    frame = pandas.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert set(frame["value"]) == {"-3.5"}  # a number stays a number
    assert all(name.startswith("'") for name in frame["name"])


def test_reserved_names_keep_every_download_working():
    results, errors = read_uploads([CASES["reserved_names"][0](), CASES["reserved_csv"][0]()])
    assert not errors
    layers = {r.layer_id: r.frame for r in results}
    for fmt in export.FORMATS:
        assert export.export_bytes(layers, fmt)
    gpkg = export.export_bytes(layers, "gpkg")
    frame = pyogrio.read_dataframe(io.BytesIO(gpkg), layer="user_reserved")
    assert {"prop_fid", "prop_geom", "prop_OGC_FID"} <= set(frame.columns)


def test_url_values_are_quoted_cut_and_plain():
    link = "[click](https://evil.example/" + "x" * 500 + ")"
    _, warnings = from_query({"layers": link, "as_of": link, "basemap": link}, (uploads_date(2010), uploads_date(2014)))
    assert len(warnings) == 3
    for warning in warnings:
        assert "x" * SHOWN_MAX not in warning and "'[click](https://evil.example/" in warning and "…'" in warning


def uploads_date(year):
    import datetime as dt

    return dt.date(year, 1, 1)


def _cli(tmp_path, *files) -> tuple[subprocess.CompletedProcess, float, int]:
    """Run ``shieldmap export --add FILES`` in a child; its time and peak RSS (via a wrapper process)."""
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")
    command = [sys.executable, "-c", wrapper, sys.executable, "-m", "shieldmap.cli", "export",
               "--out", str(tmp_path / "out.geojson"), "--add", *map(str, files)]
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT),
                         "PATH": "/usr/bin:/bin"}, timeout=300)
    elapsed = time.perf_counter() - start
    rss, code = run.stdout.strip().splitlines()[-1].split()
    return subprocess.CompletedProcess(run.args, int(code), run.stdout, run.stderr), elapsed, int(rss) * 1024


def test_the_same_through_shieldmap_export_add(tmp_path):
    paths = []
    for case, (make, _) in CASES.items():
        filename, data = make()
        (tmp_path / case).mkdir()
        paths.append(tmp_path / case / filename)
        paths[-1].write_bytes(data)
    baseline, base_time, base_rss = _cli(tmp_path, ROOT / "tests/data/uploads/points.csv")
    assert baseline.returncode == 0, baseline.stderr
    refused = [p for p, (_, expect) in zip(paths, CASES.values()) if not expect.startswith("ok:")]
    accepted = [p for p, (_, expect) in zip(paths, CASES.values()) if expect.startswith("ok:")]
    for group, code in ((refused, 2), (accepted, 0)):
        run, elapsed, rss = _cli(tmp_path, *group)
        print(f"export --add {len(group)} files: {elapsed:.1f} s (one file: {base_time:.1f} s), "
              f"peak RSS {rss / 2**20:.0f} MB (one small file: {base_rss / 2**20:.0f} MB)")
        assert run.returncode == code, run.stderr
        assert elapsed < base_time + SECONDS * len(group) and rss - base_rss < GROWTH
        if code == 2:
            lines = run.stderr.strip().splitlines()
            assert len(lines) == len(group)
            for path, line in zip(group, lines):
                expect = CASES[path.parent.name][1]
                assert line.startswith(f"shieldmap: error: {path.name}: ") and expect in line


def test_a_huge_name_stays_small_on_the_map_and_in_the_html_export(tmp_path):
    from shieldmap.web import webmap
    from shieldmap.web.html_export import build_map

    results, _ = read_uploads([CASES["huge_name"][0]()])
    frame = results[0].frame
    assert len(frame["name"].iloc[0]) == 200 and len(frame["prop_name"].iloc[0]) > 5_000_000  # exports keep it
    shown = webmap.script_json(webmap.layer_geojson(uploads.for_display(frame), lambda ids: []))
    assert len(shown) < 100_000
    assert build_map({results[0].layer_id: frame}, None, uploads_date(2013))  # uploads are not refused
