"""The course as a website (scripts/build_site.py), built once and opened in Chromium.

The module builds the site from the stored notebooks into a temporary folder (timed:
under a minute) and opens every page from that folder (file:// URLs, as a reader who
double-clicks index.html would), with every request to the network refused and
recorded. It checks

* every notebook is a page, in course order, with the sidebar and previous/next links,
  and the autograd playground's page after 07;
* each page holds the notebook as stored: every code cell's source, its printed and
  returned text, one picture per stored figure; a widget shows a still picture and says
  it is interactive in JupyterLab; solutions are collapsed, instructor notes marked;
* each page links to its notebook (the stored file, byte for byte) and says how to run it;
* no console error, no page error, no request that is not a file of the site, no broken
  link or image; every formula rendered by MathJax (and no "$" left in the text);
* search finds the notebook on softmax and the one on backpropagation first;
* the playground runs a preset there (checked against PyTorch);
* the layout at a phone's width and at 1280x720: the page never scrolls sideways and no
  text runs past the window (tables and code may scroll in their own boxes), once the
  theme's sidebar transition after a resize has ended;
* accessibility: axe-core (tests/axe.py) finds no serious or critical violation in the
  course's content on any page, in the light and the dark colour scheme (the theme's own
  interface is printed, not counted); every stored figure is on its page with the text
  alternative the notebook stores for it; a solution's toggle is named by its words.
"""
import importlib.util
import json
import re
import subprocess
import sys
import time
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from axe import describe, split, violations
from browser import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"))
sys.path.insert(0, str(ROOT / "scripts"))
import build_site  # noqa: E402

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 720}
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def read_nb(path):
    return json.loads(path.read_text(encoding="utf-8"))


def text_of(value):
    return "".join(value) if isinstance(value, list) else value


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


def tree_state(folder):
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(site folder, build seconds): scripts/build_site.py run once, as a reader runs it."""
    if not all(importlib.util.find_spec(name) for name in ("sphinx", "myst_nb", "sphinx_book_theme")):
        skip_or_fail("the site generator (sphinx, myst-nb, sphinx-book-theme) is not installed")
    out = tmp_path_factory.mktemp("site") / "site"
    before = tree_state(ROOT / "notebooks")
    start = time.perf_counter()
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_site.py"), str(out)],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    seconds = time.perf_counter() - start
    assert run.returncode == 0, f"build failed:\n{run.stdout}\n{run.stderr}"
    assert tree_state(ROOT / "notebooks") == before, "the build changed something in notebooks/"
    return out, seconds


def offline_context(browser, **options):
    """A browser context that refuses (and records) every request outside file:// and data:."""
    ctx = browser.new_context(viewport=DESKTOP, **options)
    ctx.refused = []

    def refuse(route):
        ctx.refused.append(route.request.url)
        route.abort()

    ctx.route(re.compile(r"^(?!file:|data:).*"), refuse)
    return ctx


@pytest.fixture(scope="module")
def context(browser):
    ctx = offline_context(browser)
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def dark_context(browser):
    """The same, for a reader whose system asks for a dark colour scheme (the theme follows it)."""
    ctx = offline_context(browser, color_scheme="dark")
    yield ctx
    ctx.close()


class Visit:
    """One open page, with what went wrong while loading it."""

    def __init__(self, context, url):
        self.page = context.new_page()
        self.context, self.refused_before = context, len(getattr(context, "refused", []))
        self.problems = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}"))
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def wait_for_math(self):
        self.page.wait_for_function("() => !window.MathJax || (window.MathJax.startup && "
                                    "window.MathJax.startup.promise && window.MathJax.typesetPromise)")
        self.page.evaluate("() => window.MathJax ? window.MathJax.startup.promise : null")

    def resize(self, viewport):
        """Set the window's size and wait until the layout has settled: the theme moves its
        sidebar in or out with a CSS transition (margin-left, about 0.25 s) when the window
        crosses its breakpoint, and until that ends the article lies partly outside the window."""
        self.page.set_viewport_size(viewport)
        self.page.evaluate(SETTLED)

    def refused(self):
        """The requests outside the site refused since this page opened (an offline context)."""
        return self.context.refused[self.refused_before:]

    def close(self):
        self.page.close()


