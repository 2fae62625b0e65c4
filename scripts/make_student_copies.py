"""Build student copies of the course in a separate folder.

    python scripts/make_student_copies.py            # -> build/student/
    python scripts/make_student_copies.py OUTDIR

Each copy is the course notebook with the solution cells (tag `solution`) and the
instructor notes (tag `instructor-notes`) removed and every output cleared, so the
student runs it fresh; the "Your turn" cells stay and their checks still give hints.
The stored course in notebooks/ is not touched.
"""
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
REMOVED_TAGS = {"solution", "instructor-notes"}


def student_copy(nb):
    """The student version of a notebook object (a new object; `nb` is unchanged)."""
    copy = nbformat.from_dict(nb)
    copy.cells = [c for c in copy.cells if not REMOVED_TAGS & set(c.get("metadata", {}).get("tags", []))]
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    copy.metadata.pop("widgets", None)
    return copy


def main(out=None):
    out = Path(out) if out else ROOT / "build" / "student"
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]*.ipynb")):
        nbformat.write(student_copy(nbformat.read(path, as_version=4)), out / "notebooks" / path.name)
    for extra in (ROOT / "notebooks").glob("interactive_comp_graph*"):
        shutil.copy(extra, out / "notebooks" / extra.name)
    shutil.copy(ROOT / "README.md", out / "README.md")
    print(f"student copies written to {out}")
    return out


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
