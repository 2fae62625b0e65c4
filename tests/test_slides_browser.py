"""Every notebook as a slideshow at projector resolution (1280x720), in a real browser.

One JupyterLab (the `lab` fixture, tests/labserver.py: a temporary copy of
notebooks/, rise.css included) and one Chromium serve all notebooks, found by glob.
Each notebook opens at /rise/notebooks/<name> (jupyterlab-rise, pinned in
requirements.txt, with the projector style of notebooks/rise.css); the test visits
every slide and subslide, with every fragment shown, and checks

* the slideshow has exactly the slides the cells' `slideshow.slide_type` metadata
  asks for (counted from the .ipynb, and from the reveal.js sections on the page);
* the slide fits in the viewport: nothing below or right of the screen, no output or
  code cut off on the right. A notebook whose `metadata.rise.scroll` is true may
  instead scroll a tall slide (reveal then gives that slide its own scroll bar);
* every visible letter is at least BODY_PX (markdown text) or CODE_PX (code, its
  output and widgets) tall; math, sub- and superscripts are exempt.

With COURSE_SLIDES_DIR set it writes one contact sheet per notebook there,
slides_<notebook>.png: all slides, failing ones framed in red, so a reader sees the
slideshow without starting it (`COURSE_SLIDES_DIR=figures python -m pytest -n 0
tests/test_slides_browser.py` refreshes the ones stored in figures/). A plain test run
pictures only the failing slides, in a temporary folder named in the failure message: it
leaves the repository as it was.
Stored outputs are shown as they are (nothing is run, so stored widgets show their
text form, measured as code); live widgets get their sizes from the same rise.css
rules (labels, readouts, buttons, slider handles), which this test does not measure.
RISE's auto-selection is switched off for the walk (see `slideshow_lab`).
"""
import contextlib
import importlib.util
import io
import json
import os
from pathlib import Path

import pytest
from browser import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"))
VIEWPORT = {"width": 1280, "height": 720}
BODY_PX, CODE_PX = 24, 20            # the "back of the lecture hall" sizes at 1280x720
SLACK_PX = 1                         # sub-pixel layout rounding
LOAD_S = 120
SETTLE_MS = 1000                     # a second look at a slide that seems not to fit
THUMB = (320, 180)                   # one slide on the contact sheet
COLUMNS = 4

# Shows every fragment, so that a slide is measured (and pictured) in its final state.
ALL_FRAGMENTS = """() => {
    const style = document.createElement('style');
    style.textContent = '.reveal .fragment { opacity: 1 !important; visibility: inherit !important; }';
    document.head.appendChild(style);
}"""

CURRENT = "[...document.querySelectorAll('.reveal .slides section.present')].pop()"

MEASURE = f"""() => {{
    const vw = window.innerWidth, vh = window.innerHeight;
    const leaf = {CURRENT};
    const text = (el) => (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    // Vertical: the union of the visible cells (skipped cells are display: none).
    let top = Infinity, bottom = -Infinity, right = -Infinity, left = Infinity;
    for (const cell of leaf.querySelectorAll('.jp-Cell')) {{
        const r = cell.getBoundingClientRect();
        if (r.height === 0) continue;
        top = Math.min(top, r.top); bottom = Math.max(bottom, r.bottom);
        left = Math.min(left, r.left); right = Math.max(right, r.right);
    }}
    // Pictures (not the icons of the cell toolbar, which may sit off screen unseen).
    for (const img of leaf.querySelectorAll('.jp-OutputArea-output img, .jp-OutputArea-output canvas, '
                                            + '.jp-OutputArea-output > svg, .jp-RenderedMarkdown img')) {{
        const r = img.getBoundingClientRect();
        if (r.width > 0 && shown(img) && !img.closest('mjx-container')) right = Math.max(right, r.right);
    }}
    // Horizontal: text or pictures cut off inside their own box (a hidden scroll bar).
    const cut = [];
    for (const el of leaf.querySelectorAll('.jp-OutputArea-output, .cm-scroller, .jp-RenderedMarkdown')) {{
        if (shown(el) && el.scrollWidth > el.clientWidth + 2) cut.push(text(el));
    }}
    // Font sizes of every visible piece of text.
    const smallest = {{body: [Infinity, ''], code: [Infinity, '']}};
    const walker = document.createTreeWalker(leaf, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
        if (!node.textContent.trim()) continue;
        const el = node.parentElement;
        if (!el || !shown(el)) continue;
        if (el.closest('mjx-container, .MathJax, sub, sup, .jp-InputPrompt, .jp-OutputPrompt, '
                       + '.reveal-skip, .jp-collapseHeadingButton, .jp-InternalAnchorLink')) continue;
        const kind = el.closest('pre, code, .cm-editor, .jp-OutputArea, .jupyter-widgets, .jp-Placeholder')
            ? 'code' : 'body';
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < smallest[kind][0]) smallest[kind] = [size, node.textContent.trim().slice(0, 60)];
    }}
    const style = getComputedStyle(leaf);
    return {{id: leaf.id, vw, vh, top, bottom, left, right, cut, smallest,
             scrolls: style.overflowY === 'scroll' || style.overflowY === 'auto',
             leafBottom: leaf.getBoundingClientRect().bottom,
             title: text(leaf.querySelector('h1, h2, h3, h4, p, pre') || leaf)}};
}}"""


