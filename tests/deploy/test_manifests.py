"""Offline validation of the deployment files: deploy/k8s, docker-compose.yml, Dockerfile.

Nothing here needs a network, Docker, kubectl or kustomize:
- Kubernetes documents are the ones the kustomizations list (`resources:` resolved
  recursively here, in Python) and are validated with kubernetes-validate, strict,
  against Kubernetes 1.33. A kind it has no schema for (a CRD) is a failure, not the
  library's WARN.
- docker-compose.yml is validated with check-jsonschema's vendored compose-spec.
- Then the platform's own rules: probes, resources, non-root, exec-form commands,
  HPA/PDB/Service per Deployment, one-shot migrations, config and secrets by reference;
  the sandbox payment provider runs in compose (dev) and never ships (image, wheel, k8s).

Packages: pytest, PyYAML, kubernetes-validate, check-jsonschema.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import tomllib
import warnings
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urlsplit

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
BASE = K8S / "base"
SECRET_EXAMPLE = BASE / "secret.example.yaml"
COMPOSE_FILE = ROOT / "docker-compose.yml"
POSTGRES_INIT = ROOT / "deploy" / "compose" / "postgres-init.sql"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
PYPROJECT = ROOT / "pyproject.toml"

KUBERNETES_VERSION = "1.33"
KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")

SERVICES = ("identity", "orders", "notifications", "billing", "coworking", "support")
GATEWAY = "gateway"
WEB = "web"
WORKLOADS = SERVICES + (GATEWAY, WEB)
INFRASTRUCTURE = ("rabbitmq", "postgres", "redis", "mailpit")
APP_UID = 10001
CONFIG_MAP = "platform-config"
SECRET = "platform-secrets"

GATEWAY_COMMAND = ["gunicorn", "--config", "python:gateway.gunicorn_conf", "gateway.wsgi:app"]
WEB_COMMAND = ["gunicorn", "--config", "python:web.gunicorn_conf", "web.wsgi:app"]
#: each HTTP workload's command, container port and readiness path (services: kit.runner, 8000, /readyz)
HTTP_WORKLOADS = {GATEWAY: (GATEWAY_COMMAND, 8080, "/readyz?scope=local"),
                  WEB: (WEB_COMMAND, 8081, "/readyz?scope=local")}
# the sandbox payment provider: a development stand-in, in compose only
SANDBOX = "sandbox-provider"
SANDBOX_COMMAND = ["python", "-m", "sandbox"]
SHELLS = {"sh", "bash", "/bin/sh", "/bin/bash", "/usr/bin/env"}


def service_command(name: str) -> list[str]:
    return ["python", "-m", "kit.runner", name]


def migrate_command(name: str) -> list[str]:
    return ["python", "-m", "kit.migrate", name]


# Environment of each process (same names in compose and Kubernetes).
NAMEKO_ENV = {"AMQP_URI", "AMQP_QUEUE_TYPE", "DATABASE_URL", "REDIS_URL", "LOG_LEVEL", "PUBLIC_BASE_URL",
              "EVENTLET_NO_GREENDNS", "WEB_SERVER_ADDRESS"}
REQUIRED_ENV = {
    "identity": NAMEKO_ENV | {"JWT_SECRET", "BOOTSTRAP_ADMIN_EMAIL", "BOOTSTRAP_ADMIN_PASSWORD"},
    "orders": NAMEKO_ENV | {"TICKET_SIGNING_SECRET", "ATTACHMENTS_DIR", "AUTO_CONFIRM_DEFAULT"},
    "notifications": NAMEKO_ENV | {"SMTP_HOST", "SMTP_PORT", "SMTP_FROM", "SMS_API_URL", "PUSH_API_URL",
                                   "TELEGRAM_API_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET",
                                   "DELIVERY_MAX_ATTEMPTS", "DELIVERY_RETRY_BASE"},
    "billing": NAMEKO_ENV | {"PAYMENT_WEBHOOK_SECRET", "PAYMENT_PROVIDER", "SANDBOX_PROVIDER_URL",
                             "YOOKASSA_SHOP_ID", "YOOKASSA_SECRET_KEY"},
    "coworking": NAMEKO_ENV | {"TICKET_HOLD_TTL", "TICKET_SWEEP_INTERVAL"},
    "support": NAMEKO_ENV | {"ATTACHMENTS_DIR"},
    "gateway": {"AMQP_URI", "REDIS_URL", "JWT_SECRET", "LOG_LEVEL", "PUBLIC_BASE_URL", "HOST", "PORT",
                "RPC_TIMEOUT", "GATEWAY_WORKERS", "GATEWAY_THREADS"},
    # the web app: the API over HTTP only (no AMQP_URI, no DATABASE_URL), sessions in Redis
    "web": {"REDIS_URL", "WEB_SECRET_KEY", "LOG_LEVEL", "PUBLIC_BASE_URL", "GATEWAY_URL", "WEB_HOST", "WEB_PORT",
            "WEB_WORKERS", "WEB_THREADS"},
}
# Values that carry credentials: Kubernetes reads them only from the Secret.
SECRET_ENV = {"AMQP_URI", "DATABASE_URL", "REDIS_URL", "JWT_SECRET",
              "BOOTSTRAP_ADMIN_PASSWORD", "PAYMENT_WEBHOOK_SECRET", "YOOKASSA_SECRET_KEY",
              "TICKET_SIGNING_SECRET", "SMTP_PASSWORD", "SMS_API_KEY", "PUSH_API_KEY", "TELEGRAM_BOT_TOKEN",
              "TELEGRAM_WEBHOOK_SECRET", "SUPPORT_TELEGRAM_BOT_TOKEN", "SUPPORT_TELEGRAM_WEBHOOK_SECRET", "WEB_SECRET_KEY"}


# --- YAML and kustomize ------------------------------------------------------------


def load_documents(path: Path) -> list[dict]:
    with path.open() as handle:
        return [doc for doc in yaml.safe_load_all(handle) if doc is not None]


def kustomization_file(directory: Path) -> Path | None:
    for name in KUSTOMIZATION_FILES:
        if (directory / name).is_file():
            return directory / name
    return None


def kustomization_dirs() -> list[Path]:
    return sorted({p.parent for name in KUSTOMIZATION_FILES for p in K8S.rglob(name)})


# Fields that make kustomize emit resources this resolver does not model.
UNMODELLED_FIELDS = ("configMapGenerator", "secretGenerator", "helmCharts", "generators",
                     "crds", "components")


def resolve_kustomization(directory: Path, _stack: tuple[Path, ...] = ()) -> list[tuple[Path, dict]]:
    """(file, document) for every resource a kustomization lists, recursively."""
    directory = directory.resolve()
    assert directory not in _stack, f"kustomization cycle through {directory}"
    kfile = kustomization_file(directory)
    assert kfile is not None, f"{directory} is listed as a resource but has no kustomization"
    kustomization = load_documents(kfile)[0]
    unmodelled = [field for field in UNMODELLED_FIELDS if kustomization.get(field)]
    assert not unmodelled, (
        f"{kfile.relative_to(ROOT)} uses {unmodelled}: teach tests/deploy/test_manifests.py "
        "to render them before relying on them")
    found: list[tuple[Path, dict]] = []
    for entry in kustomization.get("resources") or []:
        assert "://" not in entry and not entry.startswith(("github.com", "git@")), (
            f"{kfile.relative_to(ROOT)}: remote resource {entry!r} cannot be checked offline")
        target = (directory / entry).resolve()
        assert target.exists(), f"{kfile.relative_to(ROOT)}: resource {entry!r} does not exist"
        if target.is_dir():
            found += resolve_kustomization(target, _stack + (directory,))
        else:
            found += [(target, doc) for doc in load_documents(target)]
    return found


def ident(doc: dict) -> str:
    return f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture(scope="module")
def base() -> list[dict]:
    return [doc for _, doc in resolve_kustomization(BASE)]


def of_kind(docs: list[dict], kind: str) -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc for doc in docs if doc.get("kind") == kind}


@pytest.fixture(scope="module")
def config_map_data(base) -> dict[str, str]:
    config_maps = of_kind(base, "ConfigMap")
    assert CONFIG_MAP in config_maps, f"ConfigMap {CONFIG_MAP} is not in the base"
    return config_maps[CONFIG_MAP].get("data") or {}


@pytest.fixture(scope="module")
def secret_keys() -> set[str]:
    (secret,) = load_documents(SECRET_EXAMPLE)
    assert secret["kind"] == "Secret" and secret["metadata"]["name"] == SECRET
    return set(secret.get("stringData") or {}) | set(secret.get("data") or {})


def pod_spec(doc: dict) -> dict:
    return doc["spec"]["template"]["spec"]


def matches(selector: dict, labels: dict) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def env_names(container: dict) -> list[str]:
    return [item["name"] for item in container.get("env") or []]


# --- Kubernetes: schema ------------------------------------------------------------


def schema_errors(path: Path, doc: dict) -> list[str]:
    where = f"{rel(path)} {ident(doc)}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        location = ".".join(str(p) for p in error.path)
        return [f"{where}: {location}: {error.message}"]
    except (kubernetes_validate.SchemaNotFoundError, kubernetes_validate.InvalidSchemaError) as error:
        # The CLI only WARNs here (unknown kind / CRD): for us it is a failure.
        return [f"{where}: {error.message}"]
    except Exception as error:  # a warning turned error, a malformed document, ...
        return [f"{where}: {type(error).__name__}: {error}"]
    return []


@pytest.mark.parametrize("directory", kustomization_dirs(), ids=lambda d: rel(d))
def test_kustomization_resources_validate_strictly(directory):
    resources = resolve_kustomization(directory)
    assert resources, f"{rel(directory)} lists no resources"
    errors = [error for path, doc in resources for error in schema_errors(path, doc)]
    assert not errors, "\n".join(errors)


def test_expected_kustomizations_exist():
    dirs = {rel(d) for d in kustomization_dirs()}
    assert {"deploy/k8s/base", "deploy/k8s/overlays/production"} <= dirs


def test_secret_example_validates_and_is_not_a_resource():
    errors = [e for doc in load_documents(SECRET_EXAMPLE) for e in schema_errors(SECRET_EXAMPLE, doc)]
    assert not errors, "\n".join(errors)
    for directory in kustomization_dirs():
        resources = resolve_kustomization(directory)
        assert SECRET_EXAMPLE.resolve() not in {path for path, _ in resources}, (
            f"{rel(directory)} deploys secret.example.yaml")
        secrets = [ident(doc) for _, doc in resources if doc.get("kind") == "Secret"]
        assert not secrets, f"{rel(directory)} ships Secret values in git: {secrets}"


def test_base_is_namespace_agnostic(base):
    namespaced = [ident(doc) for doc in base if doc.get("metadata", {}).get("namespace")]
    assert not namespaced, f"namespace hard-coded in the base: {namespaced}"
    assert "namespace" not in load_documents(kustomization_file(BASE))[0]


# --- Kubernetes: workloads ---------------------------------------------------------


def container_problems(where: str, container: dict, pod: dict) -> list[str]:
    problems = []
    command = container.get("command")
    if not (isinstance(command, list) and command and all(isinstance(c, str) for c in command)):
        problems.append(f"{where}: command must be an exec-form list of strings, got {command!r}")
    elif command[0] in SHELLS:
        problems.append(f"{where}: command goes through a shell ({command[0]}), SIGTERM would not reach the app")
    image = container.get("image", "")
    if not image_is_pinned(image):
        problems.append(f"{where}: image {image!r} is not pinned to a tag or digest")
    resources = container.get("resources") or {}
    for section in ("requests", "limits"):
        for resource in ("cpu", "memory"):
            if resource not in (resources.get(section) or {}):
                problems.append(f"{where}: resources.{section}.{resource} missing")
    sc = container.get("securityContext") or {}
    if sc.get("allowPrivilegeEscalation") is not False:
        problems.append(f"{where}: allowPrivilegeEscalation must be false")
    if sc.get("readOnlyRootFilesystem") is not True:
        problems.append(f"{where}: readOnlyRootFilesystem must be true")
    if "ALL" not in ((sc.get("capabilities") or {}).get("drop") or []):
        problems.append(f"{where}: capabilities must drop ALL")
    if (sc.get("capabilities") or {}).get("add"):
        problems.append(f"{where}: capabilities must not add any")
    if sc.get("privileged"):
        problems.append(f"{where}: privileged")
    pod_sc = pod.get("securityContext") or {}
    # Set on the pod, the container or both; wherever it is set it must be right.
    for key, expected in (("runAsNonRoot", True), ("runAsUser", APP_UID)):
        values = [level[key] for level in (pod_sc, sc) if key in level]
        if not values or any(value != expected for value in values):
            problems.append(f"{where}: {key} must be {expected!r}, is {values or 'unset'}")
    seccomp = [level["seccompProfile"].get("type") for level in (pod_sc, sc) if "seccompProfile" in level]
    if not seccomp or any(value != "RuntimeDefault" for value in seccomp):
        problems.append(f"{where}: seccompProfile must be RuntimeDefault, is {seccomp or 'unset'}")
    volumes = {v["name"]: v for v in pod.get("volumes") or []}
    tmp = [m for m in container.get("volumeMounts") or [] if m.get("mountPath") == "/tmp"]
    if not tmp or "emptyDir" not in volumes.get(tmp[0]["name"], {}):
        problems.append(f"{where}: /tmp must be an emptyDir (the root filesystem is read-only)")
    return problems


def image_is_pinned(image: str) -> bool:
    if "@sha256:" in image:
        return True
    name, _, tag = image.rpartition(":")
    return bool(name) and "/" not in tag and tag != "latest" and any(ch.isdigit() for ch in tag)


def probe_port_ok(probe: dict, container: dict) -> bool:
    port = (probe.get("httpGet") or {}).get("port")
    ports = container.get("ports") or []
    return any(port in (p.get("name"), p.get("containerPort")) for p in ports)


def test_deployments_are_exactly_the_workloads(base):
    assert set(of_kind(base, "Deployment")) == set(WORKLOADS)


@pytest.mark.parametrize("name", WORKLOADS)
def test_deployment_is_hardened_and_probed(base, name):
    deployment = of_kind(base, "Deployment")[name]
    pod = pod_spec(deployment)
    problems = []
    if "replicas" in deployment["spec"]:
        problems.append("spec.replicas is set: the HPA owns the replica count")
    if (pod.get("terminationGracePeriodSeconds") or 30) < 60:
        problems.append("terminationGracePeriodSeconds must be >= 60 (Nameko waits for workers)")
    if not matches(deployment["spec"]["selector"].get("matchLabels") or {},
                   deployment["spec"]["template"]["metadata"].get("labels") or {}):
        problems.append("selector does not match the pod labels")
    for container in pod.get("initContainers") or []:
        if "kit.migrate" in " ".join(container.get("command") or []):
            problems.append("migrations run in an initContainer (on every replica): use the Job")
    containers = pod["containers"]
    if len(containers) != 1:
        problems.append(f"expected one container, found {len(containers)}")
    container = containers[0]
    problems += container_problems(f"{name}", container, pod)
    expected, expected_port, readiness = HTTP_WORKLOADS.get(name, (service_command(name), 8000, "/readyz"))
    if container.get("command") != expected:
        problems.append(f"command {container.get('command')!r} != {expected!r}")
    if [p.get("containerPort") for p in container.get("ports") or []] != [expected_port]:
        problems.append(f"container must expose exactly port {expected_port}")
    # The gateway's own readiness checks broker + Redis only: one service down must not
    # take every gateway pod out of rotation (the full check stays at /readyz); the web
    # app's checks Redis only, for the same reason (a gateway outage).
    for kind, path in (("startupProbe", None), ("readinessProbe", readiness), ("livenessProbe", "/healthz")):
        probe = container.get(kind)
        if not probe:
            problems.append(f"{kind} missing")
            continue
        if not probe_port_ok(probe, container):
            problems.append(f"{kind} does not target the container's http port")
        actual = (probe.get("httpGet") or {}).get("path")
        if path and actual != path:
            problems.append(f"{kind} path {actual!r} != {path!r}")
    if name in HTTP_WORKLOADS and not (container.get("lifecycle") or {}).get("preStop"):
        problems.append(f"{name} needs a preStop sleep so endpoints drain before SIGTERM")
    assert not problems, "\n".join(f"Deployment/{name}: {p}" for p in problems)


@pytest.mark.parametrize("name", WORKLOADS)
def test_deployment_has_hpa_pdb_and_service(base, name):
    deployment = of_kind(base, "Deployment")[name]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    container = pod_spec(deployment)["containers"][0]
    problems = []

    hpas = [h for h in of_kind(base, "HorizontalPodAutoscaler").values()
            if h["spec"]["scaleTargetRef"].get("kind") == "Deployment"
            and h["spec"]["scaleTargetRef"].get("name") == name]
    if len(hpas) != 1:
        problems.append(f"expected one HPA targeting it, found {len(hpas)}")
    for hpa in hpas:
        if hpa["apiVersion"] != "autoscaling/v2":
            problems.append(f"HPA apiVersion {hpa['apiVersion']}")
        if hpa["spec"]["scaleTargetRef"].get("apiVersion") != "apps/v1":
            problems.append("HPA scaleTargetRef.apiVersion must be apps/v1")
        cpu = [m for m in hpa["spec"].get("metrics") or []
               if m.get("type") == "Resource" and m["resource"]["name"] == "cpu"]
        if not cpu:
            problems.append("HPA does not scale on CPU")
        if hpa["spec"].get("minReplicas", 1) < 2:
            problems.append("HPA minReplicas < 2: one pod cannot survive a node drain")

    pdbs = [p for p in of_kind(base, "PodDisruptionBudget").values()
            if matches(p["spec"].get("selector", {}).get("matchLabels") or {}, pod_labels)]
    if len(pdbs) != 1:
        problems.append(f"expected one PodDisruptionBudget selecting its pods, found {len(pdbs)}")
    for pdb in pdbs:
        if pdb["apiVersion"] != "policy/v1":
            problems.append(f"PDB apiVersion {pdb['apiVersion']}")

    services = [s for s in of_kind(base, "Service").values()
                if matches(s["spec"].get("selector") or {}, pod_labels)]
    if len(services) != 1:
        problems.append(f"expected one Service selecting its pods, found {len(services)}")
    for service in services:
        ports = service["spec"]["ports"]
        expected = (80, HTTP_WORKLOADS[name][1]) if name in HTTP_WORKLOADS else (8000, 8000)
        resolved = []
        for port in ports:
            target = port.get("targetPort", port["port"])
            by = {p.get("name"): p["containerPort"] for p in container["ports"]}
            resolved.append((port["port"], by.get(target, target)))
        if expected not in resolved:
            problems.append(f"Service ports {resolved} lack {expected[0]}->{expected[1]}")
    assert not problems, "\n".join(f"Deployment/{name}: {p}" for p in problems)


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_has_a_one_shot_migration_job(base, name):
    jobs = [j for j in of_kind(base, "Job").values()
            if pod_spec(j)["containers"][0].get("command") == migrate_command(name)]
    assert len(jobs) == 1, f"expected one Job running {migrate_command(name)}, found {len(jobs)}"
    job = jobs[0]
    where = f"Job/{job['metadata']['name']}"
    pod = pod_spec(job)
    problems = []
    if job["apiVersion"] != "batch/v1":
        problems.append(f"apiVersion {job['apiVersion']}")
    for key in ("backoffLimit", "ttlSecondsAfterFinished"):
        if key not in job["spec"]:
            problems.append(f"{key} missing")
    if pod.get("restartPolicy") not in ("Never", "OnFailure"):
        problems.append(f"restartPolicy {pod.get('restartPolicy')!r}")
    for container in pod["containers"]:
        problems += container_problems(container["name"], container, pod)
    # The migration gets the same settings as the service it migrates.
    service_env = pod_spec(of_kind(base, "Deployment")[name])["containers"][0].get("env")
    if pod["containers"][0].get("env") != service_env:
        problems.append(f"env differs from Deployment/{name}")
    # Its pods must not count as the service's pods.
    job_labels = job["spec"]["template"]["metadata"].get("labels") or {}
    for kind in ("Service", "PodDisruptionBudget"):
        for other in of_kind(base, kind).values():
            selector = other["spec"].get("selector") or {}
            selector = selector.get("matchLabels", selector) if kind != "Service" else selector
            if matches(selector, job_labels):
                problems.append(f"{kind}/{other['metadata']['name']} selects the migration pods")
    assert not problems, "\n".join(f"{where}: {p}" for p in problems)


def test_no_long_running_workload_runs_migrations(base):
    for deployment in of_kind(base, "Deployment").values():
        pod = pod_spec(deployment)
        for container in (pod.get("initContainers") or []) + pod["containers"]:
            flat = " ".join(container.get("command") or []) + " ".join(container.get("args") or [])
            assert "kit.migrate" not in flat, f"Deployment/{deployment['metadata']['name']} runs migrations"


def pod_templates(base) -> list[tuple[str, dict]]:
    return [(ident(d), pod_spec(d)) for d in base if d.get("kind") in ("Deployment", "Job")]


def test_env_references_exist(base, config_map_data, secret_keys):
    problems = []
    for where, pod in pod_templates(base):
        for container in (pod.get("initContainers") or []) + pod["containers"]:
            names = env_names(container)
            duplicates = {n for n in names if names.count(n) > 1}
            if duplicates:
                problems.append(f"{where}: duplicate env {sorted(duplicates)}")
            for item in container.get("env") or []:
                source = item.get("valueFrom") or {}
                if "configMapKeyRef" in source:
                    ref = source["configMapKeyRef"]
                    if ref.get("name") != CONFIG_MAP or ref.get("key") not in config_map_data:
                        problems.append(f"{where}: {item['name']} -> missing ConfigMap key {ref}")
                elif "secretKeyRef" in source:
                    ref = source["secretKeyRef"]
                    if ref.get("name") != SECRET or ref.get("key") not in secret_keys:
                        problems.append(f"{where}: {item['name']} -> Secret key {ref} not in secret.example.yaml")
                if item["name"] in SECRET_ENV and "secretKeyRef" not in source:
                    problems.append(f"{where}: {item['name']} must come from a secretKeyRef")
            for source in container.get("envFrom") or []:
                if "configMapRef" in source and source["configMapRef"].get("name") != CONFIG_MAP:
                    problems.append(f"{where}: envFrom unknown ConfigMap {source['configMapRef']}")
                if "secretRef" in source and source["secretRef"].get("name") != SECRET:
                    problems.append(f"{where}: envFrom unknown Secret {source['secretRef']}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", WORKLOADS)
def test_deployment_has_its_required_env(base, config_map_data, name):
    container = pod_spec(of_kind(base, "Deployment")[name])["containers"][0]
    names = set(env_names(container))
    missing = REQUIRED_ENV[name] - names
    assert not missing, f"Deployment/{name} lacks env {sorted(missing)}"
    if name == GATEWAY:
        assert config_map_data["PORT"] == "8080"
        # gunicorn binds 127.0.0.1 unless told otherwise (a local run): the pod must say so
        assert config_map_data["HOST"] == "0.0.0.0"
    elif name == WEB:
        assert config_map_data["WEB_PORT"] == "8081" and config_map_data["WEB_HOST"] == "0.0.0.0"
        assert config_map_data["GATEWAY_URL"] == "http://gateway"
    else:
        assert config_map_data["EVENTLET_NO_GREENDNS"] == "yes"
        assert config_map_data["WEB_SERVER_ADDRESS"].rpartition(":")[2] == "8000"


def test_each_service_reads_its_own_database(base):
    keys = {}
    for name in SERVICES:
        container = pod_spec(of_kind(base, "Deployment")[name])["containers"][0]
        (item,) = [e for e in container["env"] if e["name"] == "DATABASE_URL"]
        keys[name] = item["valueFrom"]["secretKeyRef"]["key"]
    assert len(set(keys.values())) == len(SERVICES), f"services share a database URL: {keys}"


def test_one_image_for_every_workload(base):
    images = {c["image"] for _, pod in pod_templates(base) for c in pod["containers"]}
    assert len(images) == 1, f"expected one image for everything, found {sorted(images)}"


def test_overlays_refer_to_what_the_base_has():
    base_images = {c["image"].rpartition(":")[0]
                   for _, doc in resolve_kustomization(BASE)
                   if doc.get("kind") in ("Deployment", "Job")
                   for c in pod_spec(doc)["containers"]}
    problems = []
    for directory in kustomization_dirs():
        if directory == BASE:
            continue
        kustomization = load_documents(kustomization_file(directory))[0]
        present = {(doc.get("kind"), doc["metadata"]["name"]) for _, doc in resolve_kustomization(directory)}
        for image in kustomization.get("images") or []:
            if image["name"] not in base_images:
                problems.append(f"{rel(directory)}: images[{image['name']}] matches no container image")
        for patch in kustomization.get("patches") or []:
            if "path" in patch:
                for doc in load_documents(directory / patch["path"]):
                    target = (doc.get("kind"), doc["metadata"]["name"])
                    if target not in present:
                        problems.append(f"{rel(directory)}: patch {patch['path']} targets absent {target}")
            target = patch.get("target")
            if target and (target.get("kind"), target.get("name")) not in present:
                problems.append(f"{rel(directory)}: patch target {target} is absent")
        for replica in kustomization.get("replicas") or []:
            if ("Deployment", replica["name"]) not in present:
                problems.append(f"{rel(directory)}: replicas for absent {replica['name']}")
    assert not problems, "\n".join(problems)


# --- docker-compose.yml ------------------------------------------------------------

INTERPOLATION = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def interpolate(value):
    """Compose variable interpolation with an empty environment: the shipped defaults."""
    if not isinstance(value, str):
        return value

    def replace(match):
        if match.group(0) == "$$":
            return "$"
        operator, default = match.group(2), match.group(3)
        if operator in (":-", "-"):
            return default
        assert operator not in (":?", "?"), f"{match.group(0)} requires a variable: no usable default"
        return ""

    return INTERPOLATION.sub(replace, value)


@pytest.fixture(scope="module")
def compose() -> dict:
    with COMPOSE_FILE.open() as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def compose_services(compose) -> dict[str, dict]:
    return compose["services"]


def one_shots(services: dict) -> set[str]:
    return {name for name in services if name.startswith("migrate-")}


def environment(service: dict, *, raw: bool = False) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {k: (str(v) if raw else str(interpolate(v))) for k, v in env.items()}


def test_compose_validates_against_compose_spec():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec",
         str(COMPOSE_FILE)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_has_every_process(compose_services):
    expected = set(INFRASTRUCTURE) | set(WORKLOADS) | {f"migrate-{s}" for s in SERVICES}
    missing = expected - set(compose_services)
    assert not missing, f"docker-compose.yml lacks {sorted(missing)}"


def test_compose_images_are_pinned(compose_services):
    problems = []
    app_images = set()
    for name, service in compose_services.items():
        image = interpolate(service.get("image", ""))
        if not image:
            problems.append(f"{name}: no image")
        elif "build" in service:
            app_images.add(image)
            if image.endswith(":latest") or ":" not in image.rpartition("/")[2]:
                problems.append(f"{name}: built image needs an explicit tag, got {image!r}")
        elif not image_is_pinned(image):
            problems.append(f"{name}: image {image!r} is not pinned to a version tag or digest")
    if len(app_images) != 1:
        problems.append(f"expected one application image, found {sorted(app_images)}")
    for name in (*WORKLOADS, *(f"migrate-{s}" for s in SERVICES)):
        if "build" not in compose_services.get(name, {}):
            problems.append(f"{name}: not built from the repository Dockerfile")
    assert not problems, "\n".join(problems)


def test_compose_long_running_services_have_healthchecks(compose_services):
    problems = []
    for name, service in compose_services.items():
        if name in one_shots(compose_services):
            continue
        check = service.get("healthcheck") or {}
        test = check.get("test")
        if check.get("disable") or not test or test == ["NONE"]:
            problems.append(f"{name}: no healthcheck")
        elif isinstance(test, list) and test[0] not in ("CMD", "CMD-SHELL"):
            problems.append(f"{name}: healthcheck test must start with CMD or CMD-SHELL")
    assert not problems, "\n".join(problems)


def test_compose_depends_on_uses_conditions(compose_services):
    shots = one_shots(compose_services)
    problems = []
    for name, service in compose_services.items():
        depends_on = service.get("depends_on") or {}
        if isinstance(depends_on, list):
            problems.append(f"{name}: depends_on is a list (no condition, starts before ready)")
            continue
        for target, spec in depends_on.items():
            condition = (spec or {}).get("condition")
            expected = "service_completed_successfully" if target in shots else "service_healthy"
            if target not in compose_services:
                problems.append(f"{name}: depends on unknown {target}")
            elif condition != expected:
                problems.append(f"{name} -> {target}: condition {condition!r}, expected {expected!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", SERVICES)
def test_compose_migration_is_one_shot_before_its_service(compose_services, name):
    migration = compose_services[f"migrate-{name}"]
    service = compose_services[name]
    assert migration.get("command") == migrate_command(name)
    assert str(migration.get("restart", "no")) in ("no", "on-failure"), "a migration must not restart forever"
    assert not migration.get("ports"), "a migration publishes no ports"
    assert service.get("command") == service_command(name), "service command is not the exec-form runner"
    for other in SERVICES:
        # Every queue is declared before any service can publish into it.
        condition = (service.get("depends_on") or {}).get(f"migrate-{other}", {}).get("condition")
        assert condition == "service_completed_successfully", f"{name} does not wait for migrate-{other}"


def test_compose_migrations_are_not_part_of_service_commands(compose_services):
    for name, service in compose_services.items():
        if name in one_shots(compose_services):
            continue
        for key in ("command", "entrypoint"):
            value = service.get(key) or []
            flat = value if isinstance(value, str) else " ".join(value)
            assert "kit.migrate" not in flat, f"{name}: {key} runs migrations on every start"
            assert not isinstance(value, str), f"{name}: {key} must be exec form (a list)"


@pytest.mark.parametrize("name", SERVICES)
def test_compose_nameko_env(compose_services, name):
    for process in (name, f"migrate-{name}"):
        env = environment(compose_services[process])
        assert env.get("EVENTLET_NO_GREENDNS") == "yes", f"{process}: EVENTLET_NO_GREENDNS must be 'yes'"
        assert env.get("WEB_SERVER_ADDRESS") == "0.0.0.0:8000", f"{process}: WEB_SERVER_ADDRESS"
    service = compose_services[name]
    assert duration_seconds(service.get("stop_grace_period", "10s")) >= 60, (
        f"{name}: stop_grace_period below 60s cuts running workers")
    assert "8000" in json.dumps(service["healthcheck"]["test"])


def test_compose_gateway(compose_services):
    gateway = compose_services[GATEWAY]
    assert gateway.get("command") in (None, GATEWAY_COMMAND)
    assert environment(gateway).get("PORT") == "8080"
    assert environment(gateway).get("HOST") == "0.0.0.0", "gateway: HOST (a local run binds 127.0.0.1 only)"
    published = [str(p) for p in gateway.get("ports") or []]
    assert any(p.endswith(":8080") for p in published), f"gateway publishes {published}"
    for name in SERVICES:
        assert gateway["depends_on"][name]["condition"] == "service_healthy"


def test_ingress_puts_the_api_and_the_web_app_on_one_host(base):
    """PUBLIC_BASE_URL is one host: /api/ to the gateway, everything else to the web app."""
    (ingress,) = of_kind(base, "Ingress").values()
    routes = {path["path"]: (path["pathType"], path["backend"]["service"]["name"])
              for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]}
    assert routes == {"/api/": ("Prefix", GATEWAY), "/": ("Prefix", WEB)}
    services = of_kind(base, "Service")
    for path in (p for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]):
        backend = path["backend"]["service"]
        assert backend["port"]["name"] in {p.get("name") for p in services[backend["name"]]["spec"]["ports"]}


def test_compose_web(compose_services):
    web = compose_services[WEB]
    assert web.get("command") == WEB_COMMAND
    env = environment(web)
    assert (env.get("WEB_HOST"), env.get("WEB_PORT"), env.get("GATEWAY_URL")) == ("0.0.0.0", "8081",
                                                                                  "http://gateway:8080")
    assert "AMQP_URI" not in env and "DATABASE_URL" not in env, "the web app uses the HTTP API only"
    assert any(str(p).endswith(":8081") for p in web.get("ports") or [])
    assert web["depends_on"][GATEWAY]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", WORKLOADS)
def test_compose_and_kubernetes_use_the_same_env_names(compose_services, base, name):
    deployment_env = set(env_names(pod_spec(of_kind(base, "Deployment")[name])["containers"][0]))
    compose_env = set(environment(compose_services[name]))
    assert compose_env == deployment_env, (
        f"{name}: only in compose {sorted(compose_env - deployment_env)}, "
        f"only in k8s {sorted(deployment_env - compose_env)}")
    assert REQUIRED_ENV[name] <= compose_env


COMPOSE_SECRETS = {"JWT_SECRET", "BOOTSTRAP_ADMIN_PASSWORD", "PAYMENT_WEBHOOK_SECRET", "YOOKASSA_SECRET_KEY",
                   "POSTGRES_PASSWORD", "RABBITMQ_DEFAULT_PASS", "TELEGRAM_WEBHOOK_SECRET",
                   "SUPPORT_TELEGRAM_WEBHOOK_SECRET", "WEB_SECRET_KEY"}


def test_compose_secrets_are_overridable_dev_defaults(compose_services):
    problems = []
    for name, service in compose_services.items():
        for key, value in environment(service, raw=True).items():
            if key in COMPOSE_SECRETS:
                if not re.fullmatch(r"\$\{[A-Z_]+(:-dev-only[^}]*|:\?[^}]*)\}", value):
                    problems.append(f"{name}: {key} must be ${{VAR:-dev-only...}} (overridable, "
                                    f"visibly a dev default), got {value!r}")
            elif key in ("AMQP_URI", "DATABASE_URL"):
                password = urlsplit(value).password or ""
                if password and not password.startswith("${"):
                    problems.append(f"{name}: {key} embeds a literal password")
    assert not problems, "\n".join(problems)


def test_compose_credentials_and_databases_line_up(compose_services):
    postgres = environment(compose_services["postgres"])
    rabbit = environment(compose_services["rabbitmq"])
    init_sql = POSTGRES_INIT.read_text()
    created = set(re.findall(r"CREATE\s+DATABASE\s+\"?(\w+)", init_sql, flags=re.IGNORECASE))
    mounts = [str(v) for v in compose_services["postgres"].get("volumes") or []]
    assert any(m.startswith("./deploy/compose/postgres-init.sql:/docker-entrypoint-initdb.d/")
               for m in mounts), f"postgres does not mount deploy/compose/postgres-init.sql: {mounts}"
    problems = []
    for name in SERVICES:
        for process in (name, f"migrate-{name}"):
            env = environment(compose_services[process])
            db = urlsplit(env["DATABASE_URL"])
            if (db.username, db.password) != (postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"]):
                problems.append(f"{process}: DATABASE_URL credentials differ from the postgres service")
            if db.hostname != "postgres" or db.path.lstrip("/") != name:
                problems.append(f"{process}: DATABASE_URL must be postgres/{name}, is {db.hostname}{db.path}")
            if db.path.lstrip("/") not in created:
                problems.append(f"{process}: database {db.path.lstrip('/')} is not created by postgres-init.sql")
    for name in (*SERVICES, GATEWAY, *(f"migrate-{s}" for s in SERVICES)):   # web: no broker
        amqp = urlsplit(environment(compose_services[name])["AMQP_URI"])
        if (amqp.username, amqp.password, amqp.hostname) != (
                rabbit["RABBITMQ_DEFAULT_USER"], rabbit["RABBITMQ_DEFAULT_PASS"], "rabbitmq"):
            problems.append(f"{name}: AMQP_URI does not match the rabbitmq service")
    assert not problems, "\n".join(problems)


def duration_seconds(value: str) -> float:
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "us": 1e-6}
    parts = re.findall(r"(\d+(?:\.\d+)?)(h|ms|us|m|s)", str(value))
    assert parts, f"unreadable duration {value!r}"
    return sum(float(n) * units[u] for n, u in parts)


# --- Dockerfile --------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    instructions, pending = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue  # comment inside a continued instruction
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        full = (pending + stripped).strip()
        pending = ""
        if full:
            keyword, _, args = full.partition(" ")
            instructions.append((keyword.upper(), args.strip()))
    return instructions


def dockerfile_stages() -> list[dict]:
    args, stages = {}, []
    for keyword, value in dockerfile_instructions():
        if keyword == "ARG" and not stages:
            name, _, default = value.partition("=")
            args[name.strip()] = default.strip().strip('"')
        elif keyword == "FROM":
            words = [w for w in value.split() if not w.startswith("--")]
            image = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), words[0])
            alias = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            stages.append({"image": image, "alias": alias, "instructions": []})
        else:
            assert stages, f"{keyword} before the first FROM"
            stages[-1]["instructions"].append((keyword, value))
    return stages


def test_dockerfile_is_multi_stage_from_pinned_images():
    stages = dockerfile_stages()
    assert len(stages) >= 2, "expected a builder stage and a runtime stage"
    aliases = set()
    for stage in stages:
        image = stage["image"]
        if image not in aliases:
            assert image_is_pinned(image), f"FROM {image}: pin the base image to a version tag"
        if stage["alias"]:
            aliases.add(stage["alias"])
    final = stages[-1]["image"]
    assert re.match(r"^(docker\.io/)?(library/)?python:3\.11(\.\d+)?-slim", final), (
        f"runtime base must be python:3.11-slim, is {final}")
    assert any(k == "RUN" and "pip wheel" in v for stage in stages[:-1] for k, v in stage["instructions"]), (
        "no builder stage makes wheels")


def test_dockerfile_runtime_runs_as_non_root():
    runtime = dockerfile_stages()[-1]["instructions"]
    users = [value for keyword, value in runtime if keyword == "USER"]
    assert users, "the runtime stage never switches USER"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0"), f"USER {users[-1]} is root"
    assert user == str(APP_UID), f"USER should be the numeric uid {APP_UID} (runAsNonRoot can verify it)"


def test_dockerfile_cmd_is_exec_form_gateway():
    runtime = dockerfile_stages()[-1]["instructions"]
    cmds = [value for keyword, value in runtime if keyword == "CMD"]
    assert cmds, "no CMD"
    try:
        cmd = json.loads(cmds[-1])
    except json.JSONDecodeError:
        pytest.fail(f"CMD {cmds[-1]} is shell form: SIGTERM would go to /bin/sh, not the app")
    assert cmd == GATEWAY_COMMAND
    for value in (v for k, v in runtime if k == "ENTRYPOINT"):
        assert value.startswith("["), f"ENTRYPOINT {value} is shell form"


def test_dockerfile_runtime_environment_and_ports():
    runtime = dockerfile_stages()[-1]["instructions"]
    env = {}
    for keyword, value in runtime:
        if keyword == "ENV":
            for word in shlex.split(value):
                name, _, setting = word.partition("=")
                env[name] = setting
    assert env.get("PYTHONUNBUFFERED") == "1"
    assert env.get("EVENTLET_NO_GREENDNS") == "yes"
    assert "PIP_NO_CACHE_DIR" in env
    exposed = {p.split("/")[0] for k, v in runtime if k == "EXPOSE" for p in v.split()}
    assert {"8080", "8081", "8000"} <= exposed, f"EXPOSE {sorted(exposed)}"   # gateway, web, services


def dockerignore_patterns() -> set[str]:
    return {line.strip() for line in DOCKERIGNORE.read_text().splitlines()
            if line.strip() and not line.startswith("#")}


def test_dockerignore_keeps_secrets_and_git_out():
    patterns = dockerignore_patterns()
    assert ".git" in patterns
    assert ".env" in patterns


# --- the sandbox payment provider: compose runs it, production never ships it -------


def test_production_never_ships_the_sandbox_provider():
    assert "sandbox/" in dockerignore_patterns(), "the image's build context must not hold sandbox/"
    packaged = tomllib.loads(PYPROJECT.read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    assert not any(fnmatch("sandbox", pattern) for pattern in packaged), f"the wheel packages sandbox: {packaged}"
    problems = []
    for directory in kustomization_dirs():
        for path, doc in resolve_kustomization(directory):
            if "SANDBOX_PROVIDER_ENABLED" in json.dumps(doc):
                problems.append(f"{rel(path)} {ident(doc)}: SANDBOX_PROVIDER_ENABLED is gone")
            if doc.get("kind") == "ConfigMap" and (doc.get("data") or {}).get("SANDBOX_PROVIDER_URL"):
                problems.append(f"{rel(path)} {ident(doc)}: SANDBOX_PROVIDER_URL must stay empty")
            if doc.get("kind") in ("Deployment", "Job"):
                for container in pod_spec(doc)["containers"]:
                    if "sandbox" in (container.get("command") or []) + (container.get("args") or []):
                        problems.append(f"{rel(path)} {ident(doc)}: runs the sandbox provider")
        kustomization = load_documents(kustomization_file(directory))[0]
        for patch in kustomization.get("patches") or []:
            for doc in load_documents(directory / patch["path"]) if "path" in patch else []:
                if doc.get("kind") == "ConfigMap" and (doc.get("data") or {}).get("SANDBOX_PROVIDER_URL"):
                    problems.append(f"{rel(directory)}: {patch['path']} points billing at a sandbox provider")
    assert not problems, "\n".join(problems)


def test_compose_runs_the_sandbox_provider_from_the_working_copy(compose_services):
    assert SANDBOX in compose_services, "docker-compose.yml lacks the sandbox provider (card payments need it)"
    sandbox = compose_services[SANDBOX]
    assert sandbox.get("command") == SANDBOX_COMMAND
    assert "./sandbox:/app/sandbox:ro" in [str(v) for v in sandbox.get("volumes") or []], (
        "the image has no sandbox/: mount the working copy's, read-only")
    published = [str(p) for p in sandbox.get("ports") or []]
    assert published and all(p.startswith("127.0.0.1:") for p in published), (
        f"anyone who reaches the sandbox can pay: publish it on 127.0.0.1 only, not {published}")
    env = environment(sandbox)
    assert env["SANDBOX_PROVIDER_WEBHOOK_URL"] == "http://gateway:8080/api/v1/billing/providers/sandbox/webhook"
    assert env["PAYMENT_WEBHOOK_SECRET"] == environment(compose_services["billing"])["PAYMENT_WEBHOOK_SECRET"]
    port = env["SANDBOX_PROVIDER_PORT"]
    assert environment(compose_services["billing"])["SANDBOX_PROVIDER_URL"] == f"http://{SANDBOX}:{port}"
    assert "SANDBOX_PROVIDER_ENABLED" not in environment(compose_services[GATEWAY])


# --- scale-out: durable queues replicated over the cluster ----------------------------------


def test_production_declares_durable_queues_as_quorum_queues(compose):
    """The production overlay and compose's production shape set AMQP_QUEUE_TYPE=quorum
    (tests/reliability/test_quorum_cluster.py proves what it buys); the base stays classic."""
    overlay = ROOT / "deploy" / "k8s" / "overlays" / "production"
    patched = {}
    for patch in load_documents(kustomization_file(overlay))[0].get("patches") or []:
        for doc in load_documents(overlay / patch["path"]) if "path" in patch else ():
            if doc.get("kind") == "ConfigMap":
                patched.update(doc.get("data") or {})
    assert patched.get("AMQP_QUEUE_TYPE") == "quorum"
    base_config = next(doc for _, doc in resolve_kustomization(BASE) if doc.get("kind") == "ConfigMap")
    assert base_config["data"]["AMQP_QUEUE_TYPE"] in ("classic", "quorum")
    assert compose["x-env-nameko"]["AMQP_QUEUE_TYPE"] == "${AMQP_QUEUE_TYPE:-quorum}"
