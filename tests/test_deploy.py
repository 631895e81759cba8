"""deploy/: the Kubernetes manifests validate against the Kubernetes schemas (kubernetes-validate) and hold what
a clinic needs; the container recipe passes hadolint; checkov finds nothing in either that deploy/.checkov.yaml
does not skip with a reason; the container installs exactly the tested versions; the ConfigMap's clinic file
loads. The real nginx config is exercised end to end by tests/browser/test_replicas.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from questions.clinic import load_clinic_from

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
MANIFESTS = sorted((DEPLOY / "kubernetes").glob("*.yaml"))
CHECKOV_VENV = Path(os.environ.get("INTAKE_CHECKOV_VENV", Path.home() / ".cache" / "intake-checkov"))
ON_CI = os.environ.get("CI") == "true"


def _resources() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in MANIFESTS:
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            found[doc["kind"]] = doc
    return found


def _tool(path: Path | None, why: str) -> Path:
    if path is not None and path.exists():
        return path
    if ON_CI:
        pytest.fail(f"CI=true and {why}", pytrace=False)
    pytest.skip(why)


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_is_valid_kubernetes(path: Path) -> None:
    for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
        kubernetes_validate.validate(doc, kubernetes_validate.latest_version(), strict=True)


def test_a_broken_manifest_is_caught() -> None:
    deployment = _resources()["Deployment"]
    broken = json.loads(json.dumps(deployment))
    broken["spec"]["replicas"] = "three"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, kubernetes_validate.latest_version(), strict=True)


def test_manifests_hold_what_a_clinic_needs() -> None:
    found = _resources()
    assert {
        "Namespace",
        "ConfigMap",
        "Deployment",
        "Service",
        "Ingress",
        "NetworkPolicy",
        "PodDisruptionBudget",
    } <= set(found)
    pod = found["Deployment"]["spec"]["template"]["spec"]
    assert found["Deployment"]["spec"]["replicas"] >= 2
    assert found["Deployment"]["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    (container,) = pod["containers"]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/_stcore/health"
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["runAsNonRoot"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    assert "volumes" in pod
    assert all("configMap" in v for v in pod["volumes"]), "no writable volume: the app writes nothing"
    assert container["resources"]["limits"]["memory"]
    policy = found["NetworkPolicy"]["spec"]
    assert "Egress" in policy["policyTypes"]
    assert policy["egress"] == [], "no egress at all"
    annotations = found["Ingress"]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert annotations["nginx.ingress.kubernetes.io/session-cookie-secure"] == "true"
    assert found["Ingress"]["spec"]["tls"]
    assert found["PodDisruptionBudget"]["spec"]["maxUnavailable"] == 1


def test_the_configmap_clinic_file_loads(tmp_path: Path) -> None:
    clinic_file = tmp_path / "clinic.yaml"
    clinic_file.write_text(_resources()["ConfigMap"]["data"]["clinic.yaml"], encoding="utf-8")
    clinic = load_clinic_from(clinic_file)
    assert clinic.name


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, pinned = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = pinned.strip()
    return pins


def test_the_container_installs_exactly_the_tested_versions() -> None:
    lock = _pins(DEPLOY / "requirements.lock")
    runtime = _pins(ROOT / "requirements.txt")
    assert runtime.items() <= lock.items(), "deploy/requirements.lock disagrees with requirements.txt"
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert "--no-deps -r /tmp/requirements.lock" in dockerfile
    assert re.search(r"^USER 10001", dockerfile, re.MULTILINE), "the app runs as a non-root user"
    assert "/_stcore/health" in dockerfile.split("HEALTHCHECK", 1)[1]
    for name, pinned in runtime.items():
        assert version(name) == pinned, f"{name}: installed {version(name)}, pinned {pinned}"


def test_dockerfile_passes_hadolint() -> None:
    found = shutil.which("hadolint")
    hadolint = _tool(Path(found) if found else None, "hadolint is missing (pip install -r requirements-dev.txt)")
    run = subprocess.run(
        [str(hadolint), "--failure-threshold", "info", str(DEPLOY / "Dockerfile")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_checkov_finds_nothing_unexplained() -> None:
    """Every check checkov runs on the manifests and the Dockerfile passes, or is skipped in deploy/.checkov.yaml
    with the reason written beside it."""
    checkov = _tool(CHECKOV_VENV / "bin" / "checkov", f"checkov is missing ({CHECKOV_VENV}: .ci/run makes it)")
    run = subprocess.run(
        [str(checkov), "--config-file", str(DEPLOY / ".checkov.yaml"), "--directory", str(DEPLOY),
         "--output", "json", "--quiet", "--compact"],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_NO_VERSION_CHECK": "TRUE"},
    )  # fmt: skip
    reports = json.loads(run.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    failed = [
        f"{r.get('check_type')}: {c['check_id']} {c['check_name']} ({c['file_path']}, {c['resource']})"
        for r in reports
        for c in r.get("results", {}).get("failed_checks", [])
    ]
    passed = {r.get("check_type"): r.get("summary", {}).get("passed", 0) for r in reports}
    assert passed.get("kubernetes", 0) > 20, f"checkov ran almost no checks: {passed} {run.stderr[-2000:]}"
    assert passed.get("dockerfile", 0) > 10, f"checkov ran almost no checks: {passed} {run.stderr[-2000:]}"
    assert not failed, "\n".join(failed)
    skips = (DEPLOY / ".checkov.yaml").read_text(encoding="utf-8")
    for line in skips.splitlines():
        if line.strip().startswith("- CKV"):
            assert "#" in line, f"a skipped check needs its reason beside it: {line.strip()}"
