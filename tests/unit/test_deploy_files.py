"""The deployment files: Kubernetes manifests against the Kubernetes API schemas (the PyPI package
kubernetes-validate ships them; strict: unknown fields fail), and what the pieces must agree on.
No cluster or Docker daemon runs here; the single-host recipe runs for real in tests/browser/test_deploy.py."""

import copy
import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from deploy import serve

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
MANIFESTS = ["deployment.yaml", "service.yaml", "ingress.yaml", "hpa.yaml"]


def load(name: str) -> dict:
    return yaml.safe_load((K8S / name).read_text())


def validate(doc: dict) -> None:
    kubernetes_validate.validate(doc, kubernetes_validate.latest_version(), strict=True)


@pytest.mark.parametrize("name", MANIFESTS)
def test_manifest_matches_the_kubernetes_schema(name):
    validate(load(name))


def test_the_schema_check_catches_mistakes():
    broken = copy.deepcopy(load("deployment.yaml"))
    broken["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["paht"] = "/"
    with pytest.raises(kubernetes_validate.ValidationError):
        validate(broken)
    broken = copy.deepcopy(load("hpa.yaml"))
    broken["spec"]["maxReplicas"] = "ten"
    with pytest.raises(kubernetes_validate.ValidationError):
        validate(broken)


def test_kustomization_lists_every_manifest():
    assert sorted(load("kustomization.yaml")["resources"]) == sorted(MANIFESTS)


def test_the_pieces_agree():
    deployment, service, ingress, hpa = (load(n) for n in MANIFESTS)
    pod = deployment["spec"]["template"]
    container = pod["spec"]["containers"][0]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
    assert service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    assert container["readinessProbe"]["httpGet"]["path"] == "/_stcore/health"
    port = container["ports"][0]["containerPort"]
    assert service["spec"]["ports"][0]["targetPort"] == container["ports"][0]["name"]
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"  # websocket + page on one pod
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment",
                                             "name": deployment["metadata"]["name"]}
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    assert "cpu" in container["resources"]["requests"]  # CPU utilisation needs a request
    assert container["volumeMounts"][0]["mountPath"] == "/app/static/layers"

    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"EXPOSE {port}" in dockerfile and f'"--server.port", "{port}"' in dockerfile
    assert re.search(r'CMD \["streamlit", "run", "app.py"', dockerfile)
    assert "python -m shieldmap.web.assets static" in dockerfile


def _pins(path) -> dict[str, str]:
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", path.read_text(), re.M))


def test_the_image_installs_the_lock_before_the_code_and_holds_one_copy_of_it():
    steps = [line.split(None, 1) for line in (ROOT / "Dockerfile").read_text().splitlines()
             if line and not line.startswith((" ", "#"))]
    final = steps[max(i for i, (word, _) in enumerate(steps) if word == "FROM"):]
    copies = [rest for word, rest in final if word == "COPY"]
    assert copies[0] == "requirements-app.lock ./"  # the dependency layer depends on the lock alone
    install = next(i for i, (word, rest) in enumerate(final) if word == "RUN" and "requirements-app.lock" in rest)
    assert [rest for word, rest in final[:install] if word == "COPY"] == ["requirements-app.lock ./"]
    code = {"geo", "layers", "shieldmap", "seeds", "."}  # the packages reach the image as one wheel
    assert not [c for c in copies if c.split()[0].rstrip("/") in code], copies


def test_the_apps_lock_has_the_pins_of_the_full_lock_for_every_runtime_dependency():
    import tomllib
    from packaging.requirements import Requirement
    app, full = _pins(ROOT / "requirements-app.lock"), _pins(ROOT / "requirements.lock")
    assert app and all(full.get(name) == version for name, version in app.items())
    runtime = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert {Requirement(r).name.lower() for r in runtime} <= {name.lower() for name in app}
    assert "pytest" not in app and "playwright" not in app  # no test tools in the image


def test_systemd_units_run_the_app_with_the_production_settings():
    command = serve.app_command("app.py", 8501)
    assert command[-6:] == ["run", "app.py", "--server.address", "127.0.0.1", "--server.port", "8501"]
    assert not any("fileWatcher" in word or "runOnSave" in word for word in command)  # from config.toml
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert 'fileWatcherType = "none"' in config and "runOnSave = false" in config
    target = (ROOT / "deploy" / "systemd" / "shieldmap.target").read_text()
    assert "shieldmap@8501.service" in target and "shieldmap-nginx.service" in target


def test_rendered_nginx_conf_caches_layer_files(tmp_path):
    conf = serve.render_conf(tmp_path, "0.0.0.0:80", ["127.0.0.1:8501", "127.0.0.1:8502"])
    assert "listen 0.0.0.0:80;" in conf
    assert "location /app/static/layers/" in conf and "immutable" in conf
    assert "server 127.0.0.1:8502" in conf
    assert not any(field in conf for field in ("@USER@", "@PREFIX@", "@LISTEN@", "@SERVERS@"))
    assert "listen 127.0.0.1:8080;" in serve.render_conf(tmp_path, 8080, ["127.0.0.1:8501"])


