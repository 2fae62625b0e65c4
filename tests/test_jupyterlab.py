"""The notebooks in a real JupyterLab, driven by a real browser (Playwright + Chromium).

What nbval cannot see: that the notebooks run in JupyterLab itself, that the widgets
render, that they react to a student's keyboard and mouse, and that what the course puts
on the page passes axe-core. One JupyterLab serves a temporary copy of notebooks/
(tests/labserver.py); each notebook with a widget is opened and run once with JupyterLab's
own run-all (no cell may show an error), and every test of that notebook uses that page
(`RunNotebooks`), starting from a fresh widget where an earlier test changed it.

* 02: the perceptron explorer's sliders moved with arrow keys to an AND solution, until
  the truth table says "all 4 rows correct"; 09a: the playground's "step" moves the epoch
  counter and the loss; 02 also plays as a slideshow.
* Every course widget by keyboard only (the perceptron explorer of 02, the activation
  explorer of 04, the softmax explorer of 06, the playground of 09a, the optimizer bowl
  and the drawing pad of 11): from a focusable mark just before the widget, Tab alone
  walks through its controls until the focus leaves it (no trap). Every stop must have
  an accessible name (its role and name as the accessibility tree gives them,
  Playwright's aria snapshot) and the walk must reach the controls each widget is known
  to have. Keys pressed on controls reached by Tab (arrows, Space, Enter) must change
  what the widget shows: the picture's text alternative, a slider's value, the epoch
  counter, the prediction.
* Then every instruction the notebook's text gives for the widget (tests/instructions.py:
  `set **noise** 0.6`, `press **step**`) is carried out through the widget's own controls
  in the page: the value goes into the slider, menu, radio button, switch or number box,
  whose own limits apply (a slider that stops at 0.5 shows 0.50 when told 0.6, and the
  test fails), and the kernel must answer with a new picture where the change shows in it
  (tests/test_widget_instructions.py checks the same through the widget's Python side,
  notebook 03's explorer included).
* 11's drawing pad by mouse: draw a 7 and see the network's prediction, the 28 x 28 image
  it read and its 10 probabilities; clear the pad; put a test digit on it by keyboard.
* Last, axe-core over each notebook's page (`test_axe_...`, see its docstring).

Skipped without Playwright/Chromium, failed on CI (see tests/browser.py).
"""
import json
import re
import time

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails on CI) with an install hint
    expect = None

import instructions
from axe import describe, split, violations
from labserver import KERNEL_START_S, ROOT, VIEWPORT, RunNotebooks, open_notebook, shut_down_kernel
from test_widget_instructions import SEEN_LATER, controls_of

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
PERCEPTRON_NB = "02_perceptron_and_gates.ipynb"
PLAYGROUND_NB = "09a_network_playground.ipynb"
RECIPE_NB = "11_practical_recipe.ipynb"
AND_SOLUTION = {"w1": 1.0, "w2": 1.0, "b": -1.5}        # the lecture's AND perceptron
SEVEN = [(0.22, 0.2), (0.78, 0.2), (0.45, 0.86)]        # the pad's fractions, as widgets.EXAMPLE_STROKES["7"]
MAX_TABS = 80
SNAPSHOT = re.compile(r'^- (\w+)(?: "((?:[^"\\]|\\.)*)")?')
WAIT = {"timeout": 20_000}


@pytest.fixture(scope="module")
def notebooks(browser, lab):
    """`notebooks(name)`: the page with notebook `name` opened and run, once for the module."""
    ran = RunNotebooks(browser, lab[0])
    yield ran
    ran.close()


def _widget(notebooks, notebook, selector):
    """(page, the first element matching `selector`, scrolled into view) of the run
    notebook. A widget an earlier test used is made fresh first (its cell run again), so
    every test starts from the widget the notebook shows, whatever ran before it."""
    page = notebooks(notebook)
    widget = page.locator(selector).first
    widget.scroll_into_view_if_needed(timeout=30_000)
    if (notebook, selector) in notebooks.used:
        _fresh(widget)
        widget.scroll_into_view_if_needed(timeout=30_000)
    notebooks.used.add((notebook, selector))
    return page, widget


def _start_before(widget):
    """Put a focusable mark just before the widget and focus it: the walk starts there."""
    widget.evaluate("""el => {
        const mark = document.createElement('span');
        mark.tabIndex = 0; mark.className = 'kbd-start'; mark.textContent = 'start';
        el.before(mark); mark.focus();
    }""")


