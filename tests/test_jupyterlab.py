"""The notebooks in a real JupyterLab, driven by a real browser (Playwright + Chromium).

What nbval cannot see: that the notebooks run in JupyterLab itself, that the widgets
render, and that they react to a student's keyboard and mouse. The test starts
JupyterLab headless on a free loopback port, on a temporary COPY of notebooks/
(JupyterLab autosaves; the stored notebooks must never change), opens a notebook in
Chromium, runs all cells through JupyterLab's own command, checks that no cell shows an
error, then:

* notebook 02: moves the perceptron explorer's sliders with arrow keys to an AND
  solution and waits for the truth table to say "all 4 rows correct";
* notebook 09a: clicks the playground's "step" and waits for the epoch counter and
  loss to change.

Kernels inherit the environment of the test run (REPRODUCIBLE_ENV, set by the root
conftest.py). Skipped without Playwright/Chromium, failed on CI (see tests/browser.py).
"""
import contextlib
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails on CI) with an install hint
    expect = None

ROOT = Path(__file__).resolve().parent.parent
PERCEPTRON_NB = "02_perceptron_and_gates.ipynb"
PLAYGROUND_NB = "09a_network_playground.ipynb"
AND_SOLUTION = {"w1": 1.0, "w2": 1.0, "b": -1.5}        # the lecture's AND perceptron
SERVER_START_S, KERNEL_START_S, RUN_ALL_S = 90, 90, 120


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lab_settings(folder):
    """JupyterLab user settings for the test: no autosave (nothing is ever written
    back, not even to the copy), no news pop-up over the widgets, and every cell in the
    page (no windowing: the accessibility checks see the whole notebook)."""
    for plugin, values in {"docmanager-extension/plugin": {"autosave": False},
                           "apputils-extension/notification": {"fetchNews": "false"},
                           "notebook-extension/tracker": {"windowingMode": "none"}}.items():
        path = folder / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def lab_server(tmp_path_factory):
    """JupyterLab on a temporary copy of notebooks/; yields (base url, copy folder).
    The server (and with it its kernels) is stopped at the end, and the stored
    notebooks are checked to be byte-for-byte unchanged."""
    if importlib.util.find_spec("jupyterlab") is None:
        pytest.skip("jupyterlab is not installed")
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "notebooks").iterdir()}
    work = tmp_path_factory.mktemp("lab")
    assert ROOT not in work.parents, "JupyterLab must serve a copy outside the repository"
    _lab_settings(work / "settings")
    shutil.copytree(ROOT / "notebooks", work / "notebooks")
    port = _free_port()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["JUPYTER_RUNTIME_DIR"] = str(work / "runtime")      # connection files stay in the temp folder
    env.pop("COURSE_FIGURES_DIR", None)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
               "--IdentityProvider.token=", "--ServerApp.password=", "--LabApp.expose_app_in_browser=True",
               f"--port={port}", "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.root_dir={work}", f"--LabApp.workspaces_dir={work / 'workspaces'}",
               f"--LabApp.user_settings_dir={work / 'settings'}", "--LabApp.news_url=",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    log = open(work / "server.log", "wb")
    server = subprocess.Popen(command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {server.returncode}:\n"
                            f"{(work / 'server.log').read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/api/status", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer within {SERVER_START_S} s")
            time.sleep(0.3)
        yield base, work
    finally:
        server.terminate()                  # the server shuts its kernels down on SIGTERM
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()
        # JupyterLab served the copy; nothing new (checkpoints, autosaves) appeared in the repo.
        added = {p.name for p in (ROOT / "notebooks").iterdir()} - {p.name for p in before}
        assert not added, f"the browser test wrote into notebooks/: {sorted(added)}"


CELLS_STATE = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.content || !panel.content.widgets) { return null; }
    return panel.content.widgets.filter(c => c.model.type === 'code').map(c => {
        const source = c.model.sharedModel.getSource();
        const outputs = c.model.outputs.toJSON();
        const error = outputs.find(o => o.output_type === 'error');
        return {count: c.model.executionCount, empty: source.trim() === '',
                raises: source.includes('NBVAL_RAISES_EXCEPTION'),
                error: error ? `${error.ename}: ${error.evalue}` : null,
                head: source.split('\\n').slice(0, 2).join(' | ')};
    });
}"""


def _open_and_run_all(page, base, name):
    """Open notebooks/<name>, wait for its kernel, clear the stored outputs, run all
    cells with JupyterLab's command, wait until every code cell ran and the kernel
    is idle, and check there is no error output. Returns the cells' state."""
    page.goto(f"{base}/lab/tree/notebooks/{name}?reset")     # ?reset: no tab of an earlier page reopens
    page.wait_for_function(f"""() => {{
        const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        return !!(panel && panel.context && panel.context.path.endsWith("{name}"));
    }}""", timeout=KERNEL_START_S * 1000)
    # The panel shows one empty cell until the file is loaded: wait for the file and the kernel.
    page.evaluate("""async () => {
        const panel = window.jupyterapp.shell.currentWidget;
        await panel.context.ready;
        await panel.sessionContext.ready;
    }""")
    page.wait_for_function("""() => {
        const panel = window.jupyterapp.shell.currentWidget;
        return panel.content.widgets.length === panel.content.model.cells.length
            && panel.content.widgets.length > 1;
    }""", timeout=30_000)
    indicator = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
    page.wait_for_selector(indicator, timeout=KERNEL_START_S * 1000, state="attached")
    # Stored outputs carry execution counts: clear them so "ran" means "ran now".
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.wait_for_function(f"() => ({CELLS_STATE})().every(c => c.count === null)", timeout=30_000)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(
        f"""() => {{
            const cells = ({CELLS_STATE})();
            const idle = document.querySelector("{indicator}") !== null;
            const failed = cells.some(c => c.error && !c.raises);
            return failed || (idle && cells.every(c => c.empty || c.count !== null));
        }}""", timeout=RUN_ALL_S * 1000, polling=500)
    cells = page.evaluate(CELLS_STATE)
    errors = [f"cell [{c['count']}] {c['head']!r}: {c['error']}" for c in cells if c["error"] and not c["raises"]]
    assert not errors, f"{name} shows errors in JupyterLab:\n" + "\n".join(errors)
    shown = page.locator('.jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]').count()
    expected = sum(1 for c in cells if c["error"] and c["raises"])
    assert shown == expected, f"{name}: {shown} error outputs on the page"
    return cells