# Resolves once the page has drawn twice at its new size (a transition starts at the style
# change that follows the resize) and every finite animation or transition then running has ended
# (at most 5 s: a stalled one leaves the layout as it is, for the checks to report).
SETTLED = """async () => {
    const frame = () => new Promise(done => requestAnimationFrame(() => done()));
    await frame();
    await frame();
    const finite = document.getAnimations().filter(a => isFinite(a.effect?.getComputedTiming().endTime ?? Infinity));
    const ended = Promise.all(finite.map(a => a.finished.catch(() => null)));
    await Promise.race([ended, new Promise(done => setTimeout(done, 5000))]);
    await frame();
}"""


def pages_in_order():
    """The site's pages in course order: index, the notebooks, the playground after 07."""
    names = ["index"]
    for path in NOTEBOOKS:
        names.append(path.stem)
        if path.name.startswith(build_site.AUTOGRAD_AFTER):
            names.append(build_site.AUTOGRAD_PAGE)
    return names


# ---------------------------------------------------------------------------
# The build itself
# ---------------------------------------------------------------------------

def test_build_writes_every_page(site):
    out, seconds = site
    print(f"the build took {seconds:.1f} s")      # how long is the README's to say, measured, not a test's
    for name in pages_in_order():
        assert (out / f"{name}.html").exists(), name
    for name in build_site.AUTOGRAD_FILES:
        assert (out / name).read_bytes() == (ROOT / "notebooks" / name).read_bytes()
    assert (out / "search.html").exists() and (out / "searchindex.js").exists()


def test_outdir_inside_the_course_is_refused(tmp_path):
    for bad in [ROOT, ROOT / "notebooks", ROOT / "notebooks" / "site", ROOT.parent]:
        with pytest.raises(build_site.SiteError):
            build_site.check_outdir(bad)
    assert build_site.check_outdir(ROOT / "build" / "site") == (ROOT / "build" / "site").resolve()
    (tmp_path / "mine.txt").write_text("a student's file")
    with pytest.raises(build_site.SiteError, match="did not write"):
        build_site.check_outdir(tmp_path)


def test_a_widget_without_a_still_picture_stops_the_build(tmp_path):
    widget = {"cell_type": "code", "metadata": {}, "source": "new_explorer()", "execution_count": 1,
              "outputs": [{"output_type": "display_data", "metadata": {},
                           "data": {WIDGET_MIME: {"model_id": "x"}, "text/plain": "Widget()"}}]}
    with pytest.raises(build_site.SiteError, match="no still picture"):
        build_site.replace_widgets("99_new", {"cells": [widget]}, tmp_path)
    stem = next(iter(build_site.WIDGET_STILLS))
    with pytest.raises(build_site.SiteError, match="no longer has"):
        build_site.replace_widgets(stem, {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "x"}]},
                                   tmp_path)


