"""The map's pieces for keyboard and screen-reader users (issue 24, point 2): ``a11y.js`` and ``a11y.css``
(:mod:`shieldmap.web.scripts`) set up on the base map (:class:`Accessible`: the map's region, its
features list, named markers), and the text description of a view with the frame's title
(:func:`description_group`: a feature group the app adds with the view's layers, rendered once per text).

Texts go to the browser as JSON (:func:`shieldmap.web.scripts.script_json`) and are set as text there,
never as HTML.
"""

from __future__ import annotations

import folium
from branca.element import Template

from shieldmap import i18n
from shieldmap.i18n import N_, _
from shieldmap.web.scripts import script_json
from shieldmap.web.what_if_style import WHAT_IF_LAYER
from layers.registry import LAYERS

LANG = "en"
"""The page's language where it says none (the HTML export; streamlit-folium's frame says ``en``)."""
MAP_LABEL = N_("Interactive map")
LIST_LABEL = N_("Features")
OPENED = N_("Opened:")
DESCRIBED = N_("What the map shows")


class Accessible(folium.MacroElement):
    """Added to the base map: ``shieldmapAccessible`` (``a11y.js``) with the labels and the layers' titles."""

    _template = Template("""{% macro script(this, kwargs) %}
        shieldmapAccessible({{ this._parent.get_name() }}, {{ this.config }});
    {% endmacro %}""")

    def __init__(self):
        super().__init__()
        self._name = "Accessible"
        titles = {i: _(layer.title) for i, layer in LAYERS.items()} | {WHAT_IF_LAYER.id: _(WHAT_IF_LAYER.title)}
        lang = i18n.current() if i18n.current() != i18n.DEFAULT else LANG  # the words below are in it
        self.config = script_json({"lang": lang, "label": _(MAP_LABEL), "list": _(LIST_LABEL), "layers": titles,
                                   "opened": _(OPENED), "described": _(DESCRIBED)})


class _Describe(folium.MacroElement):
    _template = Template("""{% macro script(this, kwargs) %}
        shieldmapDescribe({{ this._parent._parent.get_name() }}, {{ this.title }}, {{ this.text }});
    {% endmacro %}""")

    def __init__(self, title: str, text: str):
        super().__init__()
        self._name = "Describe"
        self.title, self.text = script_json(title), script_json(text)


def description_group(title: str, text: str) -> folium.FeatureGroup:
    """A group that sets the map frame's ``title`` and its region's description ``text`` (plain text)."""
    group = folium.FeatureGroup(name="Description")
    _Describe(title, text).add_to(group)
    return group
