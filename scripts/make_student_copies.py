"""Build student copies of the course in a separate folder.

    python scripts/make_student_copies.py            # -> build/student/
    python scripts/make_student_copies.py OUTDIR     # OUTDIR outside the course, or under build/

Each copy is the course notebook with the solution cells (tag `solution`), the cells
that would give a solution away (tag `reveals-solution`) and the instructor notes (tag
`instructor-notes`) removed and every output cleared, so the
student runs it fresh; the "Your turn" cells stay and their checks still give hints.
The folder also gets the autograd page of notebook 07 and a README for students.

Nothing of the course is touched: an OUTDIR that is the course folder or inside it
(other than under build/) is refused. Nothing a student edited is overwritten: the
script records what it wrote (in OUTDIR/.student-copies.json); a file there that it
did not write, or that was changed since, is kept, and the fresh copy is written
beside it as NAME.new.EXT, with a line that says so.
"""
import hashlib
import json
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
REMOVED_TAGS = {"solution", "reveals-solution", "instructor-notes"}
MANIFEST = ".student-copies.json"

README = """\
# Neural networks, from one perceptron to an MLP on MNIST (student copy)

These are the course notebooks for you to work through. Each notebook has "Your turn"
exercises: edit the cell, run it, and a check answers with ✅ when you are right (any
correct answer counts), ❌ with a hint when you are not, and ⚠️ when the answer is not
the kind of thing expected. Outputs are cleared: run each notebook from the top.

## Set up

With a Python the course supports (the course README's "Python versions" names them) and
the course's packages installed (`python scripts/check_python.py && python -m pip install
-r requirements.txt` in the course folder, which also provides the `helpers` package),
open the first notebook:

```bash
python -m jupyterlab notebooks/00_setup_and_roadmap.ipynb
```

Start with notebook 00: it checks your packages, widgets, data and CPU/GPU.
`notebooks/interactive_comp_graph.html` (with notebook 07) opens by double-click, offline.

## Data

MNIST is downloaded once to `~/.cache/nn-course` (or the folder in `COURSE_DATA_DIR`);
offline, the course uses a real MNIST subset that ships with it, and says so.
"""


class StudentCopyError(RuntimeError):
    """The output folder would touch the course; the message says what to do."""


def student_copy(nb):
    """The student version of a notebook object (a new object; `nb` is unchanged)."""
    copy = nbformat.from_dict(nb)
    copy.cells = [c for c in copy.cells if not REMOVED_TAGS & set(c.get("metadata", {}).get("tags", []))]
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    copy.metadata.pop("widgets", None)
    return copy


def check_outdir(out, root=ROOT):
    """The resolved output folder; refused (StudentCopyError) when it is the course
    folder, lies above it, or lies inside it anywhere but under build/."""
    out, root = Path(out).expanduser().resolve(), Path(root).resolve()
    build = root / "build"
    inside_build = out == build or build in out.parents
    if out == root or out in root.parents or (root in out.parents and not inside_build):
        raise StudentCopyError(
            f"Refusing to write student copies to {out}: that is the course folder {root} or "
            "inside (or above) it, and the copies would overwrite the course notebooks. "
            f"Give a folder outside the course, or one under {build} (the default is "
            f"{build / 'student'}).")
    return out


def _digest(data):
    return hashlib.sha256(data).hexdigest()


def _write(target, data, written, out, report):
    """Write bytes `data` to `target` unless a file is there that this script did not
    write (or that was changed since): then write NAME.new.EXT beside it."""
    key = target.relative_to(out).as_posix()
    if target.exists():
        current = _digest(target.read_bytes())
        if current == _digest(data):
            written[key] = current
            return target
        if written.get(key) != current:         # edited by someone, or never ours
            beside = target.with_name(f"{target.stem}.new{target.suffix}")
            if beside.exists() and written.get(beside.relative_to(out).as_posix()) != _digest(beside.read_bytes()):
                report.append(f"kept {key} and {beside.name} (both edited): nothing written for it")
                return None
            beside.write_bytes(data)
            written[beside.relative_to(out).as_posix()] = _digest(data)
            report.append(f"kept your edited {key}; the fresh copy is {beside.relative_to(out).as_posix()}")
            return beside
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    written[key] = _digest(data)
    return target


def main(out=None, root=ROOT):
    """Write the student copies to `out` (default build/student) and return that folder."""
    root = Path(root).resolve()
    out = check_outdir(out if out else root / "build" / "student", root)
    manifest = out / MANIFEST
    try:
        written = json.loads(manifest.read_text()) if manifest.exists() else {}
    except (OSError, ValueError):
        written = {}
    report = []
    for path in sorted((root / "notebooks").glob("[0-9][0-9]*.ipynb")):
        data = nbformat.writes(student_copy(nbformat.read(path, as_version=4))).encode()
        _write(out / "notebooks" / path.name, data, written, out, report)
    for extra in sorted((root / "notebooks").glob("interactive_comp_graph*")):
        _write(out / "notebooks" / extra.name, extra.read_bytes(), written, out, report)
    _write(out / "README.md", README.encode(), written, out, report)
    manifest.write_text(json.dumps(written, indent=1, sort_keys=True))
    for line in report:
        print(line)
    print(f"student copies written to {out}")
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) > 1 or (args and args[0].startswith("-")):
        sys.exit("usage: python scripts/make_student_copies.py [OUTDIR]")
    try:
        main(args[0] if args else None)
    except StudentCopyError as err:
        sys.exit(str(err))
