"""Each session key is declared once, by its owner (issue 35.2): the view's by ``ui/session.py``, the page's by
``ui/page_state.py``, each panel's by its ``ui/*_state.py``. Elsewhere (``app.py`` and the rest of ``shieldmap/``)
a key is named through its owner, never as a string of its own: ``st.session_state["..."]`` (or an alias of it),
its ``.get/.setdefault/.pop("...")``, ``.update(...)``, ``"..." in st.session_state``, a widget's ``key="..."``
(an f-string too), or a string constant of a module that is not an owner."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OWNERS = {f"shieldmap/ui/{name}.py" for name in ("session", "page_state", "what_if_state", "play_state",
                                                   "engage_state", "below_state")}
ALLOWED: dict[str, str] = {}
"""Loose keys left outside the owners (key -> why): none. The app's tests name some keys as strings (they drive the
app from outside: ``at.button(key="show_controls")``); they are not scanned."""
MAX_LOOSE = 5
"""At most a handful of loose keys, each in :data:`ALLOWED` with its reason."""
METHODS = {"get", "setdefault", "pop", "update", "keys", "items", "values", "clear", "to_dict"}


def _files(root: Path) -> list[Path]:
    return [root / "app.py", *sorted((root / "shieldmap").rglob("*.py"))]


def _constants(tree: ast.Module) -> dict[str, str]:
    """A module's top-level ``NAME = "string"`` constants."""
    return {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
            for target in node.targets if isinstance(target, ast.Name)}


def _key_text(node, constants: dict[str, str], modules: dict[str, dict[str, str]]) -> list[str]:
    """The string(s) a key expression names when it is not its owner's: a literal, an f-string (its fixed parts,
    ``{}`` for the rest), either side of ``a if c else b``, or a constant of a module that owns no key."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)]
    if isinstance(node, ast.IfExp):
        return _key_text(node.body, constants, modules) + _key_text(node.orelse, constants, modules)
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
        found = modules[node.value.id].get(node.attr)
        return [found] if found is not None else []
    return []


def _is_state(node, aliases: set[str]) -> bool:
    return ((isinstance(node, ast.Attribute) and node.attr == "session_state")
            or (isinstance(node, ast.Name) and node.id in aliases))


def _keys_used(node, aliases: set[str]) -> list:
    """The key expressions one AST node hands to the session state (or to a widget as its key)."""
    found = []
    if isinstance(node, ast.Subscript) and _is_state(node.value, aliases):
        found.append(node.slice)
    elif isinstance(node, ast.Attribute) and _is_state(node.value, aliases) and node.attr not in METHODS:
        found.append(ast.Constant(node.attr))  # st.session_state.name
    elif isinstance(node, ast.Compare) and any(_is_state(c, aliases) for c in node.comparators):
        found.append(node.left)
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and _is_state(func.value, aliases):
            if func.attr in ("get", "setdefault", "pop") and node.args:
                found.append(node.args[0])
            if func.attr == "update":
                found += [ast.Constant(k.arg) for k in node.keywords if k.arg]
                found += [k for a in node.args if isinstance(a, ast.Dict) for k in a.keys if k is not None]
        found += [k.value for k in node.keywords if k.arg == "key"]
    return found


def loose_keys(root: Path = ROOT) -> list[tuple[str, int, str]]:
    """(file, line, key) of every session key named outside its owner under ``root``."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in _files(root)}
    owned = {path.relative_to(root).as_posix() in OWNERS for path in trees}
    assert owned == {True, False}, "the owners have moved: update OWNERS"
    others = {path.stem: _constants(tree) for path, tree in trees.items()
              if path.relative_to(root).as_posix() not in OWNERS}  # a loose key may hide in such a constant
    loose = []
    for path, tree in trees.items():
        name = path.relative_to(root).as_posix()
        if name in OWNERS:
            continue
        aliases = {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign) and _is_state(n.value, set())
                   for t in n.targets if isinstance(t, ast.Name)}
        constants = _constants(tree)
        for node in ast.walk(tree):
            for expression in _keys_used(node, aliases):
                loose += [(name, node.lineno, text) for text in _key_text(expression, constants, others)]
    return sorted(set(loose))