def test_every_upload_limit_agrees_with_the_stated_file_limit(tmp_path):
    """A file of the stated limit (5 MiB) passes every layer, with its multipart framing (1 MiB, Streamlit's
    own margin); nginx's default 1m refused a 1.5 MB file with 413 while the label said 5 MiB."""
    import tomllib

    from geo.uploads import MAX_BYTES

    framing = 1024 * 1024
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES + framing
    conf = serve.render_conf(tmp_path, 8080, ["127.0.0.1:8501"])
    sizes = re.findall(r"^\s*client_max_body_size\s+(\d+)m;", conf, re.M)
    assert sizes == ["6"] and int(sizes[0]) * 1024 * 1024 == MAX_BYTES + framing
    body = load("ingress.yaml")["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-body-size"]
    assert int(body.rstrip("m")) * 1024 * 1024 == MAX_BYTES + framing
    app = (ROOT / "shieldmap" / "ui" / "sidebar.py").read_text()
    assert "max_upload_size=MAX_BYTES // 2**20" in app  # what the browser checks (and says) per file
    assert MAX_BYTES == 5 * 1024 * 1024


def test_the_layer_folder_is_capped_where_the_app_runs():
    from shieldmap.web import layer_files

    deployment = load("deployment.yaml")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e["value"] for e in container["env"]}
    volume = deployment["spec"]["template"]["spec"]["volumes"][0]
    size_mb = int(volume["emptyDir"]["sizeLimit"].removesuffix("Mi")) * 1024 * 1024 / 1_000_000
    assert float(env[layer_files.MAX_MB_ENV]) < size_mb  # the cap (with the .gz files) below the eviction limit
    assert int(env[layer_files.MAX_FILES_ENV]) > 0
    unit = (ROOT / "deploy" / "systemd" / "shieldmap@.service").read_text()
    assert f"{layer_files.MAX_FILES_ENV}=" in unit and f"{layer_files.MAX_MB_ENV}=" in unit
    conf = serve.render_conf(Path("/tmp"), 8080, ["127.0.0.1:8501"])
    layers = conf[conf.index("location /app/static/layers/"):]
    layers = layers[:layers.index("}")]
    assert "proxy_set_header Accept-Encoding gzip;" in layers and "gunzip on;" in layers  # one cached variant


def test_the_image_compiles_the_translations_into_the_wheel():
    """The .mo files are not in git: the wheel stage has the build hook (setup.py, which compiles them with the Babel
    the build requires; tests/packaging/test_wheel.py builds a wheel from a clean clone) before it builds."""
    import tomllib
    text = (ROOT / "Dockerfile").read_text()
    wheel_stage = text[text.index("AS wheel"):text.index("FROM", text.index("AS wheel"))]
    copy_at, build_at = wheel_stage.find("COPY pyproject.toml setup.py "), wheel_stage.find("pip wheel")
    assert 0 < copy_at < build_at
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    assert any(r.startswith("babel") for r in requires)
    assert "compile_catalogue" in (ROOT / "setup.py").read_text()


def test_the_app_runs_under_an_init():
    """PID 1 is tini (Debian's package), which reaps orphaned workers; the Deployment keeps the image's
    ENTRYPOINT (a ``command`` would replace it)."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    final = dockerfile[dockerfile.rindex("\nFROM "):]
    assert re.search(r"^RUN apt-get update && apt-get install -y --no-install-recommends tini\b", final, re.M)
    assert re.search(r'^ENTRYPOINT \["/usr/bin/tini", "--"\]$', final, re.M)
    container = load("deployment.yaml")["spec"]["template"]["spec"]["containers"][0]
    assert "command" not in container


def test_the_upstream_header_is_off_unless_asked_for(tmp_path):
    """Each backend's internal address in a response header only with --upstream-header."""
    conf = serve.render_conf(tmp_path, "0.0.0.0:80", ["10.0.0.7:8501", "10.0.0.8:8501"])
    assert serve.UPSTREAM_HEADER not in conf and "@UPSTREAM_HEADER@" not in conf
    out = tmp_path / "nginx.conf"
    assert serve.main(["--render", str(out), "--port", "0.0.0.0:80", "--backends", "10.0.0.7:8501"]) == 0
    assert serve.UPSTREAM_HEADER not in out.read_text()
    assert serve.main(["--render", str(out), "--port", "0.0.0.0:80", "--backends", "10.0.0.7:8501",
                       "--upstream-header"]) == 0
    asked = out.read_text()
    assert asked.count(f"add_header {serve.UPSTREAM_HEADER} $upstream_addr always;") == 2
    assert "@UPSTREAM_HEADER@" not in asked
