"""scripts/check_python.py: on a Python outside pyproject.toml's requires-python, both
set-up commands stop with one line that says which Python was found, which ones the course
supports and what to do; on a supported one it says nothing."""
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check_python.py"
sys.path.insert(0, str(ROOT / "scripts"))
import check_python  # noqa: E402
import python_matrix  # noqa: E402

SPEC = check_python.read_requires_python()


def test_requires_python_is_read_and_lists_whole_minor_versions():
    assert check_python.supported_versions(">=3.11,<3.14") == [(3, 11), (3, 12), (3, 13)]
    assert check_python.supported_versions(" <3.12 , >=3.11") == [(3, 11)]
    versions = check_python.supported_versions(SPEC)
    assert versions and all(major == 3 for major, _ in versions)
    assert check_python.spoken([(3, 11), (3, 12), (3, 13)]) == "3.11, 3.12 and 3.13"
    assert check_python.spoken([(3, 12)]) == "3.12"


@pytest.mark.parametrize("spec", ["", ">=3.11", "<3.14", ">3.11,<3.14", ">=3.11.2,<3.14", ">=3.13,<3.11",
                                  ">=3.11,<4.0", ">=3.11,>=3.12,<3.14", "~=3.11"])
def test_a_requires_python_it_cannot_read_is_said_with_the_form_it_wants(spec):
    with pytest.raises(check_python.SpecError, match=r'e\.g\. ">=3\.11,<3\.14"') as error:
        check_python.supported_versions(spec)
    assert f'"{spec}"' in str(error.value)


def test_a_missing_or_incomplete_pyproject_says_what_to_do(tmp_path):
    with pytest.raises(check_python.SpecError, match="cannot read .*nope.toml.*course folder"):
        check_python.read_requires_python(str(tmp_path / "nope.toml"))
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    with pytest.raises(check_python.SpecError, match="no requires-python line"):
        check_python.read_requires_python(str(tmp_path / "pyproject.toml"))


@pytest.mark.parametrize("version", [(2, 7, 18), (3, 10, 13), (3, 14, 0)])
def test_an_unsupported_python_gets_one_line_saying_what_was_found_and_what_to_do(version):
    line = check_python.refusal(version, "/opt/py/bin/python", ">=3.11,<3.14")
    assert "\n" not in line
    assert line.startswith("Python {}.{}.{} found (/opt/py/bin/python), ".format(*version))
    assert "supports Python 3.11, 3.12 and 3.13:" in line
    assert "python.org/downloads" in line and "pyenv install 3.13" in line and "python3.13 -m venv" in line


@pytest.mark.parametrize("version", [(3, 11, 0), (3, 12, 1), (3, 13, 9)])
def test_a_supported_python_passes(version):
    assert check_python.refusal(version, "/opt/py/bin/python", ">=3.11,<3.14") is None


def test_the_script_is_silent_on_the_python_running_these_tests():
    run = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, cwd="/")
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")


def test_the_script_refuses_a_python_older_than_the_oldest_supported(monkeypatch, capsys):
    oldest = check_python.supported_versions(SPEC)[0]
    monkeypatch.setattr(sys, "version_info", (oldest[0], oldest[1] - 1, 4, "final", 0))
    with pytest.raises(SystemExit) as stop:
        runpy.run_path(str(SCRIPT), run_name="__main__")
    err = capsys.readouterr().err
    assert stop.value.code == 1 and err.count("\n") == 1
    assert err.startswith(f"Python {oldest[0]}.{oldest[1] - 1}.4 found ({sys.executable})")


def test_the_script_says_when_pyproject_cannot_be_read(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(check_python, "PYPROJECT", str(tmp_path / "pyproject.toml"))
    assert check_python.main() == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("scripts/check_python.py: cannot read ")


def old_pythons():
    found = python_matrix.discover()
    supported = check_python.supported_versions(SPEC)
    return [pytest.param(exe, version, id=version) for minor, (exe, version) in found.items()
            if tuple(int(p) for p in minor.split(".")) not in supported]


@pytest.mark.parametrize("exe, version", old_pythons() or [pytest.param(None, None, marks=pytest.mark.skip(
    reason="no Python outside requires-python on this machine (pyenv or PATH) to run the check with"))])
def test_a_real_unsupported_interpreter_gets_the_line_not_a_traceback(exe, version):
    """The check must parse and run on the old Pythons it refuses (2.7 and 3.6 included)."""
    run = subprocess.run([str(exe), str(SCRIPT)], capture_output=True, text=True)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and run.stderr.startswith(f"Python {version} found ({exe})")


def test_install_script_runs_the_check_before_installing_anything():
    lines = [line.strip() for line in (ROOT / "tests" / "install.sh").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert "set -euo pipefail" in lines                        # so the check's exit 1 stops it
    check = lines.index("python scripts/check_python.py")
    first_install = next(i for i, line in enumerate(lines) if re.search(r"apt-get|\bpip\b", line))
    assert check < first_install


def test_bash_install_script_stops_with_the_line_on_an_unsupported_python(tmp_path):
    """tests/install.sh, with a `python` first on PATH that the check refuses, stops before
    apt-get and pip with the check's line."""
    olds = [p.values[0] for p in old_pythons()]
    if not olds:
        pytest.skip("no Python outside requires-python on this machine to put first on PATH")
    (tmp_path / "python").symlink_to(olds[-1])
    env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "HOME": str(tmp_path)}
    run = subprocess.run(["bash", str(ROOT / "tests" / "install.sh")], capture_output=True, text=True, env=env)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and " found (" in run.stderr and "supports Python" in run.stderr
