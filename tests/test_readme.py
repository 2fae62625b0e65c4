"""The README is the newcomer's entry: two set-up commands, every notebook linked, and
the Python versions it names are the supported ones (pyproject.toml) that were measured."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
sys.path.insert(0, str(ROOT / "scripts"))
import check_python  # noqa: E402

SUPPORTED = check_python.supported_versions(check_python.read_requires_python())


def section(title):
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_exactly_two_setup_commands_and_ci_runs_the_test_one():
    setup = section("Set up")
    commands = re.findall(r"```bash\n(.*?)\n```", setup, re.S)
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    assert "jupyterlab" in commands[0] and "requirements.txt" in commands[0]
    # the Python check runs first, before pip resolves anything; command 2 runs it in tests/install.sh
    assert commands[0].startswith("python scripts/check_python.py && python -m pip install -r requirements.txt")
    assert commands[1].startswith("bash tests/install.sh && ")
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert commands[1] in ci


def test_setup_names_exactly_the_supported_pythons():
    setup = section("Set up")
    assert f"Python {check_python.spoken(SUPPORTED)}" in setup
    named = {(3, int(minor)) for minor in re.findall(r"\b3\.(\d+)\b", setup)}
    assert named == set(SUPPORTED), f"Set up names Python {sorted(named)}; pyproject.toml supports {SUPPORTED}"


def test_the_measured_table_passed_on_exactly_the_supported_pythons():
    """The "Python versions" table is scripts/python_matrix.py's output: every supported
    version has a row that passed, every other row was refused, none failed."""
    measured = README.split("<!-- python-matrix:start -->", 1)[1].split("<!-- python-matrix:end -->", 1)[0]
    assert re.search(r"Measured \d{4}-\d\d-\d\d on .+, course commit [0-9a-f]{12}", measured)
    rows = re.findall(r"^\| (\d+)\.(\d+)\.\d+ \|.*\| ([^|]+) \|$", measured, re.M)
    assert rows, "no rows in the Python versions table"
    verdicts = {(int(major), int(minor)): verdict for major, minor, verdict in rows}
    passed = {v for v, verdict in verdicts.items() if verdict == "passed"}
    assert passed == set(SUPPORTED), f"passed on {sorted(passed)}, pyproject.toml supports {SUPPORTED}"
    others = {v: verdict for v, verdict in verdicts.items() if v not in passed}
    assert all(verdict == "refused, as expected" for verdict in others.values()), others


def test_every_notebook_is_linked_and_every_link_resolves():
    links = re.findall(r"\]\(((?:notebooks|figures|scripts)/[^)#]+)\)", README)
    for link in links:
        assert (ROOT / link).exists(), f"README links to missing {link}"
    for nb in (ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"):
        assert f"notebooks/{nb.name}" in links, f"{nb.name} is not in the README's table"


def test_data_credit():
    assert "LeCun" in README and "CC BY-SA 3.0" in README
