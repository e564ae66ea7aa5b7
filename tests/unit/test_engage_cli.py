"""``shieldmap engage``: one row per site with the path's figures, the closest approach, the verdict and
the horizon; GeoJSON with the path, its minute ticks, the sites, their reach and horizon rings; one-line errors."""

import json
import shlex

import pandas as pd
import pytest

from geo.radar_horizon import horizon_km
from shieldmap.cli.main import main
from shieldmap.engagement import parse_path
from shieldmap.view import View


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
    assert land["closest_km"].idxmax() == "deveselu"
    # 2013: neither Aegis Ashore site is in place: not screened, and the row says so
    for site in ("deveselu", "redzikowo"):
        assert table.loc[site, "why"].startswith("not in place at the date")
        assert pd.isna(table.loc[site, "verdict"]) and pd.isna(table.loc[site, "window_s"])
    assert main(["engage", "--from", "tehran", "--to", "washington", "--planned", "--out", str(out)]) == 0
    table = pd.read_csv(out).set_index("site")
    # planned capability: a 3 km/s SM-3 IB at Deveselu never meets the threat above 100 km (no moment given)
    assert table.loc["deveselu", ["interceptor", "interceptor_burnout_kms", "verdict"]].tolist() == ["SM-3 Block IB", 3.0, "no"]
    assert bool(table.loc["deveselu", "not_in_place"])
    assert pd.isna(table.loc["deveselu", "latest_launch_s"]) and pd.isna(table.loc["deveselu", "intercept_time_s"])
    assert table.loc["deveselu", "why"].startswith("out of reach: at 3 km/s")
    assert table.loc["deveselu", "claims"] == "3 km/s (stated): too slow"
    # the Mediterranean ships, a region known within 1,000 km: screened at its best point, and the row says so
    assert "(a region known within 1,000 km: screened at its best point, " in table.loc["aegis-med", "why"]
    assert table.loc["deveselu", "figure_sources"] == "stated"
    assert (table.loc["deveselu", ["boost_s", "delay_s"]] == [180, 60]).all()  # the defaults of timeline.csv
    assert table.loc["kurecik", "horizon_km"] == pytest.approx(horizon_km(2085, 100_000))
    assert table.loc["voronezh-dm-kaliningrad", "instrumented_km"] == 4000
    assert pd.isna(table.loc["ramstein", "verdict"]) and pd.isna(table.loc["ramstein", "horizon_km"])
    assert "spherical non-rotating Earth" in table["model"].iloc[0] and "fastest Kepler arc" in table["model"].iloc[0]


def _engage(tmp_path, *extra):
    out = tmp_path / "e.csv"
    assert main(["engage", "--from", "35.689,51.389", "--to", "38.9072,-77.0369", "--as-of", "2024-08-01",
                 "--boost", "0", "--delay", "0", *extra, "--out", str(out)]) == 0
    return pd.read_csv(out).set_index("site")


def test_the_issue_figures_through_the_command_line(tmp_path):
    for speed, redzikowo, deveselu in ((4.5, 186, -17), (5.5, 400, 161), (6.3, 530, 267)):
        table = _engage(tmp_path, "--burnout", str(speed), "--site", "North Sea@56.5,3.0")
        assert table.loc["redzikowo", "latest_launch_s"] == pytest.approx(redzikowo, abs=max(8, 0.03 * redzikowo))
        assert table.loc["deveselu", "latest_launch_s"] == pytest.approx(deveselu, abs=max(8, 0.03 * abs(deveselu)))
        assert table.loc["redzikowo", "window_s"] == table.loc["redzikowo", "latest_launch_s"]
        north_sea = table.loc["North Sea"]
        if speed == 4.5:
            assert north_sea["verdict"] == "no" and pd.isna(north_sea["latest_launch_s"])
        if speed == 5.5:
            assert north_sea["latest_launch_s"] == pytest.approx(583, abs=17.5)
    boosted = _engage(tmp_path, "--burnout", "5.5")
    out = tmp_path / "b.csv"
    assert main(["engage", "--from", "35.689,51.389", "--to", "38.9072,-77.0369", "--as-of", "2024-08-01",
                 "--boost", "150", "--delay", "0", "--burnout", "5.5", "--out", str(out)]) == 0
    shifted = pd.read_csv(out).set_index("site")
    for site in ("redzikowo", "deveselu"):
        assert shifted.loc[site, "latest_launch_s"] == pytest.approx(boosted.loc[site, "latest_launch_s"] + 150)
        assert shifted.loc[site, "earliest_launch_s"] == pytest.approx(boosted.loc[site, "earliest_launch_s"] + 150)
        assert shifted.loc[site, "window_s"] == pytest.approx(boosted.loc[site, "window_s"])


