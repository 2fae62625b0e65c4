"""Every exercise check has tests: a new @exercise without a test file that calls it fails here."""
import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import helpers.checks as package
from helpers.checks import exercise

TESTS = Path(__file__).parent
_WRAPPER = exercise(lambda: None).__code__      # the code object every @exercise function runs


def exercises():
    """(module, name) of every function decorated with @exercise in helpers/checks/*.py."""
    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__code__ is _WRAPPER and fn.__module__ == module.__name__:
                found.append((info.name, name))
    return found


def mentioned():
    """(module, name) pairs that a test file refers to as `alias.name` after
    `from helpers.checks import module [as alias]` (not counting the contract and this file)."""
    seen = set()
    for path in TESTS.glob("test_*.py"):
        if path.name in ("test_checks_contract.py", Path(__file__).name):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == package.__name__:
                for alias in node.names:
                    aliases[alias.asname or alias.name] = alias.name
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
                seen.add((aliases[node.value.id], node.attr))
    return seen


def test_introspection_finds_the_known_checks():
    found = exercises()
    for known in [("setup", "warm_up"), ("backprop", "derivative"), ("backprop", "accumulated"),
                  ("backprop", "tiny_gradient"), ("recipe", "pairs"), ("playground", "xor_features")]:
        assert known in found
    assert ("backprop", "tiny_network_gradients") not in found          # helpers are not checks
    assert len(found) >= 29


def test_every_check_has_a_test():
    missing = sorted(set(exercises()) - mentioned())
    assert not missing, (f"These checks have no test (a tests/test_*.py that calls module.function): "
                         f"{', '.join(f'{m}.{n}' for m, n in missing)}")
