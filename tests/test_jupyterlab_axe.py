"""axe-core over JupyterLab with each notebook open and run (Playwright + Chromium).

One JupyterLab for the module (the `lab` fixture, tests/test_jupyterlab.py), one page per
notebook: open it, run all cells (`_open_and_run_all`), then run axe-core (tests/axe.py,
serious and critical violations only) over the whole page. The violations are split by
where their elements are:

* the course's own content, the notebook's rendered markdown and its cells' outputs
  (figures, printed text, the widgets' DOM): CONTENT below. These must be none.
* JupyterLab's own interface (toolbar, sidebars, status bar, the cells' prompts and
  editors): printed in the test output, not counted; the course cannot change them.

So that a quiet result means something, every run plants three unnamed buttons first: one
at the end of the last rendered markdown cell and one at the end of the last visible
output (both must be found, as content) and one in JupyterLab's status bar (found, as
JupyterLab's). They are taken out of the results before the real ones are judged.

What axe cannot judge here: colour contrast. In JupyterLab's page axe's color-contrast
rule counts the notebook's text as hidden (it finds no text node to measure, not even a
planted one), so contrast is not checked by this test.

All 13 notebooks take about 10 minutes on a busy 2-core machine (the run-all dominates;
axe takes 2 to 25 s a notebook). Skipped without Playwright/Chromium, failed on CI.
"""
import time
from pathlib import Path

import pytest
import test_jupyterlab as jupyterlab_tests
from axe import describe, split, violations
from test_jupyterlab import _open_and_run_all, _shut_down_kernel

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
CONTENT = ".jp-MarkdownOutput, .jp-OutputArea-output"      # JupyterLab's prompts, editors, collapsers are outside
RUN_ALL_S = 300                                              # 08 and 09 train: more than the widget notebooks need

PLANT = """() => {
    const seen = (e) => e.getBoundingClientRect().height > 0;
    const markdown = [...document.querySelectorAll('.jp-MarkdownOutput')].filter(seen).pop();
    const output = [...document.querySelectorAll('.jp-OutputArea-output')].filter(seen).pop();
    const bar = document.querySelector('#jp-main-statusbar');
    [[markdown, 'axe-planted-markdown'], [output, 'axe-planted-output'], [bar, 'axe-planted-chrome']]
        .forEach(([at, name]) => at && at.insertAdjacentHTML('beforeend', `<button class="${name}"></button>`));
    return [!!markdown, !!output, !!bar];
}"""


def _planted(found):
    """(the planted buttons' classes among `found`, the violations without them)."""
    seen, rest = set(), []
    for v in found:
        nodes = []
        for n in v["nodes"]:
            target = str(n["target"])
            name = next((c for c in ("axe-planted-markdown", "axe-planted-output", "axe-planted-chrome")
                         if c in target), None)
            if name:
                seen.add((v["id"], name))
            else:
                nodes.append(n)
        if nodes:
            rest.append({**v, "nodes": nodes})
    return seen, rest


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda n: n.split("_")[0])
def test_axe_finds_nothing_serious_in_the_course_content_of_each_notebook_run_in_jupyterlab(
        browser, lab, notebook, monkeypatch):
    base, _ = lab
    monkeypatch.setattr(jupyterlab_tests, "RUN_ALL_S", max(jupyterlab_tests.RUN_ALL_S, RUN_ALL_S))
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        started = time.monotonic()
        _open_and_run_all(page, base, notebook)
        ran = time.monotonic()
        assert page.evaluate(PLANT) == [True, True, True], f"{notebook}: no markdown or output to plant in"
        found = violations(page)
        content, chrome = split(page, found, CONTENT)
        print(f"\n{notebook}: run all {ran - started:.0f} s, axe {time.monotonic() - ran:.0f} s")
        planted_in, content = _planted(content)
        planted_out, chrome = _planted(chrome)
        assert planted_in == {("button-name", "axe-planted-markdown"), ("button-name", "axe-planted-output")}, \
            f"{notebook}: axe did not see the buttons planted in the notebook's content: {planted_in}"
        assert planted_out == {("button-name", "axe-planted-chrome")}, planted_out
        if chrome:
            print(f"JupyterLab's own interface (not counted):\n{describe(chrome)}")
        assert not content, f"{notebook}: serious or critical violations in the course's content:\n{describe(content)}"
    finally:
        _shut_down_kernel(page)
        page.close()
