"""The dependency contract in pyproject.toml covers the whole project: every app is one of its
root packages and in a layer, and every module of ``hub`` is placed either with the site
wiring (top) or with the infrastructure (bottom), so a new module cannot slip past it.
``make lint`` runs the contract itself (``lint-imports``)."""

import pkgutil
import tomllib
from pathlib import Path

import hub

ROOT = Path(__file__).resolve().parents[2]


def _config():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _layer_modules(config) -> set[str]:
    (layers,) = [c["layers"] for c in config["contracts"] if c["type"] == "layers"]
    names = set()
    for layer in layers:
        for part in layer.replace("|", ":").split(":"):
            names.add(part.strip())
    return names


def test_every_app_is_under_the_contract():
    config = _config()
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps, "no apps found"
    assert apps <= set(config["root_packages"]), apps - set(config["root_packages"])
    placed = _layer_modules(config)
    assert apps - {"hub"} <= placed, (apps - {"hub"}) - placed
    (acyclic,) = [c for c in config["contracts"] if c["type"] == "acyclic_siblings"]
    assert set(config["root_packages"]) <= set(acyclic["ancestors"])


def test_every_hub_module_has_a_layer():
    placed = _layer_modules(_config())
    modules = {
        f"hub.{info.name}" for info in pkgutil.iter_modules(hub.__path__) if info.name not in {"tests", "migrations"}
    }
    assert modules, "no hub modules found"
    missing = modules - placed
    assert not missing, f"place these hub modules in a layer of the contract: {sorted(missing)}"