def test_a_negative_latitude_after_a_space_and_bad_sites(tmp_path, capsys):
    out = tmp_path / "s.geojson"
    assert main(["engage", "--from", "39.03,125.75", "--to", "-10,-160", "--out", str(out)]) == 0
    assert main(["engage", "--from", "tehran", "--to", "washington", "--site", "x@1,2", "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == ("shieldmap: error: site 'x': give :INTERCEPTOR or a "
                                                                 "burnout speed")
    assert main(["engage", "--from", "tehran", "--to", "washington", "--burnout", "12", "--out", str(out)]) == 2
    assert "outside (0, 11]" in capsys.readouterr().err
    assert main(["engage", "--from", "10,0", "--to", "-9.8,179.5", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ("warning: the launch point and target are (nearly) antipodal: the direction of the path is "
                            "arbitrary\n")
    assert "sites as of 2013-10-31: 1 no, 2 not in place;" in captured.out


def test_an_interceptor_for_every_site_and_the_2009_plan(tmp_path):
    out = tmp_path / "iib.csv"
    assert main(["engage", "--from", "tehran", "--to", "washington", "--interceptor", "SM-3 Block IIB", "--out", str(out)]) == 0
    table = pd.read_csv(out).set_index("site")
    assert table.loc["deveselu", "interceptor_burnout_kms"] == 5.5
    assert pd.isna(table.loc["kurecik", "verdict"]) and pd.isna(table.loc["ramstein", "verdict"])  # not interceptor sites
    assert table.loc["deveselu", "interceptor_burnout_kms"] == table.loc["redzikowo", "interceptor_burnout_kms"]
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
    assert path["geometry"]["type"] == "MultiLineString" and path["properties"]["trajectory"] == "lofted"
    ticks = [f for f in features if f["properties"]["kind"] == "tick"]
    assert [t["properties"]["minute"] for t in ticks[:3]] == [0, 1, 2]
    assert {"site", "reach", "horizon"} <= set(kinds)
    horizon = next(f for f in features if f["properties"]["kind"] == "horizon")
    assert horizon["properties"]["target_altitude_km"] == 300


@pytest.mark.parametrize("args, message", [
    (["--from", "atlantis", "--to", "washington"], "bad point 'atlantis'"),
    (["--from", "tehran", "--to", "washington", "--interceptor", "SM-4"], "unknown interceptor 'SM-4'"),
    (["--from", "tehran", "--to", "washington", "--target-altitude", "-5"], "is outside (0, 2000]"),  # the URL's limit
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
    request = View(path="tehran>washington", interceptor="SM-3 Block IIB", target_altitude_km=300)
    query = request.to_query()
    assert {key: query[key] for key in ("path", "interceptor", "target_altitude")} == {
        "path": "tehran>washington", "interceptor": "SM-3 Block IIB", "target_altitude": "300"}
    assert shlex.split(request.command("engage", "x.csv"))[:6] == ["shieldmap", "engage", "--from", "tehran", "--to",
                                                                   "washington"]
    assert parse_path(" 35.7,51.4 > washington ") == ("35.7,51.4", "washington")
    with pytest.raises(ValueError, match="expected FROM>TO"):
        parse_path("tehran")