def _move_slider(widget, label, target):
    """Move the slider named `label` to `target` with arrow keys, one step per press,
    waiting for the picture to change after each (the widget answered)."""
    slider = widget.get_by_label(label, exact=True)
    slider.focus()
    for _ in range(200):
        value = float(slider.input_value())
        if abs(value - target) < 1e-9:
            return
        picture = widget.locator(".course-scene").inner_html()
        slider.press("ArrowRight" if value < target else "ArrowLeft")
        expect(widget.locator(".course-scene")).not_to_have_attribute("aria-label", "", timeout=10_000)
        widget.page.wait_for_function("([el, before]) => el.innerHTML !== before",
                                      arg=[widget.locator(".course-scene").element_handle(), picture], timeout=10_000)
    raise AssertionError(f"{label} did not reach {target}")


@contextlib.contextmanager
def _widget_after_run_all(browser, base, notebook, selector):
    """A page with `notebook` opened and run (see _open_and_run_all), and the first
    element matching `selector` scrolled into view; yields (page, that element)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        _open_and_run_all(page, base, notebook)
        widget = page.locator(selector).first
        widget.scroll_into_view_if_needed(timeout=30_000)
        yield page, widget
    finally:
        _shut_down_kernel(page)
        page.close()


def _shut_down_kernel(page):
    """Shut the open notebook's kernel down (the server would keep it until the module ends)."""
    with contextlib.suppress(Exception):
        page.evaluate("""async () => {
            const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            if (panel && panel.sessionContext) { await panel.sessionContext.shutdown(); }
        }""")


def test_perceptron_explorer_reaches_and_in_the_browser(browser, lab):
    """Keyboard only: choose the gate AND with the arrow keys of its radio group, move each
    slider with arrow keys to the lecture's solution; the banner and the screen reader's
    announcement say all 4 rows are correct, and the picture's name describes it."""
    base, _ = lab
    with _widget_after_run_all(browser, base, PERCEPTRON_NB, ".course-perceptron-explorer") as (page, explorer):
        explorer.get_by_label("AND", exact=True).check()
        for name, target in AND_SOLUTION.items():
            _move_slider(explorer, name, target)
        expect(explorer.locator(".course-banner")).to_contain_text("all 4 rows correct", timeout=15_000)
        expect(explorer.locator(".course-announce")).to_contain_text("computes AND")
        assert explorer.locator(".course-table td").filter(has_text="✓").count() == 4
        assert "w1 = 1.0, w2 = 1.0, b = -1.5" in explorer.locator(".course-scene").get_attribute("aria-label")


def test_playground_steps_in_the_browser(browser, lab):
    base, _ = lab
    with _widget_after_run_all(browser, base, PLAYGROUND_NB, ".course-playground") as (page, ui):
        epoch = ui.locator(".course-epoch")
        expect(epoch).to_contain_text("epoch 0 ", timeout=15_000)
        before = epoch.text_content()
        assert "train loss" in before
        ui.get_by_role("button", name="step").click()
        expect(epoch).to_contain_text("epoch 1 ", timeout=15_000)
        assert epoch.text_content().split("·")[1] != before.split("·")[1]        # the train loss moved


def test_notebook_plays_as_a_slideshow(browser, lab):
    """jupyterlab-rise, as pinned, renders notebook 02 as reveal.js slides: one
    section per slide cell, opening on the title, moving on with the arrow key."""
    base, work = lab
    nb = json.loads((work / "notebooks" / PERCEPTRON_NB).read_text(encoding="utf-8"))
    slides = sum(1 for c in nb["cells"] if c["metadata"]["slideshow"]["slide_type"] == "slide")
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        page.goto(f"{base}/rise/notebooks/{PERCEPTRON_NB}")
        current = page.locator(".reveal .slides > section.present")
        expect(current).to_contain_text("02 · The perceptron and logic gates", timeout=KERNEL_START_S * 1000)
        assert page.locator(".reveal .slides > section").count() >= slides
        page.keyboard.press("ArrowRight")
        expect(current).not_to_contain_text("02 · The perceptron and logic gates", timeout=10_000)
        assert not errors, f"the slideshow raised: {errors[:3]}"
    finally:
        page.close()
