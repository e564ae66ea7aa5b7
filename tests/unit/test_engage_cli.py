"""``shieldmap engage``: one row per site with the path's figures, the closest approach, the verdict and
the horizon; GeoJSON with the path, its minute ticks, the sites, their reach and horizon rings; one-line errors."""

import json
import shlex

import pandas as pd
import pytest

from shieldmap.cli.main import main
from shieldmap.engagement import EngageRequest, parse_path


def test_csv_has_a_row_per_site_with_the_path_the_approach_and_the_verdict(tmp_path, capsys):
    out = tmp_path / "engage.csv"
    assert main(["engage", "--from", "tehran", "--to", "washington", "--out", str(out)]) == 0
    assert "10,198 km" in capsys.readouterr().out
    table = pd.read_csv(out).set_index("site")
    assert table["range_km"].iloc[0] == pytest.approx(10_200, rel=0.01)
    assert table["flight_min"].iloc[0] == pytest.approx(32.6, abs=0.1)
    assert table.loc["redzikowo", "closest_km"] == pytest.approx(180, abs=10)
    assert table.loc["deveselu", "closest_km"] == pytest.approx(900, rel=0.03)
    land = table.loc[["deveselu", "redzikowo"]]
    assert land["closest_km"].idxmax() == "deveselu" and land["relative_margin"].idxmin() == "deveselu"  # as the GAO found
    assert table.loc["deveselu", ["interceptor", "interceptor_burnout_kms", "verdict"]].tolist() == ["SM-3 Block IB", 3.0, "no"]
    assert table.loc["redzikowo", ["interceptor", "verdict"]].tolist() == ["SM-3 Block IIA", "yes"]
    assert table.loc["deveselu", "figure_sources"] == "stated"
    assert table.loc["kurecik", "horizon_km"] == pytest.approx(4.12 * (2085 ** 0.5 + 100_000 ** 0.5), rel=1e-5)
    assert table.loc["voronezh-dm-kaliningrad", "instrumented_km"] == 4000
    assert pd.isna(table.loc["ramstein", "verdict"]) and pd.isna(table.loc["ramstein", "horizon_km"])
    assert "spherical non-rotating Earth" in table["model"].iloc[0] and "kinematic screen" in table["model"].iloc[0]


def test_an_interceptor_for_every_site_and_the_2009_plan(tmp_path):
    out = tmp_path / "iib.csv"
    assert main(["engage", "--from", "tehran", "--to", "washington", "--interceptor", "SM-3 Block IIB", "--out", str(out)]) == 0
    table = pd.read_csv(out).set_index("site")
    assert table.loc["deveselu", "interceptor_burnout_kms"] == 5.5
    assert pd.isna(table.loc["kurecik", "verdict"]) and pd.isna(table.loc["ramstein", "verdict"])  # not interceptor sites
    assert table.loc["deveselu", "relative_margin"] < table.loc["redzikowo", "relative_margin"]
    out = tmp_path / "gbi.csv"
    assert main(["engage", "--from", "35.689,51.389", "--to", "washington", "--as-of", "2009-01-01",
                 "--interceptor", "GBI=gbi-postol-9", "--out", str(out)]) == 0
    table = pd.read_csv(out).set_index("site")
    assert table.loc["redzikowo-gbi", ["interceptor_burnout_kms", "claimed_by"]].tolist() == [9.0, "Theodore Postol (MIT)"]
    assert table["launch"].iloc[0] == "35.689,51.389"


def test_geojson_has_the_path_its_minute_ticks_the_sites_reach_and_horizons(tmp_path):
    out = tmp_path / "engage.geojson"
    assert main(["engage", "--from", "semnan", "--to", "berlin", "--target-altitude", "300",
                 "--burnout-angle", "60", "--out", str(out)]) == 0
    features = json.loads(out.read_text())["features"]
    kinds = [f["properties"]["kind"] for f in features]
    path = features[0]
    assert path["geometry"]["type"] == "LineString" and path["properties"]["trajectory"] == "lofted"
    ticks = [f for f in features if f["properties"]["kind"] == "tick"]
    assert [t["properties"]["minute"] for t in ticks[:3]] == [0, 1, 2]
    assert {"site", "reach", "horizon"} <= set(kinds)
    horizon = next(f for f in features if f["properties"]["kind"] == "horizon")
    assert horizon["properties"]["target_altitude_km"] == 300


@pytest.mark.parametrize("args, message", [
    (["--from", "atlantis", "--to", "washington"], "bad point 'atlantis'"),
    (["--from", "tehran", "--to", "washington", "--interceptor", "SM-4"], "unknown interceptor 'SM-4'"),
    (["--from", "tehran", "--to", "washington", "--target-altitude", "-5"], "is outside (0, 5000]"),
    (["--from", "tehran", "--to", "tehran"], "less than 1 km apart"),
])
def test_bad_arguments_are_one_line_and_exit_2(tmp_path, capsys, args, message):
    try:
        code = main(["engage", *args, "--out", str(tmp_path / "x.csv")])
    except SystemExit as exit_:  # argparse's own check (the parser's one-line error)
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_bad_output_file_is_refused(tmp_path, capsys):
    assert main(["engage", "--from", "tehran", "--to", "washington", "--out", str(tmp_path / "x.kml")]) == 2
    assert "give a .csv or .geojson file" in capsys.readouterr().err


def test_the_request_in_the_url_and_on_the_command_line():
    request = EngageRequest("tehran", "washington", interceptor="SM-3 Block IIB", target_altitude_km=300)
    assert request.to_query() == {"path": "tehran>washington", "interceptor": "SM-3 Block IIB", "target_altitude": "300"}
    assert shlex.split(request.command("x.csv"))[:6] == ["shieldmap", "engage", "--from", "tehran", "--to", "washington"]
    assert parse_path(" 35.7,51.4 > washington ") == ("35.7,51.4", "washington")
    with pytest.raises(ValueError, match="expected FROM>TO"):
        parse_path("tehran")
