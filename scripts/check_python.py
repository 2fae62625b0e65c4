"""Stop with one line when this Python is not one the course supports.

    python scripts/check_python.py      # silent and exit 0 on a supported Python

The README's two set-up commands run this first (command 1 directly, command 2 through
tests/install.sh), so that on an unsupported Python a student reads which Python was
found, which ones the course supports and what to do, instead of pip's resolver failing
on a pinned package many lines later.

The supported versions are kept in one place, `requires-python` in pyproject.toml,
written as ">=3.A,<3.B" (minor versions only): the versions on which the course was
installed and its test suite passed (README "Python versions", measured with
scripts/python_matrix.py). This file reads it from there.

This file must run on any Python a student may have, old ones included (Python 2.7,
3.6): so no f-strings, no annotations, nothing newer than Python 2.7 and 3.3 share.
"""
import io
import os
import re
import sys

PYPROJECT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pyproject.toml")
CLAUSE = re.compile(r"^(>=|<)\s*(\d+)\.(\d+)$")


class SpecError(ValueError):
    """requires-python is missing or not of the form this file reads."""


def read_requires_python(path=None):
    """The `requires-python` string of pyproject.toml's [project] table."""
    path = path or PYPROJECT
    try:
        with io.open(path, encoding="utf-8") as f:
            text = f.read()
    except (IOError, OSError) as error:
        raise SpecError("cannot read %s (%s): run this from the course folder you downloaded" % (path, error))
    found = re.search(r'^requires-python\s*=\s*"([^"]*)"', text, re.M)
    if not found:
        raise SpecError("%s has no requires-python line: add one such as requires-python = \">=3.11,<3.14\"" % path)
    return found.group(1)


def supported_versions(spec):
    """The (major, minor) pairs that `spec` (">=3.A,<3.B") admits, oldest first."""
    bounds = {}
    for clause in spec.split(","):
        match = CLAUSE.match(clause.strip())
        if not match or match.group(1) in bounds:
            raise SpecError("requires-python = \"%s\" is not of the form \">=3.A,<3.B\" that "
                            "scripts/check_python.py reads: write the lowest supported version and the "
                            "first unsupported one, e.g. \">=3.11,<3.14\"" % spec)
        bounds[match.group(1)] = (int(match.group(2)), int(match.group(3)))
    if set(bounds) != {">=", "<"} or bounds[">="][0] != bounds["<"][0] or bounds[">="] >= bounds["<"]:
        raise SpecError("requires-python = \"%s\" must name a lowest supported version and a higher first "
                        "unsupported one of the same major version, e.g. \">=3.11,<3.14\"" % spec)
    major = bounds[">="][0]
    return [(major, minor) for minor in range(bounds[">="][1], bounds["<"][1])]


def spoken(versions):
    """[(3, 11), (3, 12), (3, 13)] -> "3.11, 3.12 and 3.13": how the README names them."""
    names = ["%d.%d" % v for v in versions]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def refusal(version_info, executable, spec):
    """None when the Python of `version_info` is supported, else the one line to print."""
    versions = supported_versions(spec)
    if tuple(version_info[:2]) in versions:
        return None
    newest = "%d.%d" % versions[-1]
    return ("Python %d.%d.%d found (%s), but this course supports Python %s: install one "
            "(https://www.python.org/downloads/, `pyenv install %s` or `uv python install %s`), "
            "make it your `python` (e.g. `python%s -m venv ../course-venv`, then `source ../course-venv/bin/activate`, "
            "on Windows `..\\course-venv\\Scripts\\activate`) and run this command again."
            % (tuple(version_info[:3]) + (executable or "this python", spoken(versions), newest, newest, newest)))


def main():
    try:
        line = refusal(sys.version_info, sys.executable, read_requires_python())
    except SpecError as error:
        line = "scripts/check_python.py: %s." % error
    if line:
        sys.stderr.write(line + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