# The slideshow starts a kernel for its notebook; nothing runs in it. Stop it from the page
# (which holds the server's XSRF cookie) before the next notebook starts its own.
STOP_KERNELS = """async (base) => {
    const xsrf = document.cookie.match(/_xsrf=([^;]+)/);
    const headers = xsrf ? {'X-XSRFToken': decodeURIComponent(xsrf[1])} : {};
    for (const s of await (await fetch(base + '/api/sessions')).json()) {
        await fetch(base + '/api/sessions/' + s.id, {method: 'DELETE', headers});
    }
}"""


def expected_slides(notebook):
    """(slide, subslide) indices as jupyterlab-rise builds them from the cells'
    metadata: skipped cells and notes are left out, `slide` opens a new slide,
    `subslide` a new subslide, `fragment` and `-` continue the current one."""
    h, v, seen = -1, 0, []
    for cell in notebook["cells"]:
        kind = cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")
        if kind in ("skip", "notes"):
            continue
        if kind == "slide":
            h, v = h + 1, 0
        h = max(h, 0)
        if kind == "subslide":
            v += 1
        if (h, v) not in seen:
            seen.append((h, v))
    return [f"slide-{a}-{b}" for a, b in seen]


def problems(m, scroll_allowed):
    """What is wrong with one measured slide (an empty list when it is fine)."""
    found = []
    if m["scrolls"] and scroll_allowed:
        if m["leafBottom"] > m["vh"] + SLACK_PX:
            found.append(f"its scrolling box ends at {m['leafBottom']:.0f} px, below the screen")
    elif m["bottom"] > m["vh"] + SLACK_PX or m["top"] < -SLACK_PX:
        found.append(f"runs from {m['top']:.0f} to {m['bottom']:.0f} px; the screen is {m['vh']} px high")
    if m["right"] > m["vw"] + SLACK_PX or m["left"] < -SLACK_PX:
        found.append(f"runs from {m['left']:.0f} to {m['right']:.0f} px; the screen is {m['vw']} px wide")
    for text in m["cut"]:
        found.append(f"cut off on the right: {text!r}")
    for kind, least in (("body", BODY_PX), ("code", CODE_PX)):
        size, text = m["smallest"][kind]
        if size < least - 0.01:
            found.append(f"{kind} text at {size:g} px (< {least} px): {text!r}")
    return found


def contact_sheet(shots, failed, path):
    """All slides of a notebook as thumbnails in a grid, failing ones framed red."""
    from PIL import Image, ImageDraw

    rows = (len(shots) + COLUMNS - 1) // COLUMNS
    gap, label = 8, 18
    w, h = THUMB
    sheet = Image.new("RGB", (COLUMNS * (w + gap) + gap, rows * (h + label + gap) + gap), "#dddddd")
    draw = ImageDraw.Draw(sheet)
    for i, (slide_id, png) in enumerate(shots):
        x = gap + (i % COLUMNS) * (w + gap)
        y = gap + (i // COLUMNS) * (h + label + gap)
        thumb = Image.open(io.BytesIO(png)).convert("RGB").resize(THUMB, Image.LANCZOS)
        sheet.paste(thumb, (x, y + label))
        colour = "#d1495b" if slide_id in failed else "#2e4057"
        draw.text((x + 2, y + 3), slide_id + ("  (fails)" if slide_id in failed else ""), fill=colour)
        if slide_id in failed:
            draw.rectangle([x - 3, y + label - 3, x + w + 2, y + label + h + 2], outline=colour, width=3)
    path.parent.mkdir(parents=True, exist_ok=True)
    # 64 colours keep text and figures legible at a third of the file size.
    sheet = sheet.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    sheet.save(path, optimize=True)


def test_notebooks_are_found():
    assert len(NOTEBOOKS) >= 10, f"expected the course's notebooks in {ROOT / 'notebooks'}, found {NOTEBOOKS}"
    assert (ROOT / "notebooks" / "rise.css").exists(), "notebooks/rise.css (the projector style) is missing"


@pytest.fixture(scope="module")
def slideshow_lab(lab):
    """The `lab` server with RISE's auto-selection off. With it on, RISE selects the
    first code cell 450 ms after a slide change, and selecting a cell moves the
    slideshow to that cell's slide: a walk faster than a person jumps back. Nothing
    else of the student's setup changes (notebook metadata wins over user settings,
    and the notebooks do not set auto_select)."""
    if importlib.util.find_spec("jupyterlab_rise") is None:
        skip_or_fail("jupyterlab-rise (the slideshow, in requirements.txt) is not installed")
    base, work = lab
    settings = work / "settings" / "jupyterlab-rise" / "plugin.jupyterlab-settings"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"auto_select": "none"}))
    return base, work