def _focused(page):
    """(role, accessible name) of the focused element, from the accessibility tree."""
    line = page.locator(":focus").aria_snapshot().splitlines()[0]
    found = SNAPSHOT.match(line)
    assert found, f"the focused element has no role: {line!r}"
    return found.group(1), (found.group(2) or "").strip()


def _inside(widget):
    return widget.evaluate("el => el.contains(document.activeElement)")


def _walk(page, widget):
    """Tab from the mark before the widget until the focus leaves it; returns the
    (role, name) of every stop inside. Fails when a stop has no name or the focus never leaves."""
    _start_before(widget)
    stops = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if not _inside(widget):
            assert stops, "Tab from just before the widget did not reach any of its controls"
            return stops
        role, name = _focused(page)
        assert name, f"a {role} of the widget has no accessible name (after {stops})"
        stops.append((role, name))
    raise AssertionError(f"the focus stayed in the widget for {MAX_TABS} Tabs: {stops[-5:]}")


def _tab_to(page, widget, role, name):
    """Tab from the mark before the widget to the control (role, name); fails if it is not reached."""
    _start_before(widget)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if _inside(widget) and _focused(page) == (role, name):
            return page.locator(":focus")
    raise AssertionError(f"Tab never reached the {role} {name!r}")


def _picture(widget):
    return widget.locator(".course-scene").get_attribute("aria-label")


def _instructions(notebook, source_has):
    """The instructions the notebook's text gives for its widget built by a cell containing `source_has`."""
    path = instructions.ROOT / "notebooks" / notebook
    [widget] = [w for w in instructions.read(path, controls_of) if source_has in w.source]
    assert widget.instructions, f"{notebook} gives no instruction for its widget {source_has}"
    return widget.instructions


CURRENT = """(row, kind) => kind === 'choice' ? (row.querySelector('input:checked') || {}).value
    : kind === 'switch' ? row.querySelector('input').checked
    : String((row.querySelector('input, select') || {}).value)"""
SLIDE = "(input, v) => { input.value = String(v); input.dispatchEvent(new Event('input', {bubbles: true})); }"


RERUN = """async (el) => {
    const panel = window.jupyterapp.shell.currentWidget;
    const node = el.closest('.jp-Cell');
    panel.content.activeCellIndex = panel.content.widgets.findIndex((cell) => cell.node === node);
    el.dataset.old = '1';
    await window.jupyterapp.commands.execute('notebook:run-cell');
}"""


def _fresh(ui):
    """Run the widget's cell again (every control at its default), as the notebooks say
    before a task; `ui` then finds the new widget."""
    ui.evaluate(RERUN)
    expect(ui).not_to_have_attribute("data-old", "1", timeout=60_000)
    expect(ui.locator(".course-scene")).to_have_attribute("aria-label", re.compile("."), **WAIT)


def _carry_out(page, ui, notebook, source_has):
    """Do what the notebook's text says with the widget's controls in the page, in order,
    each markdown cell's instructions from a fresh widget."""
    cell = None
    for ins in _instructions(notebook, source_has):
        if ins.cell != cell and (ins.values or ins.control["kind"] == "button"):
            _fresh(ui)
            cell = ins.cell
        control = ins.control
        row = ui.locator(f".course-control[data-name='{control['name']}']")
        if control["kind"] == "button":
            button = row.get_by_role("button")
            if control["name"] == "start":                  # trains until pressed again
                button.click()
                expect(button).to_have_text("pause", **WAIT)
                button.click()
                expect(button).to_have_text("start", **WAIT)
            else:
                button.click()
            continue
        for value in ins.values:
            value = instructions.as_sent(control, value)
            shown = "true" if value is True else "false" if value is False else str(value)
            if str(row.evaluate(CURRENT, control["kind"])).lower() == shown.lower():
                continue                                    # already so: nothing to do
            before = _picture(ui), ui.locator(".course-text").inner_text()
            kind = control["kind"]
            if kind == "slider":
                row.locator("input").evaluate(SLIDE, value)
                expect(row.locator("output")).to_have_text(f"{value:.{control.get('digits', 1)}f}")
            elif kind == "choice":
                row.get_by_role("radio", name=str(value), exact=True).check()
            elif kind == "menu":
                row.locator("select").select_option(str(value))
            elif kind == "switch":
                row.locator("input").set_checked(value)
            elif kind == "number":
                row.locator("input").fill(str(value))
                row.locator("input").dispatch_event("change")
            if control["name"] == "shift":                  # 06: the bars stay, the scores say +3
                expect(ui.locator(".course-scores")).to_contain_text(f"every score +{value:g}", **WAIT)
                assert _picture(ui) == before[0], f"{ins.text!r} moved the bars"
            elif control["name"] not in SEEN_LATER:
                try:
                    page.wait_for_function("([el, before]) => el.querySelector('.course-scene').getAttribute("
                                           "'aria-label') !== before[0] || el.querySelector('.course-text')"
                                           ".innerText !== before[1]", arg=[ui.element_handle(), list(before)],
                                           **WAIT)
                except Exception as error:
                    raise AssertionError(f"{notebook}: after {ins.text!r} ({value!r}) the widget shows "
                                         f"nothing new: {before[0]!r}") from error
            assert str(row.evaluate(CURRENT, kind)).lower() == shown.lower(), \
                f"{notebook}: {ins.text!r}: the control shows {row.evaluate(CURRENT, kind)!r} after the kernel answered"


