"""axe-core over JupyterLab with each notebook open and run (Playwright + Chromium).

One JupyterLab for the module (the `lab` fixture, tests/test_jupyterlab.py), one page per
notebook: open it, run all cells (`_open_and_run_all`), then run axe-core (tests/axe.py,
serious and critical violations only) over the whole page. The violations are split by
where their elements are:

* the course's own content, the notebook's rendered markdown and its cells' outputs
  (figures, printed text, the widgets' DOM): CONTENT below. These must be none.
* JupyterLab's own interface (toolbar, sidebars, status bar, the cells' prompts and
  editors): printed in the test output, not counted; the course cannot change them.

So that a quiet result means something, every run plants unnamed buttons first: one at
the end of the last rendered markdown cell and one at the end of the last visible output
(both must be found, as content), next to the latter a faint grey text (found: contrast
is measured down to the notebook's end), and one in JupyterLab's status bar (found, as
JupyterLab's). They are taken out of the results before the real ones are judged.

Colour contrast: JupyterLab's <body> is 0 px high with overflow hidden (its panels are
positioned absolutely), so axe counts every text as clipped, hidden, and measures none. For
axe the body gets the window's height (nothing on screen moves), and the window gets the
notebook's full height, so no cell is scrolled out of sight.

All 13 notebooks took 9 min 4 s on a busy 2-core machine (run-all 13 to 49 s a notebook,
axe 2 to 15 s). Skipped without Playwright/Chromium, failed on CI.
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
    output.insertAdjacentHTML('beforeend', '<span class="axe-planted-faint" style="color:#c8c8c8">faint</span>');
    return [!!markdown, !!output, !!bar];
}"""


def _planted(found):
    """(the planted buttons' classes among `found`, the violations without them)."""
    seen, rest = set(), []
    for v in found:
        nodes = []
        for n in v["nodes"]:
            target = str(n["target"])
            name = next((c for c in ("axe-planted-markdown", "axe-planted-output", "axe-planted-faint",
                                     "axe-planted-chrome")
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
        page.add_style_tag(content="body { height: 100vh; }")             # see the module's docstring
        height = page.evaluate("""() => {        // the cells' height, plus what the window shows around them
            const outer = document.querySelector('.jp-WindowedPanel-outer');
            const cells = document.querySelectorAll('.jp-Notebook .jp-Cell');
            const top = cells[0].getBoundingClientRect().top;
            const bottom = cells[cells.length - 1].getBoundingClientRect().bottom;
            return Math.ceil(bottom - top + window.innerHeight - outer.clientHeight);
        }""")
        page.set_viewport_size({"width": 1400, "height": height + 100})
        page.evaluate("() => { document.querySelector('.jp-WindowedPanel-outer').scrollTop = 0; }")
        page.wait_for_function("""() => {                 // the last cell in sight: JupyterLab has laid out
            const outer = document.querySelector('.jp-WindowedPanel-outer').getBoundingClientRect();
            const cells = document.querySelectorAll('.jp-Notebook .jp-Cell');
            return cells[cells.length - 1].getBoundingClientRect().bottom <= outer.bottom + 1;
        }""", timeout=30_000)
        assert page.evaluate(PLANT) == [True, True, True], f"{notebook}: no markdown or output to plant in"
        found = violations(page)
        content, chrome = split(page, found, CONTENT)
        print(f"\n{notebook}: run all {ran - started:.0f} s, axe {time.monotonic() - ran:.0f} s")
        planted_in, content = _planted(content)
        planted_out, chrome = _planted(chrome)
        assert planted_in == {("button-name", "axe-planted-markdown"), ("button-name", "axe-planted-output"),
                              ("color-contrast", "axe-planted-faint")}, \
            f"{notebook}: axe did not see what was planted in the notebook's content: {planted_in}"
        assert planted_out == {("button-name", "axe-planted-chrome")}, planted_out
        if chrome:
            print(f"JupyterLab's own interface (not counted):\n{describe(chrome)}")
        assert not content, f"{notebook}: serious or critical violations in the course's content:\n{describe(content)}"
    finally:
        _shut_down_kernel(page)
        page.close()
