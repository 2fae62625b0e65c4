"""Install the course and run its whole test suite on every Python on this machine.

    python scripts/python_matrix.py                      # every Python found (pyenv, PATH)
    python scripts/python_matrix.py --python 3.11 3.13   # some of them (or interpreter paths)
    python scripts/python_matrix.py --python 3.13 --pytest-args "tests/test_readme.py"   # a quick try

For each Python version found (one interpreter per minor version, the newest patch:
pyenv's versions, then python3.N on PATH) it does what a student does with the README's
set-up, timing each step:

1. `scripts/check_python.py` with the bare interpreter: on a version outside
   pyproject.toml's requires-python it must refuse with its one line, and that is the
   result (`--try-unsupported` goes on to install anyway, to see whether a version
   could be added);
2. a fresh virtual environment, with the README's command 2 in it: `bash tests/install.sh`
   (the check again, Chromium when missing, requirements-test.txt), then `python -m pytest`
   (unit tests, nbval over the notebooks, browser tests).

It prints a table (Python, check, install, tests, verdict) as Markdown, ready for the
README's "Python versions" section, and exits 0 when every supported version installed
and passed and every other one was refused. Install and tests take 8 to 13 minutes per
version on a 2-core machine. Venvs and logs go to ~/.cache/nn-course/python-matrix (or
--workdir, which must be outside the course folder: the test suite reads every .py file
in it); each venv is deleted after its run unless --keep-venvs. Linux and macOS (bash).
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import check_python  # noqa: E402

DEFAULT_WORKDIR = Path.home() / ".cache" / "nn-course" / "python-matrix"
VERSION_CODE = "import sys; print('%d.%d.%d' % tuple(sys.version_info[:3]))"
INSTALL_TIMEOUT_S = 2 * 3600
TESTS_TIMEOUT_S = 3 * 3600
SUMMARY = re.compile(r"^=+ (.*\d+ \w+.*) in [\d.]+s(?: \([\d:]+\))? =+$")
COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|deselected|warnings?)")


class MatrixError(RuntimeError):
    """Bad input to the script; the message says what was given and what to do."""


def version_of(executable):
    """'3.11.7' for a Python interpreter, None when it does not run as one."""
    try:
        run = subprocess.run([str(executable), "-c", VERSION_CODE], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    out = run.stdout.strip()
    return out if run.returncode == 0 and re.fullmatch(r"\d+\.\d+\.\d+", out) else None


def key(version):
    return tuple(int(part) for part in version.split("."))


def candidates(pyenv_root=None, path=None):
    """Interpreter paths to try, in order: pyenv's versions, then python3.N/python3/python on PATH."""
    root = Path(pyenv_root or os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    found = sorted((root / "versions").glob("*/bin/python"))
    names = [f"python3.{minor}" for minor in range(30)] + ["python3", "python"]
    for name in names:
        exe = shutil.which(name, path=path)
        if exe:
            found.append(Path(exe))
    return found


def discover(pyenv_root=None, path=None):
    """{'3.11': (Path, '3.11.7'), ...}: one interpreter per minor version, the newest patch."""
    best = {}
    for exe in candidates(pyenv_root, path):
        version = version_of(exe)
        if version is None:
            continue
        minor = ".".join(version.split(".")[:2])
        if minor not in best or key(version) > key(best[minor][1]):
            best[minor] = (exe, version)
    return dict(sorted(best.items(), key=lambda item: key(item[0])))


def choose(found, wanted):
    """The interpreters named by --python (minor versions such as 3.11, or paths), in that order."""
    if not wanted:
        if not found:
            raise MatrixError("no Python found (looked in pyenv's versions and for python3.N on PATH): "
                              "install one, or name an interpreter with --python /path/to/python")
        return found
    chosen = {}
    for item in wanted:
        if re.fullmatch(r"\d+\.\d+", item):
            if item not in found:
                have = ", ".join(v for _, v in found.values()) or "none"
                raise MatrixError(f"--python {item}: no Python {item} on this machine (found: {have}); "
                                  f"install it (e.g. `pyenv install {item}`) or name an interpreter by its path")
            chosen[item] = found[item]
            continue
        exe = Path(item).expanduser()
        if not exe.exists():
            raise MatrixError(f"--python {item}: no such file; give a minor version such as 3.12 "
                              "or the path of a Python interpreter")
        version = version_of(exe)
        if version is None:
            raise MatrixError(f"--python {item}: it does not run as a Python interpreter "
                              f"(`{item} -c ...` failed); give the path of a Python interpreter")
        chosen[".".join(version.split(".")[:2])] = (exe, version)
    return chosen                                   # in the order given: run the most wanted first


def pytest_counts(output):
    """{'passed': 1270, 'failed': 0, ...} from pytest's closing line; None when there is none."""
    for line in reversed(output.splitlines()):
        match = SUMMARY.match(line.strip())
        if match:
            counts = {"passed": 0, "failed": 0, "errors": 0, "skipped": 0}
            for number, word in COUNT.findall(match.group(1)):
                word = {"error": "errors", "warning": "warnings"}.get(word, word)
                counts[word] = counts.get(word, 0) + int(number)
            return counts
    return None


def run_logged(command, log, env, timeout):
    """Run `command` in the course folder, its output into `log`; (return code or 'timeout', seconds)."""
    start = time.monotonic()
    with open(log, "w", encoding="utf-8") as out:
        out.write("$ " + " ".join(str(c) for c in command) + "\n")
        out.flush()
        try:
            code = subprocess.run([str(c) for c in command], cwd=ROOT, env=env, stdout=out,
                                  stderr=subprocess.STDOUT, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
    return code, time.monotonic() - start


def venv_env(venv):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV")}
    env["VIRTUAL_ENV"] = str(venv)
    env["PATH"] = str(venv / "bin") + os.pathsep + env.get("PATH", "")
    return env


def run_one(exe, version, workdir, spec, pytest_args, try_unsupported=False, keep_venv=False, say=print):
    """One row of the matrix: a dict with what happened at each step."""
    row = {"python": version, "interpreter": str(exe)}
    logs = workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    check = subprocess.run([str(exe), str(ROOT / "scripts" / "check_python.py")], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    refusal = (check.stderr + check.stdout).strip()
    row["supported"] = tuple(key(version)[:2]) in check_python.supported_versions(spec)
    row["check"] = "ok" if check.returncode == 0 else "refused"
    row["refusal"] = refusal if check.returncode else ""
    say(f"{version}: version check {row['check']}" + (f": {refusal}" if refusal else ""))
    if check.returncode and not try_unsupported:
        return finish(row)

    venv = workdir / f"venv-{version}"
    shutil.rmtree(venv, ignore_errors=True)
    code, seconds = run_logged([exe, "-m", "venv", venv], logs / f"{version}-venv.log", None, 600)
    if code != 0:
        row.update(install="failed", install_s=seconds, log=str(logs / f"{version}-venv.log"))
        say(f"{version}: making a venv failed, see {row['log']}")
        return finish(row)
    env = venv_env(venv)
    install = (["bash", "tests/install.sh"] if check.returncode == 0 else
               ["python", "-m", "pip", "install", "-r", "requirements-test.txt"])    # --try-unsupported
    log = logs / f"{version}-install.log"
    code, seconds = run_logged(install, log, env, INSTALL_TIMEOUT_S)
    row.update(install="ok" if code == 0 else "timed out" if code == "timeout" else "failed", install_s=seconds)
    say(f"{version}: install {row['install']} in {seconds:.0f} s (log: {log})")
    if code == 0:
        log = logs / f"{version}-pytest.log"
        code, seconds = run_logged(["python", "-m", "pytest", *pytest_args], log, env, TESTS_TIMEOUT_S)
        counts = pytest_counts(log.read_text(encoding="utf-8", errors="replace"))
        row.update(tests_exit=code, tests_s=seconds, counts=counts, log=str(log))
        say(f"{version}: tests {describe(counts, code)} in {seconds:.0f} s (log: {log})")
    else:
        row["log"] = str(log)
    if not keep_venv:
        shutil.rmtree(venv, ignore_errors=True)
    return finish(row)


def describe(counts, code):
    if counts is None:
        return "timed out" if code == "timeout" else f"no pytest summary (exit {code})"
    parts = [f"{counts['passed']} passed", f"{counts['failed']} failed"]
    parts += [f"{counts[k]} {k}" for k in ("errors", "skipped", "xfailed", "xpassed") if counts.get(k)]
    return ", ".join(parts)


def finish(row):
    """Add the verdict: what the row means for the supported list."""
    counts = row.get("counts")
    passed = (row.get("install") == "ok" and row.get("tests_exit") == 0 and counts is not None
              and counts["failed"] == 0 and counts["errors"] == 0 and counts["passed"] > 0)
    if row["supported"]:
        row["verdict"] = "passed" if passed else "FAILED"
    elif row["check"] == "refused" and "install" not in row:
        row["verdict"] = "refused, as expected"
    elif row["check"] != "refused":
        row["verdict"] = "FAILED: the check let an unsupported Python through"
    else:
        row["verdict"] = "refused; installed anyway: " + ("passed" if passed else "failed")
    return row


def as_expected(row):
    return row["verdict"] in ("passed", "refused, as expected") or row["verdict"].startswith("refused; installed")


def table(rows):
    """The matrix as a Markdown table, then each refusal line once."""
    lines = ["| Python | version check | install | tests | test time | verdict |",
             "|---|---|---|---|---|---|"]
    for row in sorted(rows, key=lambda r: key(r["python"])):
        install = f"{row['install']}, {row['install_s']:.0f} s" if "install" in row else "–"
        tests = describe(row["counts"], row["tests_exit"]) if "tests_exit" in row else "–"
        took = f"{row['tests_s']:.0f} s" if "tests_s" in row else "–"
        lines.append(f"| {row['python']} | {row['check']} | {install} | {tests} | {took} | {row['verdict']} |")
    refused = sorted((row for row in rows if row["refusal"]), key=lambda r: key(r["python"]))
    if refused:
        lines += ["", f"The refusal on {refused[-1]['python']} (every refused version gets this line, "
                      "with its own version and path):", "", f"    {refused[-1]['refusal']}"]
    return "\n".join(lines)


def machine():
    """A line that says what the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        names = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                 if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}"


def commit():
    """The course's commit, with '+ uncommitted changes' when the tree differs from it."""
    try:
        sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return sha + (" + uncommitted changes" if dirty else "")


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", nargs="+", metavar="VERSION_OR_PATH",
                        help="minor versions (3.12) or interpreter paths; default: every Python found")
    parser.add_argument("--pytest-args", default="", help="arguments for pytest, e.g. 'tests/test_readme.py'")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help="venvs and logs (outside the course)")
    parser.add_argument("--keep-venvs", action="store_true", help="keep each venv after its run")
    parser.add_argument("--try-unsupported", action="store_true",
                        help="install and test on versions the check refuses too (pip directly)")
    args = parser.parse_args(argv)
    workdir = args.workdir.expanduser().resolve()
    if workdir == ROOT or ROOT in workdir.parents:
        raise MatrixError(f"--workdir {args.workdir} is inside the course folder, where the test suite would read "
                          f"the venvs' files: give a folder outside {ROOT}, or leave the default {DEFAULT_WORKDIR}")
    args.workdir = workdir
    return args


def main(argv=None):
    try:
        args = parse(argv)
        spec = check_python.read_requires_python()
        check_python.supported_versions(spec)
        chosen = choose(discover(), args.python)
    except (MatrixError, check_python.SpecError) as error:
        print(f"python_matrix.py: {error}", file=sys.stderr)
        return 2
    started = datetime.datetime.now().astimezone()
    header = (f"Measured {started:%Y-%m-%d} on {machine()}, course commit {commit()}, "
              f"requires-python \"{spec}\"" + (f", pytest {args.pytest_args}" if args.pytest_args else ""))
    print(header)
    print("Pythons: " + ", ".join(f"{v} ({exe})" for exe, v in chosen.values()), flush=True)
    rows = []
    for exe, version in chosen.values():
        rows.append(run_one(exe, version, args.workdir, spec, args.pytest_args.split(),
                            args.try_unsupported, args.keep_venvs, say=lambda s: print(s, flush=True)))
    missing = [check_python.spoken([v]) for v in check_python.supported_versions(spec)
               if f"{v[0]}.{v[1]}" not in chosen]
    print()
    print(header)
    print()
    print(table(rows))
    if missing and not args.python:
        print(f"\nNot on this machine, so not measured: supported Python {', '.join(missing)}.")
    result = args.workdir / "results.json"
    result.write_text(json.dumps({"header": header, "rows": rows}, indent=1), encoding="utf-8")
    print(f"\nRows as JSON: {result}")
    return 0 if all(as_expected(row) for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