def _press_and_see_the_picture_change(page, widget, key):
    before = _picture(widget)
    page.keyboard.press(key)
    expect(widget.locator(".course-scene")).not_to_have_attribute("aria-label", before, **WAIT)


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



def _percentages(pad):
    texts = pad.locator(".course-scene text").all_text_contents()
    return [int(t.lstrip("★ ")[:-1]) for t in texts if re.fullmatch(r"(★ )?\d+%", t)]



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
        shut_down_kernel(page)
        page.close()


def test_perceptron_explorer_reaches_and_in_the_browser(notebooks):
    """Keyboard only: choose the gate AND with the arrow keys of its radio group, move each
    slider with arrow keys to the lecture's solution; the banner and the screen reader's
    announcement say all 4 rows are correct, and the picture's name describes it."""
    page, explorer = _widget(notebooks, PERCEPTRON_NB, ".course-perceptron-explorer")
    explorer.get_by_label("AND", exact=True).check()
    for name, target in AND_SOLUTION.items():
        _move_slider(explorer, name, target)
    expect(explorer.locator(".course-banner")).to_contain_text("all 4 rows correct", timeout=15_000)
    expect(explorer.locator(".course-announce")).to_contain_text("computes AND")
    assert explorer.locator(".course-table td").filter(has_text="✓").count() == 4
    assert "w1 = 1.0, w2 = 1.0, b = -1.5" in explorer.locator(".course-scene").get_attribute("aria-label")


def test_perceptron_explorer_by_tab_and_arrows(notebooks):
    page, ui = _widget(notebooks, PERCEPTRON_NB, ".course-perceptron-explorer")
    assert _walk(page, ui) == [("radio", "AND"), ("slider", "w1"), ("slider", "w2"), ("slider", "b")]
    _tab_to(page, ui, "slider", "w2")
    value = ui.locator("[data-name='w2'] output")
    expect(value).to_have_text("0.5")
    _press_and_see_the_picture_change(page, ui, "ArrowRight")
    expect(value).to_have_text("0.6")
    _tab_to(page, ui, "radio", "AND")
    page.keyboard.press("ArrowRight")                      # the next gate of the radio group
    expect(ui.locator(".course-panel-title")).to_contain_text("OR:", **WAIT)
    assert _focused(page) == ("radio", "OR")
    _carry_out(page, ui, PERCEPTRON_NB, "PerceptronExplorer")


def test_activation_explorer_by_tab_and_arrows(notebooks):
    page, ui = _widget(notebooks, "04_mlps_and_activations.ipynb", ".course-activation-explorer")
    assert _walk(page, ui) == [("radio", "relu"), ("radio", "circles")]
    _tab_to(page, ui, "radio", "relu")
    before = _picture(ui)
    _press_and_see_the_picture_change(page, ui, "ArrowRight")
    role, name = _focused(page)
    assert role == "radio" and name != "relu" and name in _picture(ui) and name not in before
    _tab_to(page, ui, "radio", "circles")
    _press_and_see_the_picture_change(page, ui, "ArrowRight")
    assert "on moons" in _picture(ui)
    _carry_out(page, ui, "04_mlps_and_activations.ipynb", "ActivationExplorer")