@pytest.fixture(scope="module")
def context(browser):
    """One browser context for all notebooks: the slideshow's scripts load once."""
    ctx = browser.new_context(viewport=VIEWPORT)
    yield ctx
    ctx.close()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_slide_fits_a_projector(context, slideshow_lab, path, tmp_path):
    base, work = slideshow_lab
    notebook = json.loads((work / "notebooks" / path.name).read_text(encoding="utf-8"))
    scroll_allowed = notebook.get("metadata", {}).get("rise", {}).get("scroll") is True
    wanted = expected_slides(notebook)
    every_slide = bool(os.environ.get("COURSE_SLIDES_DIR"))     # else only failing slides are pictured
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        page.goto(f"{base}/rise/notebooks/{path.name}")
        page.wait_for_selector(".reveal.ready section.present", timeout=LOAD_S * 1000, state="attached")
        page.evaluate(ALL_FRAGMENTS)
        built = page.evaluate("() => [...document.querySelectorAll('.reveal .slides section[id]')]"
                              ".filter(s => !s.querySelector('section')).map(s => s.id)")
        assert built == wanted, (f"{path.name}: the slide metadata asks for slides {wanted}, "
                                 f"the slideshow shows {built}")
        report, shots = {}, []
        for slide_id in built:
            page.evaluate(f"() => {{ location.hash = '#/{slide_id}'; }}")
            page.wait_for_function(f"() => {{ const s = {CURRENT}; return s && s.id === '{slide_id}'; }}",
                                   timeout=10_000)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            m = page.evaluate(MEASURE)
            found = problems(m, scroll_allowed)
            if found:          # math and images may still be laying out: look again once
                page.wait_for_timeout(SETTLE_MS)
                m = page.evaluate(MEASURE)
                found = problems(m, scroll_allowed)
            if found:
                report[slide_id] = (m["title"], found)
            if every_slide or found:
                shots.append((slide_id, page.screenshot(type="jpeg", quality=85)))
        sheet = Path(os.environ.get("COURSE_SLIDES_DIR") or tmp_path).resolve() / f"slides_{path.stem}.png"
        if shots:
            contact_sheet(shots, set(report), sheet)
    finally:
        with contextlib.suppress(Exception):     # the page may be gone already
            page.evaluate(STOP_KERNELS, base)
        page.close()
    assert not errors, f"{path.name}: the slideshow raised {errors[:3]}"
    lines = [f"  {sid} ({title!r}): " + "; ".join(found) for sid, (title, found) in report.items()]
    assert not report, (
        f"{path.name} at {VIEWPORT['width']}x{VIEWPORT['height']}: {len(report)} of {len(built)} slides "
        f"do not fit a projector (see {sheet}); split them with subslides, skip "
        "reader-only outputs, or shorten them:\n" + "\n".join(lines))


def test_expected_slides_follow_the_metadata():
    """The slide counter on a small made-up notebook, checked by hand."""
    def cell(kind):
        return {"metadata": {"slideshow": {"slide_type": kind}}}
    nb = {"cells": [cell("skip"), cell("-"), cell("slide"), cell("fragment"), cell("subslide"),
                    cell("skip"), cell("-"), cell("subslide"), cell("slide"), cell("notes")]}
    assert expected_slides(nb) == ["slide-0-0", "slide-1-0", "slide-1-1", "slide-1-2", "slide-2-0"]


def test_start_with_projector_enlarges_the_figures_and_start_without_puts_them_back(capsys):
    """helpers.start(projector=True) is how an instructor switches the figures' style for
    a lecture hall: larger text and lines in every figure drawn after it."""
    import matplotlib.pyplot as plt

    import helpers

    try:
        helpers.start()
        small = plt.figure().text(0, 0, "x").get_fontsize(), plt.rcParams["lines.linewidth"]
        helpers.start(projector=True)
        large = plt.figure().text(0, 0, "x").get_fontsize(), plt.rcParams["lines.linewidth"]
        assert large[0] > small[0] and large[1] > small[1]
        assert "projector style" in capsys.readouterr().out.splitlines()[-1]
    finally:
        helpers.start()


def test_problems_are_found_in_a_measured_slide():
    """`problems` on hand-made measurements: a slide that fits, one too tall, one that
    scrolls where the notebook allows it, one with small text."""
    fits = {"vw": 1280, "vh": 720, "top": 40, "bottom": 700, "left": 0, "right": 1280, "cut": [],
            "scrolls": False, "leafBottom": 700,
            "smallest": {"body": [24, "text"], "code": [20, "x = 1"]}}
    assert problems(fits, scroll_allowed=False) == []
    tall = dict(fits, top=0, bottom=900)
    assert problems(tall, False) == ["runs from 0 to 900 px; the screen is 720 px high"]
    scrolling = dict(tall, scrolls=True, leafBottom=700)
    assert problems(scrolling, scroll_allowed=True) == []
    assert problems(scrolling, scroll_allowed=False) != []
    small = dict(fits, cut=["wide"], smallest={"body": [14, "tiny"], "code": [13, "y = 2"]})
    assert problems(small, False) == ["cut off on the right: 'wide'", "body text at 14 px (< 24 px): 'tiny'",
                                      "code text at 13 px (< 20 px): 'y = 2'"]
