"""JupyterLab for the browser tests: a headless server on a temporary COPY of notebooks/
(JupyterLab autosaves; the stored notebooks must never change), and pages on it with a
notebook opened, and run with JupyterLab's own command (tests/test_jupyterlab.py).

Kernels inherit the environment of the test run (the root conftest.py), on the
floating-point path that stored the outputs (`environments.comparing_no_number`). The
server is the `lab` fixture of tests/conftest.py; skipped without Playwright/Chromium,
failed on CI (tests/browser.py).
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
from environments import comparing_no_number

ROOT = Path(__file__).resolve().parent.parent
SERVER_START_S, KERNEL_START_S = 90, 90
RUN_ALL_S = 300                  # 08, 09 and 11 train: more than the widget notebooks need
VIEWPORT = {"width": 1400, "height": 1000}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lab_settings(folder):
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
    lab_settings(work / "settings")
    shutil.copytree(ROOT / "notebooks", work / "notebooks")
    port = free_port()
    env = comparing_no_number(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["JUPYTER_RUNTIME_DIR"] = str(work / "runtime")      # connection files stay in the temp folder
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


IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
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


def open_notebook(page, base, name):
    """Open notebooks/<name> as stored, and wait until its cells are on the page and its
    kernel is idle."""
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
    page.wait_for_selector(IDLE, timeout=KERNEL_START_S * 1000, state="attached")


def run_all(page, name):
    """Clear the stored outputs of the open notebook <name>, run all cells with
    JupyterLab's command, wait until every code cell ran and the kernel is idle, and
    check there is no error output. Returns the cells' state."""
    # Stored outputs carry execution counts: clear them so "ran" means "ran now".
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.wait_for_function(f"() => ({CELLS_STATE})().every(c => c.count === null)", timeout=30_000)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(
        f"""() => {{
            const cells = ({CELLS_STATE})();
            const idle = document.querySelector("{IDLE}") !== null;
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


class RunNotebooks:
    """Pages on the `lab` server, each with one notebook opened and run (`run_all`),
    made once and kept for the test module: the widget tests and axe of one notebook
    share its run. `notebooks(name)` gives the page, `notebooks.close(name)` shuts its
    kernel down and closes it; `used` is for the tests to note which widgets they used."""

    def __init__(self, browser, base):
        self.browser, self.base, self.pages, self.used = browser, base, {}, set()

    def __call__(self, name):
        if name not in self.pages:
            page = self.browser.new_page(viewport=VIEWPORT)
            try:
                open_notebook(page, self.base, name)
                run_all(page, name)
            except BaseException:
                shut_down_kernel(page)
                page.close()
                raise
            self.pages[name] = page
        page = self.pages[name]
        page.bring_to_front()
        return page

    def close(self, name=None):
        for key in [name] if name else list(self.pages):
            page = self.pages.pop(key, None)
            self.used = {(notebook, widget) for notebook, widget in self.used if notebook != key}
            if page:
                shut_down_kernel(page)
                page.close()

def shut_down_kernel(page):
    """Shut the open notebook's kernel down (the server would keep it until the module ends)."""
    with contextlib.suppress(Exception):
        page.evaluate("""async () => {
            const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            if (panel && panel.sessionContext) { await panel.sessionContext.shutdown(); }
        }""")

