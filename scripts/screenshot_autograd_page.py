"""Write figures/interactive_comp_graph.png, the still picture of the autograd playground.

    python scripts/screenshot_autograd_page.py [--out PATH]

Opens notebooks/interactive_comp_graph.html in headless Chromium (the system browser the
tests use, tests/browser.py; no network), picks the lecture's 2-2-1 network preset, runs
the backward pass (the lecture's forward value: y_hat = sigmoid(0.36) = 0.589) and saves a
1280 x 720 screenshot. The website shows it on the playground's page
(scripts/build_site.py, AUTOGRAD_PICTURE).

The PNG also stores, as text chunks, what the page showed when it was taken (preset,
expression, output, the table of the inputs' gradients) and what drew it (Chromium's
version, the widths of the page's fonts): tests/test_comp_graph_page.py takes the picture
again and fails when the stored one no longer shows what the page does, and, where the
same browser and fonts draw it, when its pixels differ.
"""

import argparse
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM_ARGS, CHROMIUM_PATH  # noqa: E402

PAGE = ROOT / "notebooks" / "interactive_comp_graph.html"
PICTURE = ROOT / "figures" / "interactive_comp_graph.png"
PRESET = "2-2-1 network output"          # the preset's name in interactive_comp_graph_presets.js
VIEWPORT = {"width": 1280, "height": 720}
TEXT_KEY = "autograd-page"               # the PNG text chunk with what the page showed
RENDERER_KEY = "autograd-renderer"       # ... and the one with what drew it


def shown(page):
    """What the page shows, as text: preset, expression, output, phase and the gradient table."""
    return page.evaluate("""() => ({
        preset: document.querySelector('#preset').selectedOptions[0].textContent,
        expression: document.querySelector('#expr').value,
        output: document.querySelector('#output-box').textContent.replace(/\\s+/g, ' ').trim(),
        phase: document.querySelector('#phase').textContent,
        table: [...document.querySelectorAll('#grad-body tr')].map(
            (row) => [...row.cells].map((cell) => cell.textContent)),
    })""")


def renderer(page):
    """What decides the pixels besides the page: the browser's version and the fonts it uses
    (the width of a sample text in the page's sans-serif and monospace font stacks)."""
    fonts = page.evaluate("""() => {
        const style = getComputedStyle(document.documentElement);
        const ctx = document.createElement('canvas').getContext('2d');
        const sample = 'Autograd playground: y_hat = 0.589, ∂ 0.1937 σ relu';
        return ['--sans', '--mono'].map((v) => {
            ctx.font = '16px ' + style.getPropertyValue(v);
            return Math.round(ctx.measureText(sample).width * 100) / 100;
        });
    }""")
    return {"chromium": page.context.browser.version, "font widths": fonts}


def take(page):
    """Show the preset after the backward pass; return (PNG bytes of the viewport, shown(page))."""
    page.goto(PAGE.as_uri())
    options = page.locator("#preset option").all_text_contents()
    matching = [i for i, text in enumerate(options) if text.endswith(PRESET)]
    if len(matching) != 1:
        raise SystemExit(f"the page has {len(matching)} presets named {PRESET!r} (options: {options})")
    page.select_option("#preset", index=matching[0])
    page.get_by_test_id("backward-run").click()
    page.get_by_test_id("phase").filter(has_text="done").wait_for()
    page.evaluate("document.activeElement && document.activeElement.blur()")   # no focus ring in the picture
    page.mouse.move(0, VIEWPORT["height"] - 1)                                  # no hover either
    page.evaluate("document.fonts.ready.then(() => new Promise((done) => requestAnimationFrame(() => "
                  "requestAnimationFrame(done))))")                              # redrawn after any resize
    return page.screenshot(), shown(page), renderer(page)


def save(png, what, drawn_by, path):
    """Write the PNG with `what` (the page's text) and `drawn_by` (renderer()) in text chunks."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text(TEXT_KEY, json.dumps(what, ensure_ascii=False, sort_keys=True))
    info.add_text(RENDERER_KEY, json.dumps(drawn_by, sort_keys=True))
    Image.open(io.BytesIO(png)).save(path, pnginfo=info)


def stored_text(path, key=TEXT_KEY):
    """What the page showed when the PNG at `path` was taken (key=RENDERER_KEY: what drew
    it); None if the PNG carries no such text."""
    from PIL import Image

    with Image.open(path) as image:
        text = image.text.get(key)
    return json.loads(text) if text else None


def screenshot(browser, path):
    """Take the picture in a fresh tab of `browser` and write it to `path`; return what it shows."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1, offline=True)
    try:
        errors = []
        page = context.new_page()
        page.on("pageerror", lambda err: errors.append(str(err)))
        png, what, drawn_by = take(page)
        if errors:
            raise SystemExit(f"the page raised errors: {errors}")
    finally:
        context.close()
    save(png, what, drawn_by, path)
    return what


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=PICTURE, help=f"where to write the PNG (default: {PICTURE})")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM_PATH).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM_PATH}: run bash tests/install.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
        try:
            what = screenshot(browser, args.out)
        finally:
            browser.close()
    print(f"wrote {args.out}: {what['preset']}, {what['output']} ({what['phase']})")


if __name__ == "__main__":
    main()
