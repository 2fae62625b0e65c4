"""Write the course's contents from the notebooks themselves.

    python scripts/make_contents.py          # rewrite what is out of date
    python scripts/make_contents.py --check  # only say what is out of date (exit 1)

The notebooks are the one source: each `notebooks/NN_name.ipynb` has a title cell
`# NN · Title` and, in its metadata, `course.you_will` (one line: what a student does)
and `course.minutes`. From them this script writes

- every notebook's two navigation cells (tag `navigation`: first and last cell):
  previous | contents | next;
- the notebook table of README.md, between `<!-- contents:start -->` and
  `<!-- contents:end -->`;
- the roadmap table of notebook 00, between the same markers in its roadmap cell.

To add a notebook: create `notebooks/NN_name.ipynb` with a title cell, the metadata
above and two empty markdown cells tagged `navigation` (first and last), then run this.
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
START, END = "<!-- contents:start -->", "<!-- contents:end -->"
TITLE = re.compile(r"^# (\d\d[a-z]?) · (.+)$", re.M)


class ContentsError(Exception):
    """A notebook lacks what the contents are made from; the message says which and what."""


def notebook_paths():
    return sorted(NOTEBOOKS.glob("[0-9][0-9]*.ipynb"))


def read(path):
    return json.loads(path.read_text(encoding="utf-8"))


def write(path, nb):
    import nbformat

    nbformat.write(nbformat.from_dict(nb), str(path))


def set_source(cell, text):
    cell["source"] = text.splitlines(keepends=True)


def entry(path, nb):
    """(number, title, you_will, minutes) of one notebook."""
    for cell in nb["cells"]:
        match = TITLE.search("".join(cell["source"])) if cell["cell_type"] == "markdown" else None
        if match:
            break
    else:
        raise ContentsError(f"{path.name}: no title cell '# NN · Title'.")
    number = match.group(1)
    if not path.name.startswith(number + "_"):
        raise ContentsError(f"{path.name}: its title says {number}; the file name must start with {number}_.")
    meta = nb.get("metadata", {}).get("course", {})
    if not meta.get("you_will") or not isinstance(meta.get("minutes"), int):
        raise ContentsError(f"{path.name}: set metadata.course.you_will (one line) and "
                            "metadata.course.minutes (a whole number).")
    return number, match.group(2).strip(), meta["you_will"], meta["minutes"]


def navigation(entries, k):
    parts = []
    if k > 0:
        number, title, path = entries[k - 1][0], entries[k - 1][1], entries[k - 1][4]
        parts.append(f"[← {number} · {title}]({path.name})")
    parts.append("[Contents](../README.md#notebooks)")
    if k + 1 < len(entries):
        number, title, path = entries[k + 1][0], entries[k + 1][1], entries[k + 1][4]
        parts.append(f"[{number} · {title} →]({path.name})")
    return "<!-- navigation -->\n" + " | ".join(parts)


def readme_table(entries):
    rows = ["| # | notebook | you will | time |", "|---|---|---|---|"]
    rows += [f"| {n} | [{t}](notebooks/{p.name}) | {w} | {m} min |" for n, t, w, m, p in entries]
    return "\n".join(rows)


def roadmap_table(entries):
    rows = ["| # | notebook | what you do |", "|---|---|---|"]
    rows += [f"| [{n}]({p.name}) | {t} | {w} |" for n, t, w, m, p in entries]
    return "\n".join(rows)


def between_markers(text, table, where):
    if START not in text or END not in text:
        raise ContentsError(f"{where}: put the markers {START} and {END} where the table goes.")
    head, rest = text.split(START, 1)
    return f"{head}{START}\n{table}\n{END}{rest.split(END, 1)[1]}"


def build():
    """{path: new text} for every file whose contents are out of date."""
    books = [(path, read(path)) for path in notebook_paths()]
    entries = [entry(path, nb) + (path,) for path, nb in books]
    numbers = [e[0] for e in entries]
    if len(set(numbers)) != len(numbers):
        raise ContentsError(f"Two notebooks share a number: {numbers}.")
    changed = {}
    for k, (path, nb) in enumerate(books):
        old = json.dumps(nb, sort_keys=True)
        nav = [c for c in nb["cells"] if "navigation" in c.get("metadata", {}).get("tags", [])]
        if len(nav) != 2 or nb["cells"][0] is not nav[0] or nb["cells"][-1] is not nav[1]:
            raise ContentsError(f"{path.name}: the first and the last cell must be markdown cells "
                                "tagged 'navigation'.")
        for cell in nav:
            set_source(cell, navigation(entries, k))
        if entries[k][0] == "00":
            cells = [c for c in nb["cells"] if START in "".join(c["source"])]
            if len(cells) != 1:
                raise ContentsError(f"{path.name}: one cell must hold the roadmap markers {START} {END}.")
            set_source(cells[0], between_markers("".join(cells[0]["source"]), roadmap_table(entries), path.name))
        if json.dumps(nb, sort_keys=True) != old:
            changed[path] = nb
    text = README.read_text(encoding="utf-8")
    new = between_markers(text, readme_table(entries), "README.md")
    if new != text:
        changed[README] = new
    return changed


def main(argv):
    try:
        changed = build()
    except ContentsError as err:
        print(err)
        return 2
    for path, content in changed.items():
        if "--check" in argv:
            print(f"out of date: {path.relative_to(ROOT)}")
        elif path == README:
            path.write_text(content, encoding="utf-8")
        else:
            write(path, content)
    if "--check" in argv and changed:
        print("Run: python scripts/make_contents.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