def test_softmax_explorer_by_tab_and_arrows_with_the_shift_of_every_score(notebooks):
    page, ui = _widget(notebooks, "06_softmax_and_loss.ipynb", ".course-softmax-explorer")
    stops = _walk(page, ui)
    assert stops == [("slider", f"score of {i}") for i in range(10)] + [
        ("slider", "add to every score"), ("slider", "temperature T")]
    scores = ui.locator(".course-scores")
    expect(scores).to_contain_text("scores: 0: 0.5, 1: 0.2, 2: 3.1")
    _tab_to(page, ui, "slider", "score of 0")
    _press_and_see_the_picture_change(page, ui, "ArrowRight")           # one score: the bars move
    expect(scores).to_contain_text("0: 0.6, 1: 0.2")
    _tab_to(page, ui, "slider", "add to every score")
    bars = _picture(ui)
    page.keyboard.press("ArrowRight")                                   # every score: the bars stay
    expect(scores).to_contain_text("every score +0.1: 0: 0.7, 1: 0.3, 2: 3.2", **WAIT)
    expect(ui.locator("[data-name='shift'] output")).to_have_text("0.1")
    expect(ui.locator(".course-announce")).to_contain_text("every score +0.1")
    assert _picture(ui) == bars
    _tab_to(page, ui, "slider", "temperature T")
    _press_and_see_the_picture_change(page, ui, "ArrowLeft")
    assert "T = 0.95" in _picture(ui)
    _carry_out(page, ui, "06_softmax_and_loss.ipynb", "SoftmaxExplorer")


def test_playground_steps_in_the_browser(notebooks):
    page, ui = _widget(notebooks, PLAYGROUND_NB, ".course-playground")
    epoch = ui.locator(".course-epoch")
    expect(epoch).to_contain_text("epoch 0 ", timeout=15_000)
    before = epoch.text_content()
    assert "train loss" in before
    ui.get_by_role("button", name="step").click()
    expect(epoch).to_contain_text("epoch 1 ", timeout=15_000)
    assert epoch.text_content().split("·")[1] != before.split("·")[1]        # the train loss moved


def test_playground_by_tab_enter_and_arrows(notebooks):
    page, ui = _widget(notebooks, PLAYGROUND_NB, ".course-playground")
    stops = _walk(page, ui)
    for control in [("button", "start"), ("button", "step"), ("button", "reset"), ("button", "export"),
                    ("combobox", "data"), ("slider", "noise"), ("slider", "hidden layers"),
                    ("combobox", "learning rate"), ("spinbutton", "seed"), ("checkbox", "input x1")]:
        assert control in stops, f"Tab does not reach the playground's {control}: {stops}"
    epoch = ui.locator(".course-epoch")
    expect(epoch).to_contain_text("epoch 0 ", **WAIT)
    _tab_to(page, ui, "button", "step")
    page.keyboard.press("Enter")
    expect(epoch).to_contain_text("epoch 1 ", **WAIT)
    page.keyboard.press("Space")
    expect(epoch).to_contain_text("epoch 2 ", **WAIT)
    _tab_to(page, ui, "slider", "noise")
    noise = ui.locator("[data-name='noise'] output").text_content()
    page.keyboard.press("ArrowRight")                       # a setting: new data, a new network
    expect(ui.locator("[data-name='noise'] output")).not_to_have_text(noise, **WAIT)
    expect(epoch).to_contain_text("epoch 0 ", **WAIT)
    _carry_out(page, ui, PLAYGROUND_NB, "playground()")


def test_optimizer_bowl_and_drawing_pad_by_keyboard(notebooks):
    page, bowl = _widget(notebooks, RECIPE_NB, ".course-optimizer-bowl")
    assert _walk(page, bowl) == [("slider", "learning rate"), ("radio", "both")]
    _tab_to(page, bowl, "slider", "learning rate")
    expect(bowl.locator("[data-name='lr'] output")).to_have_text("0.05")
    _press_and_see_the_picture_change(page, bowl, "ArrowRight")
    expect(bowl.locator("[data-name='lr'] output")).to_have_text("0.06")
    assert "learning rate 0.06" in _picture(bowl)
    _tab_to(page, bowl, "radio", "both")
    _press_and_see_the_picture_change(page, bowl, "ArrowRight")        # both -> SGD (the group wraps)
    assert _focused(page) == ("radio", "SGD") and "Adam" not in _picture(bowl)
    page.keyboard.press("ArrowRight")                                   # SGD -> Adam
    expect(bowl.locator(".course-scene")).to_contain_text("Adam on the bowl", **WAIT)
    assert "SGD" not in _picture(bowl)
    _carry_out(page, bowl, RECIPE_NB, "OptimizerBowl")

    page, pad = _widget(notebooks, RECIPE_NB, ".course-digit-pad")
    assert _walk(page, pad) == [("button", "clear the pad"), ("spinbutton", "test digit number"),
                                ("button", "put that test digit on the pad")]
    said = pad.locator(".course-prediction")
    expect(said).to_have_text("draw a digit", **WAIT)
    _tab_to(page, pad, "spinbutton", "test digit number")
    page.keyboard.press("ArrowUp")                                      # test digit 1
    page.keyboard.press("Tab")
    assert _focused(page) == ("button", "put that test digit on the pad")
    page.keyboard.press("Space")
    expect(said).to_have_text(re.compile(r"prediction: \d \(\d+%\)"), **WAIT)
    assert "reads the drawing as prediction" in _picture(pad)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert _focused(page) == ("button", "clear the pad")
    page.keyboard.press("Enter")
    expect(said).to_have_text("draw a digit", **WAIT)
    assert _picture(pad) == "The pad is empty."
    _carry_out(page, pad, RECIPE_NB, "digit_canvas")
    expect(said).to_have_text(re.compile(r"prediction: \d \(\d+%\)"), **WAIT)


