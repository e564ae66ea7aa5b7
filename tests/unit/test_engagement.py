"""Ballistic paths, closest approach and the radar horizon (geo/ballistics.py,
geo/engagement.py, geo/radar_horizon.py): the closed forms against published figures and against an
independent numerical integration of the two-body problem."""

import math

import numpy as np
import pytest

import two_body
from geo.ballistics import EARTH_RADIUS_KM, max_range_km, minimum_energy, trajectory
from geo.engagement import ballistic_path, closest_approach
from geo.geodesy import WGS84
from geo.radar_horizon import first_visible, horizon_km, horizon_ring, visible_altitude_km

TEHRAN, WASHINGTON = (51.389, 35.689), (-77.037, 38.907)
REDZIKOWO, DEVESELU = (17.1075, 54.4789), (24.39, 44.08)  # seeds/sites.csv


def _integrate(speed_kms: float, gamma_rad: float, step_s: float = 0.25):
    """Two-body free flight from the sphere's surface by fourth-order Runge-Kutta, independent of the
    closed forms: (range angle, flight time, highest altitude) at the return to r = R."""
    pos, vel = two_body.launch(speed_kms, gamma_rad)
    t, top = 0.0, 0.0
    while True:
        new_pos, new_vel = two_body.rk4_step(pos, vel, step_s)
        if t > 1 and math.hypot(*new_pos) < EARTH_RADIUS_KM:  # crossed the surface: interpolate the crossing
            before, after = math.hypot(*pos) - EARTH_RADIUS_KM, math.hypot(*new_pos) - EARTH_RADIUS_KM
            share = before / (before - after)
            end = pos + share * (new_pos - pos)
            return math.atan2(end[1], end[0]), t + share * step_s, top
        pos, vel, t = new_pos, new_vel, t + step_s
        top = max(top, math.hypot(*pos) - EARTH_RADIUS_KM)


@pytest.mark.parametrize("range_km, speed, minutes, apogee", [
    (1000, 3.02, 7.9, 240), (2000, 4.11, 11.7, 459), (10_000, 7.20, 32.2, 1319),
])
def test_minimum_energy_flight_matches_the_published_figures(range_km, speed, minutes, apogee):
    flight = minimum_energy(range_km)
    assert flight.burnout_kms == pytest.approx(speed, rel=0.01)
    assert flight.flight_s / 60 == pytest.approx(minutes, rel=0.01)
    assert flight.apogee_km == pytest.approx(apogee, rel=0.01)
    assert flight.gamma_rad == pytest.approx((math.pi - range_km / EARTH_RADIUS_KM) / 4)
    assert flight.kind == "minimum-energy"


@pytest.mark.parametrize("range_km, angle", [(1000, None), (2000, None), (10_000, None), (2000, 60.0), (3000, 15.0)])
def test_closed_form_matches_a_numerical_integration_of_the_two_body_problem(range_km, angle):
    flight = trajectory(range_km, angle)
    psi, seconds, top = _integrate(flight.burnout_kms, flight.gamma_rad)
    assert psi * EARTH_RADIUS_KM == pytest.approx(range_km, rel=1e-4)
    assert seconds == pytest.approx(flight.flight_s, rel=1e-4)
    assert top == pytest.approx(flight.apogee_km, rel=1e-3)


def test_lofted_and_depressed_trajectories_need_more_speed_and_change_height_and_time():
    best = minimum_energy(2000)
    lofted, depressed = trajectory(2000, 60.0), trajectory(2000, 15.0)
    assert (lofted.kind, depressed.kind) == ("lofted", "depressed")
    assert lofted.burnout_kms > best.burnout_kms and depressed.burnout_kms > best.burnout_kms
    assert lofted.apogee_km > best.apogee_km > depressed.apogee_km
    assert lofted.flight_s > best.flight_s > depressed.flight_s
    with pytest.raises(ValueError, match="burnout angle"):
        trajectory(2000, 95.0)
    with pytest.raises(ValueError, match="no ellipse"):
        trajectory(1000, 89.5)  # nearly vertical: only escape speed would come down 1,000 km away