def test_every_widget_in_the_notebooks_has_a_still_picture():
    for path in NOTEBOOKS:
        nb = read_nb(path)
        has_widget = any(WIDGET_MIME in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", []))
        assert has_widget == (path.stem in build_site.WIDGET_STILLS), path.name


# ---------------------------------------------------------------------------
# Structure: order, sidebar, previous/next, links, images (read from the HTML files)
# ---------------------------------------------------------------------------

HREF = re.compile(r'<(?:a|link)\b[^>]*?\bhref="([^"]*)"')
SRC = re.compile(r'<(?:img|script)\b[^>]*?\bsrc="([^"]*)"')
ID = re.compile(r'\bid="([^"]*)"')


def test_pages_are_in_course_order_with_sidebar_and_previous_next(site, context):
    out, _ = site
    names = pages_in_order()
    visit = Visit(context, (out / "index.html").as_uri())
    sidebar = visit.page.locator("nav.bd-docs-nav a.reference.internal").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    visit.close()
    assert [h.split("#")[0].removesuffix(".html") or "index" for h in sidebar] == names   # "#": this page
    for k, name in enumerate(names):
        html = (out / f"{name}.html").read_text(encoding="utf-8")
        prev = re.search(r'<a class="left-prev"\s+href="([^"]+)"', html)
        nxt = re.search(r'<a class="right-next"\s+href="([^"]+)"', html)
        assert (prev.group(1) if prev else None) == (f"{names[k - 1]}.html" if k else None), name
        assert (nxt.group(1) if nxt else None) == (f"{names[k + 1]}.html" if k + 1 < len(names) else None), name


def test_no_broken_link_or_image_in_any_page(site):
    out, _ = site
    ids = {}
    for page in out.glob("*.html"):
        ids[page.name] = set(ID.findall(page.read_text(encoding="utf-8")))
    checked = 0
    for page in out.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for target in HREF.findall(html) + SRC.findall(html):
            parts = urlsplit(target)
            if parts.scheme in ("http", "https", "mailto", "data"):
                continue
            assert not parts.scheme, f"{page.name}: {target}"
            file = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert file.is_file() and out in file.parents, f"{page.name} links to missing {target}"
            if parts.fragment and file.suffix == ".html":
                assert unquote(parts.fragment) in ids[file.name], f"{page.name}: no #{parts.fragment} in {file.name}"
            checked += 1
        for target in HREF.findall(html):
            assert not target.split("#")[0].endswith(".ipynb") or target.startswith("_downloads/"), target
    assert checked > 1000


def test_external_links_are_only_the_notebooks_own(site):
    """The only web addresses a reader can follow are links written in the notebooks."""
    out, _ = site
    written = set()
    for path in NOTEBOOKS:
        for cell in read_nb(path)["cells"]:
            if cell["cell_type"] == "markdown":
                written.update(re.findall(r"\]\((https?://[^)\s]+)\)", text_of(cell["source"])))
    for page in out.glob("*.html"):
        for target in HREF.findall(page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://")):
                assert target in written, f"{page.name}: {target}"


# ---------------------------------------------------------------------------
# Each notebook's page: the stored notebook, as stored
# ---------------------------------------------------------------------------

CELLS = """() => [...document.querySelectorAll('article div.cell')].map(cell => ({
    classes: cell.className,
    source: (cell.querySelector('.cell_input pre') || {}).textContent || '',
    output: [...cell.querySelectorAll('.cell_output')].map(o => o.textContent).join(' '),
    images: cell.querySelectorAll('.cell_output img').length,
    still: cell.querySelectorAll('.cell_output .widget-still').length,
    stillImages: cell.querySelectorAll('.widget-still img').length,
    stillPicture: cell.querySelectorAll('.widget-still img, .widget-still input').length,
    stillText: [...cell.querySelectorAll('.widget-still')].map(s => s.textContent).join(' '),
    details: cell.querySelectorAll('details').length,
    open: cell.querySelectorAll('details[open]').length,
    summary: [...cell.querySelectorAll('details > summary')].map(s => s.innerText).join(' '),
    summaryLabels: [...cell.querySelectorAll('details > summary[aria-label]')].map(s => s.getAttribute('aria-label')),
    sourceShown: !!(cell.querySelector('.cell_input') && cell.querySelector('.cell_input').checkVisibility()),
}))"""


def holds_the_stored_notebook(visit, path):
    """The open page shows every code cell of the stored notebook with its outputs, a still
    picture for each widget, solutions collapsed (and opening), instructor notes boxed."""
    nb = read_nb(path)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    cells = visit.page.evaluate(CELLS)
    assert len(cells) == len(code), "one cell on the page per code cell"
    for k, (cell, shown) in enumerate(zip(code, cells)):
        where = f"{path.stem}, code cell {k}"
        assert shown["source"].strip() == text_of(cell["source"]).strip(), where
        outputs = cell.get("outputs", [])
        widget = any(WIDGET_MIME in o.get("data", {}) for o in outputs)
        for o in outputs:
            printed = text_of(o.get("text", "")) or ("" if widget else text_of(o.get("data", {}).get("text/plain", "")))
            if printed and "image/png" not in o.get("data", {}):
                assert squash(printed) in squash(shown["output"]), f"{where}: printed text missing"
        pictures = sum("image/png" in o.get("data", {}) for o in outputs)
        assert shown["images"] - shown["stillImages"] == pictures, f"{where}: {shown['images']} pictures"
        if widget:
            assert shown["still"] == 1 and shown["stillPicture"] >= 1, f"{where}: widget without a still picture"
            assert "interactive in jupyterlab" in squash(shown["stillText"]).lower(), where
        else:
            assert shown["still"] == 0, where
        if "solution" in tags(cell):
            assert shown["details"] == 1 and shown["open"] == 0 and not shown["sourceShown"], f"{where}: not collapsed"
            assert shown["summary"].strip() == "Show solution", where
            assert not shown["summaryLabels"], f"{where}: toggle named {shown['summaryLabels']}, not by its words"
        else:
            assert shown["details"] == 0 and shown["sourceShown"], f"{where}: hidden, but not a solution"
    notes = sum("instructor-notes" in tags(c) for c in nb["cells"])
    marked = visit.page.locator("div.admonition.instructor-notes > .admonition-title")
    assert marked.count() == notes and all(t == "Instructor notes" for t in marked.all_inner_texts())
    solution = visit.page.locator("div.cell.tag_solution summary").first
    if solution.count():
        solution.click()
        assert visit.page.locator("div.cell.tag_solution .cell_input").first.is_visible()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_page_links_its_notebook_and_says_how_to_run_it(site, path):
    out, _ = site
    html = (out / f"{path.stem}.html").read_text(encoding="utf-8")
    box = html.split('class="run-notebook', 1)[1].split("</div>\n</div>", 1)[0]
    text = unescape(re.sub(r"<[^>]+>", "", box))
    link = re.search(rf'href="(_downloads/[^"]+/{re.escape(path.name)})"', box)
    assert link, "no download link to the notebook"
    assert (out / link.group(1)).read_bytes() == path.read_bytes(), "the download is not the stored notebook"
    assert f"python -m jupyterlab notebooks/{path.name}" in text
    assert "pip install -r requirements.txt" in text and "Run this notebook" in text


# ---------------------------------------------------------------------------
# In the browser: errors, requests, formulas, images, layout
# ---------------------------------------------------------------------------

RENDERED = """() => {
    const maths = [...document.querySelectorAll('article .math')];
    const text = [];
    const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.parentElement.closest('pre, code, mjx-container, script, style')) text.push(node.textContent);
    }
    return {
        maths: maths.length,
        unrendered: maths.filter(m => !m.querySelector('mjx-container svg')).map(m => m.textContent.slice(0, 60)),
        errors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
        dollars: text.join(' ').match(/[^\\s]{0,20}\\$[^\\s]{0,20}/g) || [],
        brokenImages: [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
        images: document.images.length,
    };
}"""

# Every block of text outside a box that scrolls sideways by itself (code, tables, math)
# must lie within the window; and the page must not scroll sideways.
LAYOUT = """() => {
    const vw = document.documentElement.clientWidth;
    const scrolls = (el) => {
        for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
            const o = getComputedStyle(e).overflowX;
            if ((o === 'auto' || o === 'scroll' || o === 'hidden') && e.scrollWidth > e.clientWidth) return true;
        }
        return false;
    };
    const out = [...document.querySelectorAll('article p, article li, article h1, article h2, article h3, '
                                           + 'article figcaption, article .admonition-title, article img')]
        .filter(el => el.getClientRects().length && !scrolls(el))
        .filter(el => { const r = el.getBoundingClientRect(); return r.right > vw + 1 || r.left < -1; })
        .map(el => el.tagName + ': ' + (el.textContent || el.getAttribute('alt') || '').trim().slice(0, 50));
    return {pageWidth: document.documentElement.scrollWidth, window: vw, outside: out};
}"""


@pytest.mark.parametrize("name", pages_in_order())
def test_page_renders_offline_holds_its_notebook_and_axe_finds_nothing_serious(site, context, name):
    """Each page, opened once: formulas and pictures rendered, a notebook's page holding the
    stored notebook (`holds_the_stored_notebook`, which opens a solution), no sideways
    scrolling on a phone or a desktop, no error and no request outside the site; then
    axe-core's serious and critical violations in the course's content: none."""
    out, _ = site
    visit = Visit(context, (out / f"{name}.html").as_uri())
    visit.wait_for_math()
    state = visit.page.evaluate(RENDERED)
    assert not state["unrendered"], f"formulas not rendered: {state['unrendered']}"
    assert state["errors"] == 0, "MathJax reported an error in a formula"
    assert not state["dollars"], f"'$' left in the text (a formula not recognised?): {state['dollars']}"
    assert not state["brokenImages"], state["brokenImages"]
    notebook = ROOT / "notebooks" / f"{name}.ipynb"
    if notebook.exists():
        formulas = sum(text_of(c["source"]).count("$") for c in read_nb(notebook)["cells"]
                       if c["cell_type"] == "markdown")
        assert (state["maths"] > 0) == (formulas > 0), f"{state['maths']} formulas on the page"
        holds_the_stored_notebook(visit, notebook)
    for viewport in (PHONE, DESKTOP):
        visit.resize(viewport)
        layout = visit.page.evaluate(LAYOUT)
        assert layout["pageWidth"] <= layout["window"], f"{viewport}: the page scrolls sideways ({layout})"
        assert not layout["outside"], f"{viewport}: text past the window's edge: {layout['outside']}"
    assert not visit.problems, visit.problems
    # axe last: it reads the style sheets, which a page opened from files may not fetch (console errors)
    ours = course_violations(visit, name)
    assert not ours, f"{name}.html: serious or critical violations in the course's content:\n{describe(ours)}"
    assert not visit.refused(), f"requests outside the site: {visit.refused()}"
    visit.close()


@pytest.mark.parametrize("query, first", [("softmax", "06_softmax_and_loss"),
                                          ("backpropagation", "07_backpropagation_and_autograd")])
def test_search_finds_the_right_page_first(site, context, query, first):
    out, _ = site
    visit = Visit(context, (out / "index.html").as_uri())
    visit.page.locator("button.search-button-field").first.click()
    box = visit.page.locator("input[name=q]:visible").first
    box.fill(query)
    box.press("Enter")
    visit.page.wait_for_url("**/search.html?q=*")
    results = visit.page.locator("#search-results ul.search li a")
    results.first.wait_for()
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs[0].split("?")[0].split("#")[0] == f"{first}.html", hrefs
    assert not visit.problems, visit.problems
    visit.close()


def test_autograd_page_says_what_the_playground_does_in_a_narrow_window():
    """The site's words on the playground's layout follow the playground itself: the width
    below which its panels stack (its media query), and no claim that it does not fit a phone."""
    page = (ROOT / "notebooks" / "interactive_comp_graph.html").read_text(encoding="utf-8")
    stack = re.search(r'const NARROW = window\.matchMedia\("\(max-width: (\d+)px\)"\)', page)
    assert stack, "interactive_comp_graph.html no longer defines NARROW, the width below which it stacks"
    text = squash(build_site.AUTOGRAD_MD)
    assert f"narrower than {stack.group(1)} pixels" in text, f"the site's page says: {text[:600]!r}"
    wrong = re.findall(r"[^.]*(?:does not fit|doesn't fit|needs a window|too small)[^.]*\.", text)
    assert not wrong, f"the site's page says the playground does not fit: {wrong}"


def test_autograd_playground_runs_a_preset_on_the_site(site, context):
    from playwright.sync_api import expect
    from test_comp_graph_page import PRESETS, assert_close, torch_reference

    out, _ = site
    visit = Visit(context, (out / f"{build_site.AUTOGRAD_PAGE}.html").as_uri())
    visit.page.get_by_role("link", name="Open the autograd playground").click()
    visit.page.wait_for_url("**/interactive_comp_graph.html")
    page = visit.page
    index = next(k for k, p in enumerate(PRESETS) if "2-2-1" in p["name"])
    preset = PRESETS[index]
    page.get_by_test_id("preset-select").select_option(str(index))
    expect(page.get_by_test_id("expression-input")).to_have_value(preset["expression"])
    page.get_by_test_id("backward-run").click()
    expect(page.get_by_test_id("phase")).to_have_text("done")
    got = page.evaluate("window.compGraph.result()")
    want_out, want_grads = torch_reference(preset["expression"], preset["inputs"])
    assert got["error"] is None
    assert_close(got["output"], want_out, "output")
    for name, want in want_grads.items():
        assert_close(got["gradients"][name], want, f"d out / d {name}")
    assert not visit.problems, visit.problems
    visit.close()



def test_a_notebook_with_two_widgets_gets_a_still_picture_for_each(tmp_path, monkeypatch):
    def widget_cell(call):
        return {"cell_type": "code", "metadata": {}, "source": f"{call})", "execution_count": 1,
                "outputs": [{"output_type": "display_data", "metadata": {},
                             "data": {WIDGET_MIME: {"model_id": call}, "text/plain": "Widget()"}}]}

    stills = (build_site.Still(call="one(", caption="the first", alt="first", html="<p>1</p>"),
              build_site.Still(call="two(", caption="the second", alt="second", html="<p>2</p>"))
    monkeypatch.setitem(build_site.WIDGET_STILLS, "99_two", stills)
    nb = {"cells": [widget_cell("one("), widget_cell("two(")]}
    assert build_site.replace_widgets("99_two", nb, tmp_path) == 2
    shown = [c["outputs"][0]["data"]["text/markdown"] for c in nb["cells"]]
    assert "the first" in shown[0] and "the second" in shown[1]
    with pytest.raises(build_site.SiteError, match=r"\('two\('\) that the notebook no longer has"):
        build_site.replace_widgets("99_two", {"cells": [widget_cell("one(")]}, tmp_path)


# ---------------------------------------------------------------------------
# Accessibility: axe-core on every page; figures carry their stored text alternative
# ---------------------------------------------------------------------------

COURSE_CONTENT = "article.bd-article"      # the page's own content; the rest is the theme's
THEME_PAGES = ["search", "genindex"]       # pages the theme writes by itself


def course_violations(visit, name):
    """axe-core's serious and critical violations on the open page: those inside the course's
    content are returned, those of the theme's own interface are printed (not counted)."""
    visit.wait_for_math()
    ours, theirs = split(visit.page, violations(visit.page), COURSE_CONTENT)
    if theirs:
        print(f"\n{name}: the theme's own interface (not counted):\n{describe(theirs)}")
    return ours


@pytest.mark.parametrize("name", THEME_PAGES)
def test_axe_finds_nothing_serious_in_the_content_of_the_themes_own_pages(site, context, name):
    out, _ = site
    visit = Visit(context, (out / f"{name}.html").as_uri())
    ours = course_violations(visit, name)
    assert not ours, f"{name}.html: serious or critical violations in the course's content:\n{describe(ours)}"
    assert not visit.refused(), f"requests outside the site: {visit.refused()}"
    visit.close()


def pages_covering_the_course_css(out):
    """A few pages that together show every class the course's style sheet (COURSE_CSS) styles."""
    classes = set(re.findall(r"\.([a-z][\w-]*)", build_site.COURSE_CSS))
    shown = {name: {c for c in classes if re.search(rf'class="[^"]*\b{c}\b', (out / f"{name}.html").read_text(
        encoding="utf-8"))} for name in pages_in_order()}
    missing = classes - set().union(*shown.values())
    assert not missing, f"COURSE_CSS styles classes no page has: {missing}"
    chosen, left = [], set(classes)
    while left:
        best = max(shown, key=lambda n: len(shown[n] & left))
        chosen.append(best)
        left -= shown[best]
    return chosen


def test_axe_finds_nothing_serious_in_the_dark_colour_scheme(site, dark_context):
    """The theme follows a dark system setting: the course's own colours (COURSE_CSS) must
    still reach their contrast there, on pages that together show all of them."""
    out, _ = site
    found = {}
    for name in pages_covering_the_course_css(out):
        visit = Visit(dark_context, (out / f"{name}.html").as_uri())
        assert visit.page.evaluate("document.documentElement.dataset.theme") == "dark", name
        ours = course_violations(visit, f"{name} (dark)")
        if ours:
            found[name] = describe(ours)
        visit.close()
    assert not found, "in the dark colour scheme:\n" + "\n".join(f"{n}.html:\n{t}" for n, t in found.items())


STORED_ALT = re.compile(r'<img src="data:image/png;base64,[^"]+" alt="([^"]*)"')
IMG = re.compile(r"<img\b[^>]*>")


def attribute(tag, name):
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return unescape(found.group(1)) if found else None


def stored_alt(output):
    found = STORED_ALT.search(text_of(output.get("data", {}).get("text/html", "")))
    return unescape(found.group(1)) if found else None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_figures_on_the_page_carry_their_stored_text_alternative(site, path):
    """Every stored figure is on the page with the text alternative the notebook stores for it
    (written from the figure's data), and a widget's still picture says what it is and then
    the same as the figure it copies."""
    out, _ = site
    nb = read_nb(path)
    figures = [(k, o) for k, c in enumerate(c for c in nb["cells"] if c["cell_type"] == "code")
               for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    stored = [stored_alt(o) for _, o in figures]
    without = [k for (k, _), alt in zip(figures, stored) if not alt]
    assert not without, f"{path.name}: stored figures without a text alternative in code cells {without}"
    tags = IMG.findall((out / f"{path.stem}.html").read_text(encoding="utf-8"))
    shown = [attribute(t, "alt") for t in tags if (attribute(t, "src") or "").startswith("data:image/png")]
    assert shown == stored, (f"{path.stem}.html: the figures' alt texts are not the stored ones "
                             f"({len(shown)} figures on the page, {len(stored)} stored); first difference: "
                             f"{next(((a, b) for a, b in zip(shown, stored) if a != b), None)}")
    stills = build_site.WIDGET_STILLS.get(path.stem, ())
    for still in stills if isinstance(stills, tuple) else (stills,):
        if not still.figure:
            continue
        copied = next(stored_alt(o) for c in nb["cells"] if c.get("metadata", {}).get("figure") == still.figure
                      for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
        alts = [squash(attribute(t, "alt") or "") for t in tags if f"{still.figure}.png" in (attribute(t, "src") or "")]
        assert len(alts) == 1, f"{path.stem}.html: {len(alts)} still pictures of {still.figure}"
        assert alts[0].startswith(squash(still.alt)) and alts[0].endswith(squash(copied)), \
            f"{path.stem}.html: the still picture's alt text {alts[0]!r} does not go on with its figure's {copied!r}"