def test_draw_a_seven_and_see_it_classified_then_use_the_keyboard(notebooks):
    page, pad = _widget(notebooks, RECIPE_NB, ".course-digit-pad")
    said = pad.locator(".course-prediction")
    expect(said).to_have_text("draw a digit", timeout=15_000)
    canvas = pad.locator("canvas.course-digit-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()

    def at(fx, fy):
        return box["x"] + fx * box["width"], box["y"] + fy * box["height"]

    page.mouse.move(*at(*SEVEN[0]))
    page.mouse.down()
    for point in SEVEN[1:]:
        page.mouse.move(*at(*point), steps=15)
    page.mouse.up()
    expect(said).to_have_text(re.compile(r"prediction: 7 \(\d+%\)"), timeout=20_000)
    # The pad also sends the stroke while it is drawn (every 150 ms): on a busy machine the
    # answer for the first part of the 7 can be on screen before the one for the whole 7.
    # Wait for the whole stroke's answer (labels below 1% are left out).
    shares = _percentages(pad)
    for _ in range(100):
        if 95 <= sum(shares) <= 105 and max(shares, default=0) >= 50:
            break
        page.wait_for_timeout(200)
        shares = _percentages(pad)
    assert 95 <= sum(shares) <= 105 and max(shares) >= 50, \
        (shares, pad.locator(".course-scene").get_attribute("aria-label"))
    expect(said).to_have_text(re.compile(r"prediction: 7 \(\d+%\)"))
    assert "what the network reads: 28 x 28" in pad.locator(".course-scene").inner_text()
    assert "reads the drawing as prediction: 7" in pad.locator(".course-scene").get_attribute("aria-label")

    pad.get_by_role("button", name="clear the pad").click()
    expect(said).to_have_text("draw a digit", timeout=15_000)
    assert _percentages(pad) == []

    number = pad.get_by_label("test digit number", exact=True)
    number.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("0")
    page.keyboard.press("Tab")                     # leaves the number for the next control
    expect(pad.get_by_role("button", name="put that test digit on the pad")).to_be_focused()
    page.keyboard.press("Enter")
    expect(pad.locator(".course-announce")).to_have_text(re.compile(r"prediction: \d \(\d+%\)"), timeout=15_000)


# ------------------------------------------------------------------ axe-core, last

CONTENT = ".jp-MarkdownOutput, .jp-OutputArea-output"      # JupyterLab's prompts, editors, collapsers are outside

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
                                     "axe-planted-chrome", "axe-planted-widget")
                         if c in target), None)
            if name:
                seen.add((v["id"], name))
            else:
                nodes.append(n)
        if nodes:
            rest.append({**v, "nodes": nodes})
    return seen, rest


def _axe_on_fresh_widgets(page, notebook):
    """axe once more on every course widget of the page as the notebook first shows it
    (each widget's cell run again): the tests above leave them in other states, an
    exported code box or a drawn digit, which the check of the whole page has seen."""
    shown = page.locator(".course-widget")
    if not shown.count():
        return
    for i in range(shown.count()):
        _fresh(shown.nth(i))
    shown.first.evaluate("el => el.insertAdjacentHTML('beforeend', '<button class=\"axe-planted-widget\"></button>')")
    planted, found = _planted(violations(page, ".course-widget"))
    assert planted == {("button-name", "axe-planted-widget")}, f"{notebook}: axe did not see the widgets: {planted}"
    assert not found, f"{notebook}: serious or critical violations in a fresh widget:\n{describe(found)}"


