"""Issue 23, point 10 (the command line's small truths): ``hypothetical`` is a boolean in the exports,
``shieldmap sources --out`` writes the file instead of printing the list, ``--help`` is plain text (no
reST markup), and the command line's reference (docs/cli.md) lists ``--what-if`` and ``--add`` where the commands
take them."""

import json
import re
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from checks import command_helps
from shieldmap.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
WHAT_IF = "Test site@52,21,300"


def test_hypothetical_is_a_boolean_in_geojson(tmp_path):
    out = tmp_path / "v.geojson"
    assert main(["export", "--layers", "csto", "--what-if", WHAT_IF, "--out", str(out)]) == 0
    features = json.loads(out.read_text())["features"]
    values = {f["properties"]["layer"]: f["properties"].get("hypothetical") for f in features}
    assert values["what_if"] is True  # JSON true, not "True" or 1
    assert values["csto"] is None
    assert '"hypothetical": true' in out.read_text()


def test_hypothetical_is_a_boolean_in_gpkg_and_words_in_csv(tmp_path):
    gpkg, csv = tmp_path / "v.gpkg", tmp_path / "v.csv"
    for out in (gpkg, csv):
        assert main(["export", "--layers", "csto", "--what-if", WHAT_IF, "--out", str(out)]) == 0
    with sqlite3.connect(gpkg) as db:  # GeoPackage's boolean: an INTEGER column declared BOOLEAN
        declared = {row[1]: row[2] for row in db.execute("PRAGMA table_info(what_if)")}
        assert declared["hypothetical"] == "BOOLEAN"
        assert db.execute("SELECT hypothetical FROM what_if").fetchall() == [(1,)]
    table = pd.read_csv(csv, dtype=str, keep_default_na=False)
    assert table.loc[table["layer"] == "what_if", "hypothetical"].tolist() == ["true"]


def test_sources_out_writes_the_file_and_does_not_print_the_list(tmp_path, capsys):
    out = tmp_path / "sources.csv"
    assert main(["sources", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    table = pd.read_csv(out)
    assert len(table) > 100 and "id" in table.columns
    assert printed.strip() == f"wrote {len(table)} sources to {out}"
    assert main(["sources"]) == 0  # without --out: the list
    assert len(capsys.readouterr().out.splitlines()) >= len(table)


@pytest.mark.parametrize("name,text", list(command_helps()))
def test_help_is_plain_text(name, text):
    assert not re.search(r"``|:(func|mod|class|data):`", text), (name, text)


def test_cli_reference_synopsis_lists_what_if_and_add():
    reference = (ROOT / "docs" / "cli.md").read_text()
    synopsis = reference.split("## Synopsis", 1)[1].split("```", 2)[1]
    commands, current = {}, None
    for line in synopsis.splitlines()[1:]:
        if line.startswith("shieldmap "):
            current = line.split()[1]
        commands[current] = commands.get(current, "") + line
    for name in ("export", "analyze", "figure", "cite"):
        assert "--what-if" in commands[name], name
    for name in ("export", "analyze", "figure"):
        assert "--add" in commands[name], name
    assert "--out FILE.csv]" in commands["sources"] or "--out FILE.csv" in commands["sources"]
