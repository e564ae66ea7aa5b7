"""The built wheel works outside the checkout: seeds and borders ship inside it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_installed_wheel_exports_from_another_folder(tmp_path):
    wheels, target, elsewhere = tmp_path / "wheels", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "-w", str(wheels), str(ROOT)], check=True, capture_output=True)
    (wheel,) = wheels.glob("shieldmap-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "SHIELDMAP_SEEDS"} | {"PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import geo.seeds, shieldmap; print(geo.seeds.DEFAULT_DIR)"],
                           cwd=elsewhere, env=env, check=True, capture_output=True, text=True).stdout.strip()
    assert Path(where) == target / "geo" / "seed_data"  # the wheel's copy, not the checkout's seeds/
    out = elsewhere / "map.geojson"
    run = subprocess.run([sys.executable, "-m", "shieldmap.cli", "export", "--layers", "csto", "--out", str(out)],
                         cwd=elsewhere, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    names = {f["properties"]["name"] for f in json.loads(out.read_text())["features"]}
    assert "Belarus" in names and "Russia" in names
    # the Russian catalogue ships compiled in the wheel (make and the Dockerfile compile it before building)
    said = subprocess.run([sys.executable, "-c", "from shieldmap import i18n; i18n.use('ru'); print(i18n._('Layers'))"],
                          cwd=elsewhere, env=env, capture_output=True, text=True)
    assert said.returncode == 0 and said.stdout.strip() == "Слои", said.stderr