def declared_keys(root: Path = ROOT) -> list[tuple[str, str]]:
    """(owner, key) of every key the owners declare: ``Key("name", ...)`` and top-level ``NAME = "name"``."""
    declared = []
    for owner in sorted(OWNERS):
        tree = ast.parse((root / owner).read_text(encoding="utf-8"))
        declared += [(owner, text) for text in _constants(tree).values()]
        declared += [(owner, node.args[0].value) for node in ast.walk(tree) if isinstance(node, ast.Call)
                     and isinstance(node.func, ast.Subscript) and getattr(node.func.value, "id", "") == "Key"
                     and node.args and isinstance(node.args[0], ast.Constant)]
    return declared


def test_session_keys_are_named_only_by_their_owners():
    loose = loose_keys()
    assert len({key for _f, _l, key in loose}) <= MAX_LOOSE and len(ALLOWED) <= MAX_LOOSE
    assert [item for item in loose if item[2] not in ALLOWED] == []


def test_each_key_is_declared_once():
    declared = declared_keys()
    assert len(declared) > 40  # the owners' keys were found (the view's, the page's, the panels')
    keys = [key for _owner, key in declared]
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


def test_the_scan_finds_every_way_of_naming_a_key(tmp_path):
    """The counter itself: each form of a loose key is found (so the first test cannot pass by missing them)."""
    (tmp_path / "shieldmap" / "ui").mkdir(parents=True)
    for owner in OWNERS:
        (tmp_path / owner).write_text('OWNED = "owned"\n', encoding="utf-8")
    (tmp_path / "app.py").write_text('import streamlit as st\nfrom shieldmap.ui import panel\nst.session_state["a"] = 1\n'
                                     'st.session_state.get("b")\nst.button("x", key=panel.PANEL_KEY)\n'
                                     'st.button("y", key=session.OWNED)\n', encoding="utf-8")
    (tmp_path / "shieldmap" / "ui" / "panel.py").write_text(
        'import streamlit as st\nPANEL_KEY = "c"\n\ndef f(i):\n    state = st.session_state\n'
        '    state.setdefault("d", 0)\n    state.update({"e": 1}, ) or state.update(f=2)\n    return "g" in state, '
        'state.h, st.radio("r", key=f"i_{i}"), st.text_input("t", key="j" if i else "k"), state.pop(PANEL_KEY)\n',
        encoding="utf-8")
    found = sorted(key for _f, _l, key in loose_keys(tmp_path))
    assert found == ["a", "b", "c", "c", "d", "e", "f", "g", "h", "i_{}", "j", "k"]


def test_an_owners_key_reads_its_default_until_set_and_names_its_widget():
    import streamlit as st

    from shieldmap.ui.what_if_state import WhatIfState, what_if

    points, messages = WhatIfState.points, WhatIfState.messages
    points.forget(), messages.forget()
    try:
        assert points.name == "measure_points" and what_if.points == [] and not points.is_set()
        what_if.points = [(52.0, 21.0)]
        assert st.session_state["measure_points"] == [(52.0, 21.0)] and points.is_set()
        points.setdefault([])  # a widget's first value: kept once set
        assert what_if.points == [(52.0, 21.0)]
        what_if.say("a")
        what_if.say("b", "c")
        assert what_if.messages == ["a", "b", "c"] and messages.default == []  # the default is never changed in place
    finally:
        points.forget(), messages.forget()
    assert what_if.points == [] and what_if.messages == []


def test_the_storys_keys_are_the_story_owners():
    """The view the story left and its folding of the sidebar are the story's (ui/play_state.py), not the view's."""
    owners = {key: owner for owner, key in declared_keys()}
    assert owners["layers_before_story"] == owners["fold_sidebar"] == owners["story_start"] == "shieldmap/ui/play_state.py"
