"""The sidebar's layer toggles show their swatches through CSS (issue 24.2): the checkbox's label, which is its
accessible name, holds only its words."""

import base64
import re

from layers.registry import LAYERS
from shieldmap.web import webmap


def test_one_rule_per_layer_with_its_swatch():
    css = webmap.toggle_css(["csto", webmap.user_layer("user_my_file", "my file.csv")])
    rules = css.removeprefix("<style>\n").removesuffix("\n</style>").splitlines()
    assert [r.split(" ")[0] for r in rules] == [".st-key-layer_csto", ".st-key-layer_user_my_file"]
    data = re.search(r'base64,([^"]+)"', rules[0])[1]
    assert base64.b64decode(data).decode() == webmap.swatch("csto", 16)
    assert f'aria-label="{LAYERS["csto"].title}"' in webmap.swatch("csto", 16)


def test_keys_are_made_css_class_safe_as_streamlit_does():
    css = webmap.toggle_css(["nato"], key=lambda i: f" odd key/{i} ")
    assert css.splitlines()[1].startswith(".st-key-odd-key-nato label ")