def test_state_time_and_altitude_agree_along_the_flight():
    flight = minimum_energy(10_000)
    times = np.linspace(0, flight.flight_s, 13)
    downrange, altitude = flight.state_at(times)
    assert downrange[0] == 0 and downrange[-1] == pytest.approx(10_000)
    assert altitude[6] == pytest.approx(flight.apogee_km)  # half-way in time is the apogee
    assert flight.altitude_at(downrange) == pytest.approx(altitude, abs=1e-6)
    assert flight.time_at(downrange) == pytest.approx(times, abs=1e-6)
    assert max_range_km(flight.burnout_kms) == pytest.approx(10_000)


def test_tehran_to_washington_passes_redzikowo_close_and_deveselu_far():
    path = ballistic_path(TEHRAN, WASHINGTON)
    assert path.range_km == pytest.approx(10_200, rel=0.01)
    redzikowo, deveselu = closest_approach(path, *REDZIKOWO), closest_approach(path, *DEVESELU)
    assert redzikowo.distance_km == pytest.approx(180, abs=10)
    assert deveselu.distance_km == pytest.approx(900, rel=0.03)
    # brute force along the geodesic every 100 m: the refined minimum is the true one
    samples = np.arange(deveselu.downrange_km - 5, deveselu.downrange_km + 5, 0.1)
    lons, lats = path.points_at(samples)
    _, _, metres = WGS84.inv(np.full(len(lons), DEVESELU[0]), np.full(len(lons), DEVESELU[1]), lons, lats)
    assert deveselu.distance_km == pytest.approx(min(metres) / 1000, abs=0.01)
    assert deveselu.time_s == pytest.approx(path.trajectory.time_at(deveselu.downrange_km))
    assert 3300 < redzikowo.downrange_km < 3400 and 9.9 < redzikowo.time_s / 60 < 10.2
    assert 1100 < redzikowo.altitude_km < 1150


def test_minute_ticks_run_from_launch_to_the_target():
    path = ballistic_path(TEHRAN, WASHINGTON)
    ticks = path.ticks()
    assert len(ticks) == math.ceil(path.trajectory.flight_s / 60) + 1
    assert [t["minute"] for t in ticks[:3]] == [0, 1, 2]
    assert (ticks[0]["lon"], ticks[0]["lat"]) == pytest.approx(TEHRAN)
    assert (ticks[-1]["lon"], ticks[-1]["lat"]) == pytest.approx(WASHINGTON, abs=1e-6)
    assert ticks[-1]["altitude_km"] == pytest.approx(0, abs=1e-6)
    (line,) = path.ground_track().geoms
    assert line.coords[0] == pytest.approx(TEHRAN) and line.coords[-1] == pytest.approx(WASHINGTON)


def test_radar_horizon_ray_trace_inverse_and_ring():
    assert visible_altitude_km(horizon_km(20, 100_000), 20) == pytest.approx(100.0, rel=1e-3)
    assert visible_altitude_km(10.0, 20) < 0.03  # close by, a level beam sees a target a few metres up
    assert visible_altitude_km(1e5, 20) == math.inf
    ring = horizon_ring(24.39, 44.08, 20, 100)
    _, _, metres = WGS84.inv(24.39, 44.08, *ring.exterior.coords[0])
    assert metres / 1000 == pytest.approx(horizon_km(20, 100_000))
    assert horizon_km(20, 100_000, elevation_deg=1.0) < horizon_km(20, 100_000)
    with pytest.raises(ValueError, match="elevation"):
        horizon_km(20, 100_000, elevation_deg=-1)


def test_a_launch_becomes_visible_once_above_the_horizon():
    path = ballistic_path(TEHRAN, WASHINGTON)
    seen = first_visible(path, 37.7936, 38.3494, 2085, instrumented_km=1000)  # Kürecik, on its 2,085 m hill
    horizon, in_range = seen["horizon"], seen["in_range"]
    assert horizon["altitude_km"] >= visible_altitude_km(horizon["distance_km"], 2085)
    assert in_range["time_s"] >= horizon["time_s"] and in_range["distance_km"] <= 1000
    earlier = horizon["time_s"] - 5
    downrange, altitude = path.trajectory.state_at(earlier)
    lons, lats = path.points_at(downrange)
    _, _, metres = WGS84.inv(37.7936, 38.3494, lons[0], lats[0])
    assert altitude[0] < visible_altitude_km(metres / 1000, 2085)
    assert first_visible(path, 140.0, 35.0, 20)["horizon"] is None  # Japan never sees it
