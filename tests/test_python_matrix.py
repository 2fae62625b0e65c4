"""scripts/python_matrix.py, the command a maintainer runs before a release: it finds the
Pythons, reads pytest's counts, judges each row and prints the README's table. (The full
run, a venv and the whole suite per version, is not repeated here.)"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import check_python  # noqa: E402
import python_matrix  # noqa: E402

SPEC = ">=3.11,<3.14"


@pytest.mark.parametrize("line, expected", [
    ("==== 1270 passed, 3 skipped, 2 warnings in 901.23s (0:15:01) ====",
     {"passed": 1270, "failed": 0, "errors": 0, "skipped": 3, "warnings": 2}),
    ("= 2 failed, 10 passed, 1 error in 3.20s =", {"passed": 10, "failed": 2, "errors": 1, "skipped": 0}),
    ("=== 5 passed, 1 xfailed in 0.50s ===", {"passed": 5, "failed": 0, "errors": 0, "skipped": 0, "xfailed": 1}),
])
def test_pytest_counts_come_from_the_closing_line(line, expected):
    assert python_matrix.pytest_counts(f"collected 12 items\n... 3 passed earlier\n{line}\n") == expected


def test_no_closing_line_gives_none():
    assert python_matrix.pytest_counts("ERROR: usage: pytest [options]\n") is None


def row(version="3.12.1", check="ok", install="ok", counts=None, exit_code=0):
    r = {"python": version, "interpreter": "/x/python", "check": check,
         "supported": tuple(int(p) for p in version.split(".")[:2]) in check_python.supported_versions(SPEC),
         "refusal": "" if check == "ok" else f"Python {version} found (/x/python), but ..."}
    if install:
        r.update(install=install, install_s=80.4)
    if counts is not None:
        r.update(counts=counts, tests_exit=exit_code, tests_s=900.2)
    return python_matrix.finish(r)


def counts(passed, failed=0, errors=0, skipped=0):
    return {"passed": passed, "failed": failed, "errors": errors, "skipped": skipped}


def test_verdicts():
    assert row(counts=counts(1270, skipped=2))["verdict"] == "passed"
    assert row(counts=counts(1269, failed=1), exit_code=1)["verdict"] == "FAILED"
    assert row(counts=counts(1270, errors=1), exit_code=1)["verdict"] == "FAILED"
    assert row(counts=counts(0), exit_code=5)["verdict"] == "FAILED"              # ran no test
    assert row(install="failed")["verdict"] == "FAILED"
    assert row("3.10.13", check="refused", install=None)["verdict"] == "refused, as expected"
    assert row("3.10.13", counts=counts(10))["verdict"].startswith("FAILED: the check let")
    tried = row("3.14.0", check="refused", counts=counts(10))
    assert tried["verdict"] == "refused; installed anyway: passed" and python_matrix.as_expected(tried)
    assert not python_matrix.as_expected(row(install="failed"))


def test_table_has_a_row_per_python_and_the_refusal_line():
    rows = [row("3.10.13", check="refused", install=None), row("3.11.7", counts=counts(1270, skipped=2))]
    text = python_matrix.table(rows)
    lines = text.splitlines()
    assert lines[0] == "| Python | version check | install | tests | test time | verdict |"
    assert "| 3.10.13 | refused | – | – | – | refused, as expected |" in lines
    assert "| 3.11.7 | ok | ok, 80 s | 1270 passed, 0 failed, 2 skipped | 900 s | passed |" in lines
    assert "    Python 3.10.13 found (/x/python), but ..." in lines


def fake_python(folder, version):
    folder.mkdir(parents=True)
    exe = folder / "python"
    exe.write_text(f"#!/bin/sh\necho {version}\n")
    exe.chmod(0o755)
    return exe


@pytest.mark.skipif(os.name == "nt", reason="the fake interpreters are shell scripts")
def test_discovery_keeps_the_newest_patch_of_each_minor_version(tmp_path):
    fake_python(tmp_path / "pyenv" / "versions" / "3.11.2" / "bin", "3.11.2")
    newest = fake_python(tmp_path / "pyenv" / "versions" / "3.11.7" / "bin", "3.11.7")
    other = fake_python(tmp_path / "pyenv" / "versions" / "3.13.0" / "bin", "3.13.0")
    broken = tmp_path / "pyenv" / "versions" / "pypy" / "bin"
    broken.mkdir(parents=True)
    (broken / "python").write_text("#!/bin/sh\nexit 3\n")
    (broken / "python").chmod(0o755)
    onpath = fake_python(tmp_path / "bin", "3.12.4")
    (tmp_path / "bin" / "python3.12").symlink_to(onpath)
    found = python_matrix.discover(tmp_path / "pyenv", path=str(tmp_path / "bin"))
    assert found == {"3.11": (newest, "3.11.7"), "3.12": (tmp_path / "bin" / "python3.12", "3.12.4"),
                     "3.13": (other, "3.13.0")}


def test_bad_choices_say_what_was_given_and_what_to_do(tmp_path):
    found = {"3.11": (Path("/x/python"), "3.11.7")}
    with pytest.raises(python_matrix.MatrixError, match=r"no Python 3\.99 on this machine \(found: 3\.11\.7\)"):
        python_matrix.choose(found, ["3.99"])
    with pytest.raises(python_matrix.MatrixError, match="no such file"):
        python_matrix.choose(found, [str(tmp_path / "nope")])
    (tmp_path / "notpython").write_text("#!/bin/sh\nexit 1\n")
    (tmp_path / "notpython").chmod(0o755)
    with pytest.raises(python_matrix.MatrixError, match="does not run as a Python interpreter"):
        python_matrix.choose(found, [str(tmp_path / "notpython")])
    with pytest.raises(python_matrix.MatrixError, match="no Python found"):
        python_matrix.choose({}, None)
    assert python_matrix.choose(found, ["3.11"]) == found


def run_matrix(*args):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "python_matrix.py"), *args],
                          capture_output=True, text=True, cwd=ROOT)


def test_a_workdir_inside_the_course_is_refused():
    run = run_matrix("--workdir", "build/matrix")
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("python_matrix.py: --workdir build/matrix is inside the course folder")


def test_an_unsupported_python_gives_the_refusal_row(tmp_path):
    spec = check_python.read_requires_python()
    olds = [v for minor, (_, v) in python_matrix.discover().items()
            if tuple(int(p) for p in minor.split(".")) not in check_python.supported_versions(spec)]
    if not olds:
        pytest.skip("no Python outside requires-python on this machine")
    run = run_matrix("--python", olds[-1].rsplit(".", 1)[0], "--workdir", str(tmp_path))
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"| {olds[-1]} | refused | – | – | – | refused, as expected |" in run.stdout
    assert f"    Python {olds[-1]} found (" in run.stdout
    assert not list(tmp_path.glob("venv-*"))                 # refused: no venv made, nothing installed