def _has_live_widgets(notebook):
    """Whether the stored notebook shows a widget (which only a run brings to life)."""
    return "application/vnd.jupyter.widget-view+json" in (ROOT / "notebooks" / notebook).read_text(encoding="utf-8")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda n: n.split("_")[0])
def test_axe_finds_nothing_serious_in_the_course_content_of_each_notebook_in_jupyterlab(
        browser, lab, notebooks, notebook):
    """axe-core (tests/axe.py, serious and critical violations only) over the whole page of
    the notebook in JupyterLab. A notebook with widgets is the page the tests above ran
    and used (or it is run now), and its widgets are checked once more as the notebook
    first shows them (`_axe_on_fresh_widgets`). A notebook without widgets is opened as
    stored and not run in JupyterLab: nbval runs it and checks that a run gives exactly
    its stored outputs. The violations are split by where their elements are:

    * the course's own content, the notebook's rendered markdown and its cells' outputs
      (figures, printed text, the widgets' DOM): CONTENT. These must be none.
    * JupyterLab's own interface (toolbar, sidebars, status bar, the cells' prompts and
      editors): printed in the test output, not counted; the course cannot change them.

    So that a quiet result means something, every run plants unnamed buttons first: one at
    the end of the last rendered markdown cell and one at the end of the last visible output
    (both must be found, as content), next to the latter a faint grey text (found: contrast
    is measured down to the notebook's end), and one in JupyterLab's status bar (found, as
    JupyterLab's). They are taken out of the results before the real ones are judged.

    Colour contrast: JupyterLab's <body> is 0 px high with overflow hidden (its panels are
    positioned absolutely), so axe counts every text as clipped, hidden, and measures none.
    For axe the body gets the window's height (nothing on screen moves), and the window gets
    the notebook's full height, so no cell is scrolled out of sight."""
    started = time.monotonic()
    widgets = _has_live_widgets(notebook)
    page = notebooks(notebook) if widgets else browser.new_page(viewport=VIEWPORT)
    try:
        if widgets:
            page.evaluate("() => document.querySelectorAll('.kbd-start').forEach((mark) => mark.remove())")
            page.mouse.move(0, 0)       # off the notebook: a heading under the pointer shows its anchor link
        else:
            open_notebook(page, lab[0], notebook)
        ready = time.monotonic()
        page.add_style_tag(content="body { height: 100vh; }")             # see the docstring
        height = page.evaluate("""() => {        // the cells' height, plus what the window shows around them
            const outer = document.querySelector('.jp-WindowedPanel-outer');
            const cells = document.querySelectorAll('.jp-Notebook .jp-Cell');
            const top = cells[0].getBoundingClientRect().top;
            const bottom = cells[cells.length - 1].getBoundingClientRect().bottom;
            return Math.ceil(bottom - top + window.innerHeight - outer.clientHeight);
        }""")
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height + 100})
        page.evaluate("() => { document.querySelector('.jp-WindowedPanel-outer').scrollTop = 0; }")
        page.wait_for_function("""() => {                 // the last cell in sight: JupyterLab has laid out
            const outer = document.querySelector('.jp-WindowedPanel-outer').getBoundingClientRect();
            const cells = document.querySelectorAll('.jp-Notebook .jp-Cell');
            return cells[cells.length - 1].getBoundingClientRect().bottom <= outer.bottom + 1;
        }""", timeout=30_000)
        assert page.evaluate(PLANT) == [True, True, True], f"{notebook}: no markdown or output to plant in"
        found = violations(page)
        content, chrome = split(page, found, CONTENT)
        print(f"\n{notebook}: open (and run) {ready - started:.0f} s, axe {time.monotonic() - ready:.0f} s")
        planted_in, content = _planted(content)
        planted_out, chrome = _planted(chrome)
        assert planted_in == {("button-name", "axe-planted-markdown"), ("button-name", "axe-planted-output"),
                              ("color-contrast", "axe-planted-faint")}, \
            f"{notebook}: axe did not see what was planted in the notebook's content: {planted_in}"
        assert planted_out == {("button-name", "axe-planted-chrome")}, planted_out
        if chrome:
            print(f"JupyterLab's own interface (not counted):\n{describe(chrome)}")
        assert not content, f"{notebook}: serious or critical violations in the course's content:\n{describe(content)}"
        if widgets:
            _axe_on_fresh_widgets(page, notebook)
    finally:
        if notebook in notebooks.pages:
            notebooks.close(notebook)
        else:
            shut_down_kernel(page)
            page.close()
