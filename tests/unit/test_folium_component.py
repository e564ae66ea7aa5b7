"""streamlit-folium's private functions behave as shieldmap.ui.folium_component expects, and the
installed version is inside the bound pyproject.toml declares (the bound says which were checked)."""

import inspect
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import folium
import streamlit_folium
from packaging.requirements import Requirement
from packaging.version import Version

from shieldmap.ui import folium_component

ROOT = Path(__file__).resolve().parents[2]


def _declared() -> Requirement:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return next(r for r in map(Requirement, dependencies) if r.name == "streamlit-folium")


def test_installed_version_is_inside_an_upper_bound():
    declared = _declared()
    assert any(spec.operator == "<" for spec in declared.specifier), "the private API needs an upper bound"
    assert Version(version("streamlit-folium")) in declared.specifier
    locked = re.search(r"^streamlit-folium==(\S+)$", (ROOT / "requirements.lock").read_text(), re.M).group(1)
    assert Version(locked) in declared.specifier


def test_the_private_names_exist_with_the_parameters_used():
    for name in folium_component.PRIVATE:
        assert callable(getattr(streamlit_folium, name)), name
    assert list(inspect.signature(streamlit_folium._get_feature_group_string).parameters) == [
        "feature_group_to_add", "map", "idx"]
    for name in ("_get_map_string", "_get_header", "_get_html"):
        assert len(inspect.signature(getattr(streamlit_folium, name)).parameters) == 1, name
    assert streamlit_folium._component_func.name == folium_component.COMPONENT_NAME


def _map() -> folium.Map:
    fmap = folium.Map(location=[52.0, 24.0], zoom_start=4, tiles=None)
    fmap.get_root().header.add_child(folium.Element("<style>.probe{color:red}</style>"))
    fmap.get_root().render()
    fmap.render()
    return fmap


def test_map_strings_are_what_the_component_expects():
    fmap = _map()
    folium_id = f"map_{fmap._id}"
    script, header, html, map_id = folium_component.map_strings(fmap)
    assert map_id == "map_div" and folium_id != map_id  # the map is renamed map_div, its div too
    assert "var map_div = L.map(" in script and folium_id not in script + header + html
    assert ".probe{color:red}" in header and "<script src" not in header and '<link rel="stylesheet"' not in header
    assert 'class="folium-map"' not in html


def test_a_group_script_adds_a_numbered_group_to_map_div():
    group = folium.FeatureGroup(name="probe")
    folium.Marker([52.0, 24.0], tooltip="probe").add_to(group)
    script = folium_component.group_script(group, folium.Map(tiles=None), 3)
    assert "var feature_group_feature_group_3 = L.featureGroup(" in script
    assert "map_div.addLayer(feature_group_feature_group_3);" in script and "probe" in script


def test_the_key_depends_on_the_script_and_the_widget_key_only():
    first = folium_component.component_key("var marker_0123abcd = 1;", "map")
    assert first == folium_component.component_key("var marker_99ff = 1;", "map")  # random ids do not count
    assert first != folium_component.component_key("var marker_0123abcd = 1;", "other")
    assert re.fullmatch(r"[0-9a-f]{64}", first)
