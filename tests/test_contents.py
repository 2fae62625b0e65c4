"""The contents (navigation cells, README table, notebook 00's roadmap) are generated
from the notebooks by scripts/make_contents.py; they must be up to date."""
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("make_contents", ROOT / "scripts" / "make_contents.py")
make_contents = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_contents)


def test_contents_are_up_to_date():
    changed = make_contents.build()
    assert not changed, ("out of date: " + ", ".join(str(p.relative_to(ROOT)) for p in changed)
                         + ". Run: python scripts/make_contents.py")


def test_every_notebook_is_in_the_readme_and_the_roadmap():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    roadmap = "".join("".join(c["source"]) for c in json.loads(
        (ROOT / "notebooks" / "00_setup_and_roadmap.ipynb").read_text(encoding="utf-8"))["cells"])
    for path in make_contents.notebook_paths():
        assert f"(notebooks/{path.name})" in readme and f"]({path.name})" in roadmap


def test_navigation_links_point_to_the_neighbours():
    paths = make_contents.notebook_paths()
    entries = [make_contents.entry(p, make_contents.read(p)) + (p,) for p in paths]
    first, middle, last = (make_contents.navigation(entries, k) for k in (0, 1, len(entries) - 1))
    assert "←" not in first and f"({paths[1].name})" in first
    assert f"({paths[0].name})" in middle and f"({paths[2].name})" in middle
    assert "→" not in last and f"({paths[-2].name})" in last


def test_a_notebook_without_its_metadata_is_named(tmp_path):
    book = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# 42 · Extra"}], "metadata": {}}
    path = tmp_path / "42_extra.ipynb"
    with pytest.raises(make_contents.ContentsError, match="42_extra.ipynb.*metadata.course"):
        make_contents.entry(path, book)
    with pytest.raises(make_contents.ContentsError, match="file name must start with 42_"):
        make_contents.entry(tmp_path / "43_extra.ipynb", book)
