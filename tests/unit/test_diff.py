"""What changed between two dates: geo.diff and ``shieldmap diff``."""

import json
import os
import subprocess
import sys

import pytest
from pathlib import Path

from geo.diff import COLUMNS, diff_layers
from layers.registry import LAYER_IDS, build_layers, parse_date
from shieldmap.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def changes(seeds, start, end, ids=LAYER_IDS):
    return diff_layers(build_layers(seeds, ids, parse_date(start)), build_layers(seeds, ids, parse_date(end)))


def test_s300_announcement_added_in_october_2013(seeds):
    table = changes(seeds, "2013-10-01", "2013-10-31")
    row = table.set_index("id").loc["s300-2013-announced"]
    assert (row["layer"], row["change"], row["status_before"], row["status_after"]) == (
        "s300_belarus", "added", None, "announced")
    assert "gsn-2013-10-31" in row["sources"]
    deveselu = table.set_index("id").loc["deveselu"]  # groundbreaking on 28 Oct 2013
    assert (deveselu["change"], deveselu["status_before"], deveselu["status_after"]) == (
        "status", "agreement in force", "under construction")


def test_four_sectors_added_in_late_2010(seeds):
    table = changes(seeds, "2010-06-01", "2011-01-01")
    sectors = table[table["layer"] == "european_sectors"]
    assert {"european-sector-russia", "european-sector-usa", "european-sector-france",
            "european-sector-germany"} <= set(sectors["id"])
    assert set(sectors["change"]) == {"added"}


def test_montenegro_joins_nato_and_reverse_is_removed(seeds):
    table = changes(seeds, "2016-06-01", "2017-07-01", ["nato"])
    assert list(table["id"]) == ["nato-montenegro"] and list(table["change"]) == ["added"]
    back = changes(seeds, "2017-07-01", "2016-06-01", ["nato"])
    assert list(back["change"]) == ["removed"] and list(back["status_before"]) == ["member"]


def test_same_date_no_changes(seeds):
    assert len(changes(seeds, "2012-01-01", "2012-01-01")) == 0


def test_cli_csv_and_json(tmp_path, capsys):
    out = tmp_path / "d.csv"
    assert main(["diff", "--from", "2013-10-01", "--to", "2013-10-31", "--out", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert any(line.startswith("s300_belarus,s300-2013-announced,") and ",added,," in line for line in lines)
    out = tmp_path / "d.json"
    assert main(["diff", "--from", "2016-06-01", "--to", "2017-07-01", "--layers", "nato", "--out", str(out)]) == 0
    document = json.loads(out.read_text())
    assert (document["from"], document["to"]) == ("2016-06-01", "2017-07-01")
    assert document["changes"] == [{"layer": "nato", "id": "nato-montenegro", "name": "Montenegro", "change": "added",
                                    "status_before": None, "status_after": "member",
                                    "sources": "nato-2017-06-05-montenegro;naturalearth-4.1"}]


@pytest.mark.parametrize("args, message", [
    (["--from", "2013-13-01", "--to", "2013-10-31", "--out", "x.csv"], "bad date '2013-13-01'"),
    (["--from", "2013-10-01", "--to", "soon", "--out", "x.csv"], "bad date 'soon'"),
    (["--from", "2013-10-01", "--to", "2013-10-31", "--out", "x.txt"], "cannot tell the diff format of 'x.txt'"),
    (["--from", "2013-10-01", "--to", "2013-10-31", "--layers", "nope", "--out", "x.csv"], "unknown layer id"),
])
def test_cli_bad_arguments_one_line_exit_2(tmp_path, args, message):
    result = subprocess.run([sys.executable, "-m", "shieldmap.cli", "diff", *args], capture_output=True, text=True,
                            timeout=120, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
