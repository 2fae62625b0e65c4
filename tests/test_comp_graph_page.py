"""Browser tests for notebooks/interactive_comp_graph.html, the autograd playground.

The tests drive the page like a student (pick a preset, type, click, press keys)
and read precise numbers from data-value attributes or the page's read-only hook
window.compGraph.result(). Every preset is checked against PyTorch autograd
(float64), using a small recursive-descent parser below; nothing is ever eval'd.
Every error case must show a message, keep the last good graph only as marked stale,
and raise no page error; sizes at the page's limits are counted here a second time.
Common slips (e^x, ln, x², 2x, sin x, 0,5, ...) get a message that quotes what was typed
and what to write, and what it says to write works. Tables follow the order of the
current expression. The page is used by keyboard alone and read through its live
region; colours are measured; axe-core (tests/axe.py) finds nothing serious; at a
phone's width the panels stack. figures/interactive_comp_graph.png is what the page shows.
"""

import json
import math
import re
import sys
import warnings
from pathlib import Path

import pytest
import torch
from axe import describe, violations

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails on CI) with an install hint
    expect = None

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "notebooks" / "interactive_comp_graph.html"
PRESETS_FILE = ROOT / "notebooks" / "interactive_comp_graph_presets.js"
PRESETS_PREFIX = "window.COMP_GRAPH_PRESETS = "

sys.path.insert(0, str(ROOT / "scripts"))
import screenshot_autograd_page as screenshot  # noqa: E402  (the still picture's script)


def load_presets():
    text = PRESETS_FILE.read_text(encoding="utf-8").strip()
    assert text.startswith(PRESETS_PREFIX) and text.endswith(";"), "presets file format"
    return json.loads(text[len(PRESETS_PREFIX):-1])


PRESETS = load_presets()


# ---------------------------------------------------------------------------
# Reference: the same grammar, computed with PyTorch autograd in float64
# ---------------------------------------------------------------------------

TOKEN_RE = re.compile(
    r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>\*\*|[-+*/^()=]))"
)
TORCH_FUNCTIONS = {
    "exp": torch.exp, "log": torch.log, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
    "relu": torch.relu, "sin": torch.sin, "cos": torch.cos, "sqrt": torch.sqrt, "abs": torch.abs,
}


def tokenize(text):
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        assert m, f"bad character at {pos} in {text!r}"
        kind = m.lastgroup
        value = m.group(kind)
        tokens.append((kind, "^" if value == "**" else value))
        pos = m.end()
    return tokens + [("end", "")]


class TorchExpression:
    """Recursive descent: sum > product > unary minus > power (right-assoc) > primary."""

    def __init__(self, text):
        self.tokens = tokenize(text)
        self.i = 0
        self.output_name = None
        if self.tokens[0][0] == "name" and self.tokens[1] == ("op", "="):
            self.output_name = self.tokens[0][1]
            self.i = 2
        self.start = self.i

    def variables(self):
        names = []
        for k, (kind, value) in enumerate(self.tokens[self.start:], self.start):
            if kind == "name" and self.tokens[k + 1] != ("op", "(") and value not in names:
                names.append(value)
        return names

    def evaluate(self, leaves):
        self.leaves, self.i = leaves, self.start
        result = self.sum()
        assert self.tokens[self.i][0] == "end"
        return result

    def peek_op(self, ops):
        kind, value = self.tokens[self.i]
        return kind == "op" and value in ops

    def take(self):
        self.i += 1
        return self.tokens[self.i - 1][1]

    def sum(self):
        left = self.product()
        while self.peek_op("+-"):
            op, right = self.take(), self.product()
            left = left + right if op == "+" else left - right
        return left

    def product(self):
        left = self.unary()
        while self.peek_op("*/"):
            op, right = self.take(), self.unary()
            left = left * right if op == "*" else left / right
        return left

    def unary(self):
        if self.peek_op("-"):
            self.take()
            return -self.unary()
        if self.peek_op("+"):
            self.take()
            return self.unary()
        return self.power()

    def power(self):
        base = self.primary()
        if self.peek_op("^"):
            self.take()
            return torch.pow(base, self.unary())
        return base

    def primary(self):
        kind, value = self.tokens[self.i]
        self.i += 1
        if kind == "number":
            return torch.tensor(float(value), dtype=torch.float64)
        if kind == "name" and self.peek_op("("):
            self.take()
            arg = self.sum()
            assert self.take() == ")"
            return TORCH_FUNCTIONS[value](arg)
        if kind == "name":
            return self.leaves[value]
        assert value == "(", f"unexpected {value!r}"
        inner = self.sum()
        assert self.take() == ")"
        return inner


def torch_reference(expression, inputs):
    """(output, {input: d output / d input}) from PyTorch autograd in float64."""
    expr = TorchExpression(expression)
    leaves = {name: torch.tensor(float(inputs[name]), dtype=torch.float64, requires_grad=True)
              for name in expr.variables()}
    out = expr.evaluate(leaves)
    out.backward()
    grads = {name: (leaf.grad.item() if leaf.grad is not None else 0.0) for name, leaf in leaves.items()}
    return out.item(), grads


def torch_value_and_grads(expression, inputs):
    """Like torch_reference, but also for expressions without inputs, and without
    asserting anything: (output, {input: gradient}) where either may be inf or nan."""
    expr = TorchExpression(expression)
    leaves = {name: torch.tensor(float(inputs[name]), dtype=torch.float64, requires_grad=True)
              for name in expr.variables()}
    out = expr.evaluate(leaves)
    if out.requires_grad:
        out.backward()
    return out.item(), {name: (leaf.grad.item() if leaf.grad is not None else 0.0) for name, leaf in leaves.items()}


def parts_of(expression):
    """Numbers, names and operators (brackets and "=" do not count): what the page limits."""
    return sum(1 for kind, value in tokenize(expression)
               if kind in ("number", "name") or (kind == "op" and value not in "()="))


def nesting_of(expression):
    """Deepest nesting of brackets, function calls, signs and powers, counted the page's way:
    each of them opens one level that lasts until its operand ends."""
    expr = TorchExpression(expression)
    deepest = 0

    def unary(level):
        nonlocal deepest
        deepest = max(deepest, level)
        if expr.peek_op("+-"):
            expr.take()
            return unary(level + 1)
        expr.i += 1                                   # the primary's first token
        kind, value = expr.tokens[expr.i - 1]
        if kind == "name" and expr.peek_op("("):
            expr.take()
            sum_(level + 1)
            expr.take()
        elif value == "(":
            sum_(level + 1)
            expr.take()
        if expr.peek_op("^"):
            expr.take()
            unary(level + 1)

    def sum_(level):
        unary(level)
        while expr.peek_op("+-*/"):
            expr.take()
            unary(level)

    expr.i = expr.start
    sum_(0)
    assert expr.tokens[expr.i][0] == "end"
    return deepest


def assert_close(actual, expected, what):
    assert actual is not None, what
    assert math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9), f"{what}: page {actual!r}, torch {expected!r}"


# ---------------------------------------------------------------------------
# Page fixtures and helpers
# ---------------------------------------------------------------------------

class PageSession:
    """One tab on the page that records page errors, dialogs and network requests.

    open() (re)loads the page, so every test starts from a fresh page state; the tab
    itself is shared by the module because opening tabs is the slow part.
    """

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 720})
        self.page = self.context.new_page()
        self.errors, self.dialogs, self.requests = [], [], []
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))
        self.page.on("console", self._on_console)
        self.page.on("dialog", self._on_dialog)
        self.page.on("request", lambda request: self.requests.append(request.url))

    def open(self):
        self.errors.clear(), self.dialogs.clear(), self.requests.clear()
        self.page.goto(PAGE.as_uri())
        expect(self.by_id("output-value")).not_to_have_text("?")
        return self

    def _on_console(self, message):
        if message.type in ("error", "warning"):
            self.errors.append(f"console {message.type}: {message.text}")

    def _on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def by_id(self, testid):
        return self.page.get_by_test_id(testid)

    def result(self):
        return self.page.evaluate("window.compGraph.result()")

    def choose_preset(self, index):
        self.by_id("preset-select").select_option(str(index))

    def type_expression(self, text):
        box = self.by_id("expression-input")
        box.click()
        box.press("Control+A")
        box.press_sequentially(text)
        box.press("Enter")

    def set_input(self, name, text):
        field = self.by_id(f"input-{name}")
        field.click()
        field.press("Control+A")
        if text:
            field.press_sequentially(text)
        else:
            field.press("Delete")

    def output(self):
        return float(self.by_id("output-value").get_attribute("data-value"))

    def output_once_it_is(self, want, timeout_ms=10_000):
        """The shown output, read again until it is `want` or `timeout_ms` ran out: typing is
        debounced, and "0.5" typed key by key shows the output for x = 0 first."""
        for _ in range(timeout_ms // 100):
            got = self.output()
            if math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9):
                break
            self.page.wait_for_timeout(100)
        return got

    def table_gradients(self):
        cells = self.page.locator("[data-testid^='grad-row-'] td.grad")
        return {cell.get_attribute("data-testid")[len("grad-"):]: float(cell.get_attribute("data-value"))
                for cell in cells.all()}

    def paste_expression(self, text):
        """Paste (fill) a long text into the expression box and press Enter."""
        box = self.by_id("expression-input")
        box.fill(text)
        box.press("Enter")

    def gradient_pairs(self):
        """{name: gradient} from the hook's pairs (a dict copied from JS loses a __proto__ key)."""
        return dict(self.result()["gradientPairs"])

    def node_ids(self):
        return self.page.locator("#graph [data-testid^='node-']").evaluate_all(
            "nodes => nodes.map(n => n.getAttribute('data-testid'))")


@pytest.fixture(scope="module")
def tab(browser):
    s = PageSession(browser)
    yield s
    s.context.close()


@pytest.fixture
def session(tab):
    """The page freshly loaded; after the test: no page errors, no console errors or warnings, no dialogs."""
    yield tab.open()
    assert not tab.errors, f"page errors: {tab.errors}"
    assert not tab.dialogs, f"unexpected dialogs: {tab.dialogs}"


# ---------------------------------------------------------------------------
# The presets file
# ---------------------------------------------------------------------------

def test_presets_file_is_strict_json_with_lecture_examples():
    assert len(PRESETS) >= 10
    for preset in PRESETS:
        assert set(preset) == {"name", "expression", "inputs", "note"}
        assert preset["name"].strip() and preset["note"].strip()
        assert all(isinstance(v, (int, float)) for v in preset["inputs"].values())
        assert set(TorchExpression(preset["expression"]).variables()) == set(preset["inputs"]), preset["name"]
    expressions = " ".join(p["expression"] for p in PRESETS)
    for needed in ["x^2 + 3*x", "sigmoid(", "tanh(", "relu(", "-log(sigmoid(z))", "log(1 - sigmoid(z))"]:
        assert needed in expressions
    assert len({p["name"] for p in PRESETS}) == len(PRESETS)


def test_lecture_network_preset_gives_the_lecture_numbers():
    network = next(p for p in PRESETS if "2-2-1" in p["name"])
    assert network["inputs"] == {"x1": 1.0, "x2": 0.5, "w11": 0.5, "w12": 0.8, "b1": -0.1, "w21": -0.3,
                                 "w22": 0.6, "b2": 0.2, "v1": 0.7, "v2": -0.5, "c": -0.1}
    out, _ = torch_reference(network["expression"], network["inputs"])
    # the lecture's worked example built independently as a PyTorch network (rows of W1 = hidden neurons)
    net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1)).double()
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor([[0.5, 0.8], [-0.3, 0.6]], dtype=torch.float64))
        net[0].bias.copy_(torch.tensor([-0.1, 0.2], dtype=torch.float64))
        net[2].weight.copy_(torch.tensor([[0.7, -0.5]], dtype=torch.float64))
        net[2].bias.fill_(-0.1)
    with torch.no_grad():
        hidden = net[1](net[0](torch.tensor([[1.0, 0.5]], dtype=torch.float64)))
        z = net(torch.tensor([[1.0, 0.5]], dtype=torch.float64)).item()
    assert torch.allclose(hidden, torch.tensor([[0.8, 0.2]], dtype=torch.float64))    # the slide's h
    assert math.isclose(z, 0.36, abs_tol=1e-12)                                        # the slide's z
    assert math.isclose(out, torch.sigmoid(torch.tensor(z, dtype=torch.float64)).item(), rel_tol=1e-12)
    assert round(out, 3) == 0.589 and round(100 * out) == 59                          # "59%"
    mse = next(p for p in PRESETS if p["name"] == "MSE loss on the network output")
    assert math.isclose(mse["inputs"]["z"], z, abs_tol=1e-12)
    assert "0.589" in network["note"] and "0.589" in mse["note"]


# ---------------------------------------------------------------------------
# Numbers: every preset against PyTorch
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("index", range(len(PRESETS)), ids=[p["name"] for p in PRESETS])
def test_preset_matches_pytorch_autograd(session, index):
    preset = PRESETS[index]
    session.choose_preset(index)
    expect(session.by_id("expression-input")).to_have_value(preset["expression"])
    for name, value in preset["inputs"].items():
        assert float(session.by_id(f"input-{name}").input_value()) == value
    session.by_id("backward-run").click()
    expect(session.by_id("phase")).to_have_text("done")

    want_out, want_grads = torch_reference(preset["expression"], preset["inputs"])
    got = session.result()
    assert got["error"] is None
    assert_close(got["output"], want_out, "output")
    assert_close(session.output(), want_out, "displayed output")
    assert set(got["gradients"]) == set(want_grads)
    table = session.table_gradients()
    for name, want in want_grads.items():
        assert_close(got["gradients"][name], want, f"d out / d {name}")
        assert_close(table[name], want, f"table d out / d {name}")


def test_lecture_example_typed_by_a_student(session):
    session.choose_preset(1)                     # start somewhere else
    session.type_expression("x^2 + 3*x")
    session.set_input("x", "2")
    session.by_id("forward-run").click()
    expect(session.by_id("output-value")).to_have_text("10")
    session.by_id("backward-run").click()
    expect(session.by_id("grad-x")).to_have_text("7")
    assert session.output() == 10
    assert session.table_gradients() == {"x": 7}
    expect(session.by_id("node-var-x")).to_contain_text("∂ 7")


HOOK_CASES = [
    ("-x^2", {"x": 3}),            # unary minus binds looser than ^
    ("2^3^2 + x", {"x": 1}),       # right-associative power
    ("x^-1 + x**2", {"x": 4}),
    ("x*x", {"x": 3}),             # same variable twice in one node
    ("1e-3*x + .5*x - 2.5e1/x", {"x": 2}),
    ("sin(x) + cos(x) + sqrt(x) + abs(-x) + exp(x/2) + log(x) + tanh(x)", {"x": 1.7}),
    ("x^y", {"x": 2.5, "y": 1.5}),
    ("relu(x) + abs(y)", {"x": 0, "y": 0}),   # relu'(0) = 0 and abs'(0) = 0
    ("sigmoid(-40*x) + -(-x)", {"x": 1}),
]


@pytest.mark.parametrize("expression, inputs", HOOK_CASES)
def test_parser_and_gradient_conventions(session, expression, inputs):
    got = session.page.evaluate("([e, v]) => window.compGraph.setExpression(e, v)", [expression, inputs])
    assert got["error"] is None
    want_out, want_grads = torch_reference(expression, inputs)
    assert_close(got["output"], want_out, "output")
    for name, want in want_grads.items():
        assert_close(got["gradients"][name], want, f"d out / d {name}")


def test_precedence_examples(session):
    r = session.page.evaluate("window.compGraph.setExpression('-x^2', {x: 3})")
    assert r["output"] == -9 and r["gradients"] == {"x": -6}
    r = session.page.evaluate("window.compGraph.setExpression('2^3^2', {})")
    assert r["output"] == 512


# ---------------------------------------------------------------------------
# Stepping, keyboard, autoplay, live updates
# ---------------------------------------------------------------------------

def test_stepped_backward_equals_run_all(session):
    network = next(i for i, p in enumerate(PRESETS) if "2-2-1" in p["name"])
    session.choose_preset(network)
    session.by_id("backward-run").click()
    run_all = session.table_gradients()

    session.by_id("reset").click()
    forward_step, backward_step = session.by_id("forward-step"), session.by_id("backward-step")
    expect(backward_step).to_be_disabled()
    forward_clicks = 0
    while forward_step.is_enabled():
        forward_step.click()
        forward_clicks += 1
    expect(session.by_id("grad-x1")).to_have_text("—")
    backward_clicks = 0
    while backward_step.is_enabled():
        backward_step.click()
        backward_clicks += 1
        if backward_clicks == 1:
            expect(session.by_id("chain-panel")).to_contain_text("∂y_hat/∂y_hat = 1")
        if backward_clicks == 3:
            expect(session.page.get_by_test_id("edge-label").first).to_be_visible()
    assert forward_clicks == 15                  # one step per operation node
    assert backward_clicks == 16                 # the seed, then every operation node
    expect(session.by_id("phase")).to_have_text("done")
    stepped = session.table_gradients()
    assert stepped.keys() == run_all.keys()
    for name in run_all:
        assert_close(stepped[name], run_all[name], name)


def test_fan_out_explains_the_sum_of_paths(session):
    fan_out = next(i for i, p in enumerate(PRESETS) if "Fan-out" in p["name"])
    session.choose_preset(fan_out)
    assert session.node_ids().count("node-var-x") == 1       # one node, two edges
    assert session.page.locator("#graph path.edge").count() == 4   # x->*, y->*, *->+, x->+
    session.page.locator("body").click(position={"x": 5, "y": 5})
    for _ in range(session.result()["totalSteps"]):
        session.page.keyboard.press("ArrowRight")
    expect(session.by_id("chain-panel")).to_contain_text("used more than once")
    expect(session.by_id("grad-x")).to_have_text("4")


def test_keyboard_shortcuts_and_typing_is_not_hijacked(session):
    phase = session.by_id("phase")
    session.page.locator("body").click(position={"x": 5, "y": 5})
    session.page.keyboard.press("f")
    expect(phase).to_have_text("forward done")
    session.page.keyboard.press("b")
    expect(phase).to_have_text("done")
    session.page.keyboard.press("r")
    expect(phase).to_have_text("ready")
    session.page.keyboard.press("n")
    expect(phase).to_have_text(re.compile(r"forward 1 / \d+"))
    session.page.keyboard.press("ArrowLeft")
    expect(phase).to_have_text("ready")
    # letters typed into a text box are text, not shortcuts
    session.type_expression("b*r + f")
    for name in ["b", "r", "f"]:
        session.set_input(name, "1")
    expect(session.by_id("output-value")).to_have_text("2")
    assert session.result()["step"] == 0
    expect(phase).to_have_text("ready")


SHORTCUT_KEYS = ["f", "F", "b", "B", "r", "R", "n", "N", "p", "P", " ", "ArrowRight", "ArrowLeft"]


def test_single_key_shortcuts_can_be_switched_off_by_keyboard(session):
    """WCAG 2.1.4 (character key shortcuts): the footer's labelled checkbox, reached and
    toggled by keyboard, turns every single-key shortcut off (the page stays where it is
    whatever key is pressed outside a text box), stays off while the page is used, and
    turns them on again."""
    page, phase = session.page, session.by_id("phase")
    switch = page.get_by_role("checkbox", name="Keyboard shortcuts")
    expect(switch).to_have_count(1)
    expect(switch).to_be_checked()
    page.evaluate("document.activeElement.blur()")
    for _ in range(40):                                    # backwards from the end of the page
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.id") == "keys-on":
            break
    else:
        raise AssertionError("Shift+Tab never reached the 'Keyboard shortcuts' checkbox")
    page.keyboard.press(" ")
    expect(switch).not_to_be_checked()

    def press_everything(where):
        page.evaluate("document.activeElement.blur()")       # focus on the page, not in a text box
        for key in SHORTCUT_KEYS:                            # one at a time: R would undo what F did
            before = session.result()["step"]
            page.keyboard.press(key)
            now = session.result()["step"]
            playing = session.by_id("play").get_attribute("aria-pressed")
            assert (now, playing) == (before, "false"), \
                f"{where}: {key!r} still acted with the shortcuts off (step {before} -> {now}, playing: {playing})"

    press_everything("shortcuts just turned off")
    expect(phase).to_have_text("ready")
    network = next(i for i, p in enumerate(PRESETS) if "2-2-1" in p["name"])
    session.choose_preset(network)                           # using the page does not turn them on again
    expect(session.by_id("expression-input")).to_have_value(PRESETS[network]["expression"])
    expect(switch).not_to_be_checked()
    press_everything("after choosing a preset")
    expect(phase).to_have_text("ready")
    session.by_id("forward-run").click()                     # the buttons work as ever
    expect(phase).to_have_text("forward done")

    switch.focus()
    page.keyboard.press(" ")
    expect(switch).to_be_checked()
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("b")
    expect(phase).to_have_text("done")
    page.keyboard.press("r")
    expect(phase).to_have_text("ready")


def test_autoplay_runs_to_the_end(session):
    session.by_id("speed").focus()
    session.by_id("speed").press("End")          # fastest
    session.page.locator("body").click(position={"x": 5, "y": 5})
    session.by_id("play").click()
    expect(session.by_id("play")).to_have_attribute("aria-pressed", "true")
    expect(session.by_id("phase")).to_have_text("done", timeout=5000)
    expect(session.by_id("play")).to_have_attribute("aria-pressed", "false")
    assert session.table_gradients() == {"x": 7}


def test_changing_an_input_updates_everything(session):
    session.by_id("backward-run").click()
    assert session.output() == 10
    session.set_input("x", "3")
    expect(session.by_id("output-value")).to_have_text("18")
    assert session.output() == 18                             # 9 + 9
    expect(session.by_id("grad-x")).to_have_text("9")         # 2*3 + 3
    session.by_id("input-x").press("ArrowUp")                  # nudge by 0.1
    expect(session.by_id("output-value")).to_have_text("18.91")
    assert_close(session.result()["gradients"]["x"], 9.2, "gradient after nudge")


# ---------------------------------------------------------------------------
# Errors: a clear message, no page error, the last good graph stays, marked stale
# ---------------------------------------------------------------------------

def draw_the_lecture_example(session):
    """Show the lecture example's finished graph; return (node ids, output) to compare later."""
    session.by_id("backward-run").click()
    good_nodes, good_output = session.node_ids(), session.output()
    assert good_nodes and good_output == 10
    return good_nodes, good_output


def assert_error_shown_and_graph_stale(session, good, *messages):
    """A message says what is wrong; the last good graph stays drawn but marked stale
    (badge, faded graph, output and side panels), the hook reports the error, and the
    page raised no error of its own."""
    error = session.by_id("error-message")
    expect(error).to_be_visible()
    for message in messages:
        expect(error).to_contain_text(message)
    # the message on screen and the hook's error, read in one go: typing is debounced, so a
    # recompute between two separate reads (after the last key) would pair an earlier message
    text, hook_error = session.page.evaluate(
        "() => [document.querySelector('[data-testid=\"error-message\"]').innerText.trim(), "
        "window.compGraph.result().error]")
    assert len(text) > 20, text                                   # says what to do, too
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text), ascii(text)   # no half characters
    expect(session.by_id("stale-badge")).to_be_visible()
    stale = re.compile(r"\bstale\b")
    expect(session.page.locator("#graph-wrap")).to_have_class(stale)
    expect(session.by_id("output")).to_have_class(stale)
    expect(session.by_id("side-panel")).to_have_class(stale)
    assert session.node_ids() == good[0]                          # last good graph still drawn
    assert session.output() == good[1]
    assert hook_error == text
    assert not session.errors, session.errors
    return text


def assert_fixing_clears_the_error(session):
    session.type_expression("x^2 + 3*x")
    session.set_input("x", "2")
    expect(session.by_id("error-message")).to_be_hidden()
    expect(session.by_id("stale-badge")).to_be_hidden()
    expect(session.by_id("side-panel")).not_to_have_class(re.compile(r"\bstale\b"))
    expect(session.by_id("output-value")).to_have_text("10")

BAD_INPUTS = [
    ("unknown function", "foo(x)", {}, "Unknown function “foo”"),
    ("unclosed bracket", "(x + 1", {}, "never closed"),
    ("extra bracket", "x + 1)", {}, "no matching “(”"),
    ("missing operator", "2x", {}, "Missing operator"),
    ("dangling operator", "x +", {}, "ends too early"),
    ("input without value", "x * z", {}, "z has no value"),
    ("emptied input box", "x^2 + 3*x", {"x": ""}, "x has no value"),
    ("not a number", "x^2 + 3*x", {"x": "two"}, "is not a number"),
    ("division by zero", "1 / (x - 2)", {}, "Division by zero"),    # x = 2 from the preset
    ("log of zero", "log(x - 2)", {}, "log needs a positive argument"),
    ("log of a negative", "log(x - 3)", {}, "log needs a positive argument"),
    ("sqrt of a negative", "sqrt(x - 3)", {}, "sqrt of a negative"),
]


@pytest.mark.parametrize("expression, inputs, message", [c[1:] for c in BAD_INPUTS],
                         ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_shows_a_message_and_keeps_the_graph(session, expression, inputs, message):
    good = draw_the_lecture_example(session)
    session.type_expression(expression)
    for name, text in inputs.items():
        session.set_input(name, text)
    assert_error_shown_and_graph_stale(session, good, message)
    assert_fixing_clears_the_error(session)                   # fixing it clears the message


def test_markup_in_the_input_creates_no_element_and_no_dialog(session):
    attack = "<img src=x onerror=alert(1)>"
    session.type_expression(attack)
    expect(session.by_id("error-message")).to_contain_text("Unexpected character “<”")
    session.type_expression("x")
    session.set_input("x", attack)
    expect(session.by_id("error-message")).to_contain_text(attack)     # shown as text
    session.page.wait_for_timeout(200)
    assert session.page.locator("img, iframe, object, embed").count() == 0
    assert session.page.evaluate("document.querySelectorAll('[onerror]').length") == 0
    assert not session.dialogs


def test_no_network_requests(session):
    for index in range(len(PRESETS)):
        session.choose_preset(index)
        session.by_id("backward-run").click()
    session.type_expression("sigmoid(w*x + b)")
    assert session.requests, "the page itself should be a recorded request"
    assert all(url.startswith("file://") for url in session.requests), session.requests


def test_source_never_evaluates_text_as_code():
    html = PAGE.read_text(encoding="utf-8")
    for forbidden in [r"\beval\s*\(", r"new\s+Function", r"\bFunction\s*\(", r"innerHTML", r"outerHTML",
                      r"insertAdjacentHTML", r"document\.write", r"setTimeout\(\s*['\"`]"]:
        assert not re.search(forbidden, html), forbidden
    for attribute in re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", html):
        assert not re.match(r"(https?:)?//", attribute), attribute
    assert "@import" not in html and "url(http" not in html


# ---------------------------------------------------------------------------
# Names are data: identifiers that exist on every JavaScript object
# ---------------------------------------------------------------------------

PROTOTYPE_NAMES = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"]


@pytest.mark.parametrize("name", PROTOTYPE_NAMES)
def test_a_name_that_objects_already_have_is_just_an_input(session, name):
    good = draw_the_lecture_example(session)
    expression = f"y = {name}^2 + 3*{name} + sigmoid({name})"
    session.type_expression(expression)
    expect(session.by_id("error-message")).to_contain_text(f"{name} has no value")   # a fresh box, not Object's
    assert session.output() == good[1]
    session.set_input(name, "2")
    expect(session.by_id("error-message")).to_be_hidden()
    expect(session.by_id("phase")).to_have_text("done")      # the finished pass carries over to the new graph

    want_out, want_grads = torch_reference(expression, {name: 2})
    got = session.result()
    assert got["error"] is None
    assert_close(got["output"], want_out, "output")
    assert_close(session.output(), want_out, "displayed output")
    assert session.gradient_pairs().keys() == {name}
    assert_close(session.gradient_pairs()[name], want_grads[name], f"d y / d {name}")
    assert_close(session.table_gradients()[name], want_grads[name], f"table d y / d {name}")
    expect(session.by_id(f"node-var-{name}")).to_be_visible()


def test_all_prototype_names_together_and_as_the_output_name(session):
    expression = "__proto__ = constructor*toString + valueOf/hasOwnProperty - toString^2"
    inputs = {"constructor": 1.5, "toString": -2, "valueOf": 3, "hasOwnProperty": 0.25}
    session.type_expression(expression)
    for name, value in inputs.items():
        session.set_input(name, str(value))
    expect(session.page.locator("#output-name")).to_have_text("__proto__")
    session.by_id("backward-run").click()
    expect(session.by_id("phase")).to_have_text("done")

    want_out, want_grads = torch_reference(expression, inputs)
    assert session.result()["error"] is None
    assert_close(session.output(), want_out, "output")
    table, pairs = session.table_gradients(), session.gradient_pairs()
    assert table.keys() == pairs.keys() == want_grads.keys()
    for name, want in want_grads.items():
        assert_close(pairs[name], want, f"d out / d {name}")
        assert_close(table[name], want, f"table d out / d {name}")
    # the hook's setter takes [name, value] pairs, so __proto__ survives the trip into the page
    got = session.page.evaluate("([e, v]) => window.compGraph.setExpression(e, v)",
                                ["__proto__ * x", [["__proto__", 4], ["x", 0.5]]])
    assert got["error"] is None and got["output"] == 2.0
    assert dict(got["gradientPairs"]) == {"__proto__": 0.5, "x": 4.0}


# ---------------------------------------------------------------------------
# Size limits: a message instead of a stack overflow
# ---------------------------------------------------------------------------

def page_limits(session):
    return session.page.evaluate("({...window.compGraph.limits})")


HUGE_EXPRESSIONS = {
    "3,001 terms": " + ".join(["x"] * 3001),
    "4,000 unary minuses": "-" * 4000 + "x",
    "5,000 nested brackets": "(" * 5000 + "x" + ")" * 5000,
}


@pytest.mark.parametrize("text", HUGE_EXPRESSIONS.values(), ids=HUGE_EXPRESSIONS.keys())
def test_huge_expression_gets_a_message_not_a_stack_overflow(session, text):
    good = draw_the_lecture_example(session)
    limit = page_limits(session)["MAX_CHARS"]
    assert len(text) > limit
    session.paste_expression(text)
    message = assert_error_shown_and_graph_stale(session, good, f"{len(text):,} characters", f"at most {limit:,}")
    assert "Shorten it" in message
    assert_fixing_clears_the_error(session)


def sum_with_parts(k):
    """x + x + ... with exactly k parts (a leading minus makes an even count)."""
    terms = (k + 1) // 2
    return ("-" if k % 2 == 0 else "") + " + ".join(["x"] * terms)


def test_each_size_limit_is_exact_and_says_what_was_given(session):
    limits = page_limits(session)
    assert limits == {"MAX_CHARS": 2000, "MAX_PARTS": 300, "MAX_NESTING": 100}
    M = limits["MAX_NESTING"]
    at_limit = {
        "MAX_CHARS": "x +" + " " * (limits["MAX_CHARS"] - 4) + "1",
        "MAX_PARTS": sum_with_parts(limits["MAX_PARTS"]),
        "MAX_NESTING": "-" * M + "x",
    }
    more_at_limit = ["(" * M + "x" + ")" * M, "sin(" * M + "x" + ")" * M,
                     "x^" * M + "x", "-(" * (M // 2) + "x" + ")" * (M // 2)]
    # measured two ways: Python counts characters, parts and nesting of what it sends
    assert len(at_limit["MAX_CHARS"]) == limits["MAX_CHARS"]
    assert parts_of(at_limit["MAX_PARTS"]) == limits["MAX_PARTS"]
    assert all(nesting_of(text) == M for text in [at_limit["MAX_NESTING"], *more_at_limit])
    for text in [*at_limit.values(), *more_at_limit]:
        x = 1.0001 if text.startswith("x^") else 0.7
        got = session.page.evaluate("([e, v]) => window.compGraph.setExpression(e, v)", [text, {"x": x}])
        assert got["error"] is None, (text[:30], got["error"])
        want_out, want_grads = torch_reference(text, {"x": x})
        assert_close(got["output"], want_out, f"output of {text[:30]}")
        assert_close(got["gradients"]["x"], want_grads["x"], f"gradient of {text[:30]}")

    over = {
        "MAX_CHARS": (at_limit["MAX_CHARS"] + " ", f"{limits['MAX_CHARS'] + 1:,} characters"),
        "MAX_PARTS": (sum_with_parts(limits["MAX_PARTS"] + 1),
                      f"{limits['MAX_PARTS'] + 1:,} numbers, names and operators"),
        "MAX_NESTING": ("(" * (M + 1) + "x" + ")" * (M + 1), f"more than {M:,} levels"),
    }
    assert parts_of(over["MAX_PARTS"][0]) == limits["MAX_PARTS"] + 1
    assert nesting_of(over["MAX_NESTING"][0]) == M + 1
    for key, (text, given) in over.items():
        good = draw_the_lecture_example(session.open())
        session.paste_expression(text)
        assert_error_shown_and_graph_stale(session, good, given, f"{limits[key]:,}")


# ---------------------------------------------------------------------------
# Numbers that are not real: the message fits the case
# ---------------------------------------------------------------------------

CONSTANT_FAILURES = [
    ("sqrt(-1)", {}, "sqrt of a negative"),
    ("log(0)", {}, "log needs a positive argument"),
    ("2*log(3 - 5)", {}, "log needs a positive argument"),
    ("1/(2 - 2)", {}, "Division by zero"),
    ("0^-1", {}, "Division by zero"),
    ("(-8)^0.5", {}, "not a real number"),
    ("exp(1000)", {}, "overflows to infinity"),
    ("1e308*10", {}, "overflows to infinity"),
    ("(-2)^x", {"x": 2}, "the base must be positive"),      # finite value, but its gradient needs ln(-2)
]


@pytest.mark.parametrize("expression, inputs, message", CONSTANT_FAILURES, ids=[c[0] for c in CONSTANT_FAILURES])
def test_failure_made_of_numbers_only_asks_to_change_the_expression(session, expression, inputs, message):
    out, grads = torch_value_and_grads(expression, inputs)        # PyTorch: inf or nan somewhere
    assert not all(math.isfinite(v) for v in [out, *grads.values()]), (out, grads)
    good = draw_the_lecture_example(session)
    session.type_expression(expression)
    for name, value in inputs.items():
        session.set_input(name, str(value))
    text = assert_error_shown_and_graph_stale(session, good, message, "change the expression")
    assert "Change the inputs" not in text, text
    expect(session.by_id("expression-input")).to_have_attribute("aria-invalid", "true")


def test_the_same_failure_with_an_input_asks_to_change_the_input(session):
    out, _ = torch_value_and_grads("sqrt(x)", {"x": -1})
    assert math.isnan(out)
    draw_the_lecture_example(session)
    session.type_expression("sqrt(x)")                        # x = 2 still: a good graph
    expect(session.by_id("output-value")).to_have_text("1.414")
    good = session.node_ids(), session.output()
    session.set_input("x", "-1")
    text = assert_error_shown_and_graph_stale(session, good, "sqrt of a negative", "Change the inputs")
    assert "change the expression" not in text
    expect(session.by_id("input-x")).to_have_attribute("aria-invalid", "true")


@pytest.mark.parametrize("where", ["expression", "input box"])
def test_a_number_too_large_for_float64_is_refused(session, where):
    assert math.isinf(float("1e999")) and math.isinf(torch.tensor(1e999, dtype=torch.float64).item())
    good = draw_the_lecture_example(session)
    if where == "expression":
        session.type_expression("1e999")
    else:
        session.type_expression("x + 1")                      # x = 2 still: a good graph
        expect(session.by_id("output-value")).to_have_text("3")
        good = session.node_ids(), session.output()
        session.set_input("x", "-1e999")
    assert_error_shown_and_graph_stale(session, good, "e999", "too large", "Use a smaller number")
    expect(session.by_id("output-value")).not_to_contain_text("∞")
    assert_fixing_clears_the_error(session)


EMOJI = [("x + 😀", "😀", 5), ("👩‍👩‍👧 * x", "👩‍👩‍👧", 1), ("2 × x", "×", 3)]


@pytest.mark.parametrize("expression, character, position", EMOJI, ids=["emoji", "family emoji", "times sign"])
def test_an_unknown_character_is_shown_whole(session, expression, character, position):
    good = draw_the_lecture_example(session)
    session.paste_expression(expression)
    expected = f"Unexpected character “{character}” at position {position}"
    text = assert_error_shown_and_graph_stale(session, good, expected)
    # the position counts characters as Python does (for one-code-point characters)
    if len(character) == 1:
        assert expression.index(character) + 1 == position
    if character == "×":                                     # a look-alike: what to write instead
        assert "Write “2 * x” instead of “2 × x”" in text


def test_works_offline_from_a_copied_folder(browser, tmp_path):
    """A student downloads the two files and opens the page by double-click, without network."""
    for source in (PAGE, PRESETS_FILE):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    context = browser.new_context(offline=True)
    try:
        page = context.new_page()
        errors, requests = [], []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.on("request", lambda request: requests.append(request.url))
        page.goto((tmp_path / PAGE.name).as_uri())
        expect(page.get_by_test_id("output-value")).to_have_text("10")
        assert page.get_by_test_id("preset-select").locator("option").count() == len(PRESETS) + 1
        page.get_by_test_id("backward-run").click()
        expect(page.get_by_test_id("grad-x")).to_have_text("7")
        assert not errors, errors
        assert requests and all(url.startswith("file://") for url in requests), requests
    finally:
        context.close()


# ---------------------------------------------------------------------------
# Slips: what was typed, what to write instead, and what it says works
# ---------------------------------------------------------------------------

SLIP_INPUTS = {"x": 2, "y": 1, "z": 0.5, "theta": 0.3}

# (id, expression, the part the message quotes as typed, what it says to write)
SLIPS = [
    ("e^x", "e^x", "e^x", "exp(x)"),
    ("e^(-x) in a sum", "y = e^(-x) + 1", "e^(-x)", "exp(-x)"),
    ("e**x", "e**(2*x)", "e**(2*x)", "exp(2*x)"),
    ("ln", "ln(x) + 1", "ln(x)", "log(x)"),
    ("ln without brackets", "ln x", "ln x", "log(x)"),
    ("log10", "log10(x)", "log10(x)", "log(x)/log(10)"),
    ("superscript two", "x² + 3*x", "x²", "x^2"),
    ("3x", "x^2 + 3x", "3x", "3*x"),
    ("2 x", "2 x + 1", "2 x", "2*x"),
    ("2(x + 1)", "2(x + 1)", "2(x + 1)", "2*(x + 1)"),
    ("(a)(b)", "(x + 1)(x - 1)", "(x + 1)(x - 1)", "(x + 1)*(x - 1)"),
    ("x(y + 1)", "x(y + 1)", "x(y + 1)", "x*(y + 1)"),
    ("sin x", "sin x + 1", "sin x", "sin(x)"),
    ("exp x", "exp x", "exp x", "exp(x)"),
    ("sin^2(x)", "sin^2(x) + 1", "sin^2(x)", "sin(x)^2"),
    ("times sign", "2 × x", "2 × x", "2 * x"),
    ("middle dot", "2·x", "2·x", "2*x"),
    ("division sign", "6 ÷ x", "6 ÷ x", "6 / x"),
    ("minus sign", "x − 1", "x − 1", "x - 1"),
    ("decimal comma", "0,5*x", "0,5", "0.5"),
    ("decimal comma in a call", "sigmoid(0,5*x)", "0,5", "0.5"),
    ("root sign", "√x + 1", "√x", "sqrt(x)"),
    ("root sign with brackets", "√(x + 1)", "√(x + 1)", "sqrt(x + 1)"),
    ("absolute value bars", "|x - 3|", "|x - 3|", "abs(x - 3)"),
    ("sigma sign", "σ(z)", "σ(z)", "sigmoid(z)"),
    ("sigma", "sigma(z)", "sigma(z)", "sigmoid(z)"),
    ("capitals", "ReLU(x)", "ReLU(x)", "relu(x)"),
    ("typo", "sigmod(x)", "sigmod(x)", "sigmoid(x)"),
    ("swapped letters", "tahn(x)", "tahn(x)", "tanh(x)"),
    ("max(0, x)", "max(0, x - 1)", "max(0, x - 1)", "relu(x - 1)"),
    ("pow", "pow(x, 3)", "pow(x, 3)", "x^3"),
    ("tan", "tan(x)", "tan(x)", "sin(x)/cos(x)"),
    ("square brackets", "[x + 1]*2", "[x + 1]", "(x + 1)"),
    ("greek name", "θ*x", "θ", "theta"),
    ("pi sign", "π*x", "π", "3.14159265"),
    ("percent", "50%*x", "50%", "50/100"),
]


def write_instead(fixed, typed):
    return re.compile(f"[Ww]rite “{re.escape(fixed)}” instead of “{re.escape(typed)}”")


@pytest.mark.parametrize("expression, typed, fixed", [c[1:] for c in SLIPS], ids=[c[0] for c in SLIPS])
def test_a_slip_gets_what_was_typed_and_what_to_write(session, expression, typed, fixed):
    good = draw_the_lecture_example(session)
    session.paste_expression(expression)
    text = assert_error_shown_and_graph_stale(session, good)
    assert write_instead(fixed, typed).search(text), text
    assert "undefined" not in text and "Error:" not in text and "TypeError" not in text, text
    # what the message says to write works, and gives PyTorch's numbers
    corrected = expression.replace(typed, fixed, 1)
    got = session.page.evaluate("([e, v]) => window.compGraph.setExpression(e, v)", [corrected, SLIP_INPUTS])
    assert got["error"] is None, (corrected, got["error"])
    want_out, want_grads = torch_value_and_grads(corrected, SLIP_INPUTS)
    assert_close(got["output"], want_out, f"output of {corrected}")
    for name, want in want_grads.items():
        assert_close(got["gradients"][name], want, f"gradient of {corrected} for {name}")
    expect(session.by_id("error-message")).to_be_hidden()


@pytest.mark.parametrize("typed, fixed", [("0,5", "0.5"), ("−2", "-2"), ("1/2", "0.5")],
                         ids=["decimal comma", "minus sign", "fraction"])
def test_a_slip_in_an_input_box_says_what_to_type(session, typed, fixed):
    good = draw_the_lecture_example(session)
    session.set_input("x", typed)
    text = assert_error_shown_and_graph_stale(session, good, f"“{typed}” in the x box",
                                              f"write {fixed} instead of {typed}")
    expect(session.by_id("input-x")).to_have_attribute("aria-invalid", "true")
    session.set_input("x", fixed)
    expect(session.by_id("error-message")).to_be_hidden()
    want_out, _ = torch_reference("x^2 + 3*x", {"x": float(fixed)})
    assert_close(session.output_once_it_is(want_out), want_out, f"output at x = {fixed}")
    assert text != session.result()["error"]


@pytest.mark.parametrize("expression, typed, hint", [("e*x", "Input e has no value", "exp(1)"),
                                                     ("pi*x", "Input pi has no value", "3.14159265"),
                                                     ("ln + x", "Input ln has no value", "log(…)")],
                         ids=["e", "pi", "ln"])
def test_a_name_that_looks_like_a_constant_or_a_function_gets_a_hint(session, expression, typed, hint):
    good = draw_the_lecture_example(session)
    session.type_expression(expression)
    assert_error_shown_and_graph_stale(session, good, typed, f"write {hint}")


@pytest.mark.parametrize("expression, messages", [
    ("(x + 1", ["“(” at position 1 is never closed", "Add a “)”, e.g. (x + 1)."]),
    ("((x + 1)", ["“(” at position 1 is never closed", "e.g. ((x + 1))."]),
    ("sigmoid(x", ["“(” at position 8 is never closed", "e.g. sigmoid(x)."]),
    ("x + 1)", ["“)” at position 6 has no matching “(”", "Remove it"]),
], ids=["one open", "two open", "call", "one closing too many"])
def test_unbalanced_brackets_say_where_and_what_to_add(session, expression, messages):
    good = draw_the_lecture_example(session)
    session.type_expression(expression)
    assert_error_shown_and_graph_stale(session, good, *messages)
    fixed = re.search(r"e\.g\. (.*)\.$", session.result()["error"])
    if fixed:                                                 # the example it gives is right
        got = session.page.evaluate("([e, v]) => window.compGraph.setExpression(e, v)", [fixed.group(1), {"x": 2}])
        assert got["error"] is None, got["error"]


def test_a_name_that_could_be_a_slip_is_still_an_input(session):
    """sigma (a standard deviation) or max are fine names: only "sigma x" (an argument
    without brackets) is a slip, and "max x" is not max(0, x)."""
    got = session.page.evaluate("window.compGraph.setExpression('sigma^2 + max*x', {sigma: 0.5, max: 3, x: 2})")
    assert got["error"] is None and got["output"] == 6.25
    assert dict(got["gradientPairs"]) == {"sigma": 1.0, "max": 2.0, "x": 3.0}
    session.paste_expression("max x")
    expect(session.by_id("error-message")).to_contain_text("write “max*x” instead of “max x”")
    assert "relu" not in session.result()["error"]


def test_power_written_python_style_is_accepted(session):
    a = session.page.evaluate("window.compGraph.setExpression('x**2 + 2**x', {x: 3})")
    b = session.page.evaluate("window.compGraph.setExpression('x^2 + 2^x', {x: 3})")
    assert a["error"] is None and a["output"] == b["output"] == 17
    assert a["gradients"]["x"] == b["gradients"]["x"]


# ---------------------------------------------------------------------------
# Order: boxes, table and the graph's text follow the current expression
# ---------------------------------------------------------------------------

def shown_orders(session):
    """The inputs in the order of the boxes, of the table rows and of the graph's text."""
    boxes = session.by_id("inputs").locator("input").evaluate_all("fs => fs.map(f => f.dataset.name)")
    rows = session.page.locator("[data-testid^='grad-row-']").evaluate_all(
        "rows => rows.map(r => r.getAttribute('data-testid').slice('grad-row-'.length))")
    listed = session.by_id("graph-list").locator("li").evaluate_all(
        "items => items.map(i => i.textContent).filter(t => / input[,.]/.test(t)).map(t => t.split(':')[0])")
    return boxes, rows, listed


def assert_tables_follow(session, expression):
    want = TorchExpression(expression).variables()            # first appearance, left to right
    boxes, rows, listed = shown_orders(session)
    assert boxes == rows == listed == want, (expression, boxes, rows, listed)


def test_tables_follow_the_order_of_the_current_expression(session):
    network = next(i for i, p in enumerate(PRESETS) if "2-2-1" in p["name"])
    logistic = next(i for i, p in enumerate(PRESETS) if p["name"].startswith("Logistic loss"))
    neuron = next(i for i, p in enumerate(PRESETS) if p["name"] == "Neuron with sigmoid")
    # the presets list their inputs in another order than the expression: the page must not use it
    for index in (network, logistic):
        assert list(PRESETS[index]["inputs"]) != TorchExpression(PRESETS[index]["expression"]).variables()
    for index in (network, logistic, neuron, network):
        session.choose_preset(index)
        expect(session.by_id("expression-input")).to_have_value(PRESETS[index]["expression"])
        assert_tables_follow(session, PRESETS[index]["expression"])
        session.by_id("backward-run").click()
        expect(session.by_id("phase")).to_have_text("done")
        assert_tables_follow(session, PRESETS[index]["expression"])
    # typed after a preset: the new expression's order, not the preset's
    session.choose_preset(neuron)
    for expression in ["b + x2*w2 + q", "q*w2 + b + x2", "x2 + q"]:
        session.type_expression(expression)
        session.set_input("q", "1")
        expect(session.by_id("error-message")).to_be_hidden()
        assert_tables_follow(session, expression)


def test_the_graph_text_lists_nodes_in_the_order_they_are_computed(session):
    network = next(i for i, p in enumerate(PRESETS) if "2-2-1" in p["name"])
    session.choose_preset(network)
    session.by_id("backward-run").click()
    items = session.by_id("graph-list").locator("li").all_text_contents()
    ids = session.node_ids()
    assert len(items) == len(ids)                              # one item per drawn node
    seen = set()
    for item in items:
        name = item.split(":")[0].split(" = ")[0]
        for source in re.findall(r"goes into ([n\d and]+)", item):
            assert all(target not in seen for target in source.split(" and ")), item   # inputs come first
        seen.add(name)
    ops = [i for i in items if re.match(r"n\d+ = ", i)]
    assert [o.split(" = ")[0] for o in ops] == [f"n{k}" for k in range(1, len(ops) + 1)]
    assert "this is the output y_hat" in ops[-1] and "value 0.589" in ops[-1]


# ---------------------------------------------------------------------------
# Keyboard and screen reader
# ---------------------------------------------------------------------------

FOCUS_STYLE = """() => { const e = document.activeElement, s = getComputedStyle(e);
    return {tag: e.tagName, id: e.id, testid: e.dataset ? e.dataset.testid || '' : '',
            outline: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor}; }"""


def tab_stops(page, most=60):
    """Press Tab until the focus comes round to the first stop again: every stop in the
    page's order, each with its focus outline (the browser's own stop outside the page is left out)."""
    stops = []
    for _ in range(most):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_STYLE)
        if stop["tag"] == "BODY":
            continue
        if stops and (stop["id"], stop["testid"]) == (stops[0]["id"], stops[0]["testid"]):
            start = next(k for k, s in enumerate(stops) if s["testid"] == "preset-select" or s["id"] == "preset")
            return stops[start:] + stops[:start]           # in page order, from the top
        stops.append(stop)
    raise AssertionError(f"the focus never came round again: {stops}")


def test_every_control_is_reached_by_tab_with_a_visible_outline(session):
    page = session.page
    session.choose_preset(next(i for i, p in enumerate(PRESETS) if p["name"] == "Fan-out: a variable used twice"))
    session.by_id("forward-step").click()                      # every button enabled
    page.evaluate("document.activeElement.blur()")
    stops = tab_stops(page)
    reached = {s["testid"] or s["id"] for s in stops}
    controls = page.locator("button:not([disabled]), input, select, [tabindex='0']").evaluate_all(
        "els => els.map(e => e.dataset.testid || e.id)")
    assert set(controls) <= reached, set(controls) - reached
    for must in ["preset-select", "expression-input", "input-x", "input-y", "forward-step", "forward-run",
                 "backward-run", "prev-step", "play", "reset", "speed", "chain-panel"]:
        assert must in reached, must
    order = [s["testid"] or s["id"] for s in stops]
    first = [order.index(name) for name in ["preset-select", "expression-input", "input-x", "forward-step"]]
    assert first == sorted(first), order                          # top to bottom, left to right
    for stop in stops:                                            # a ring of 2px or more, 3:1 on white and on the page
        assert stop["outline"] != "none" and stop["width"] >= 2, stop
        for background in ["rgb(255, 255, 255)", "rgb(238, 241, 246)"]:
            assert contrast(stop["color"], background) >= 3, (stop, background)


def status(session):
    return session.by_id("status")


def test_keyboard_only_use_and_the_live_region(session):
    page = session.page
    live = status(session)
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"
    page.evaluate("document.activeElement.blur()")
    # Tab to the expression box, type, Enter
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "expr"
    page.keyboard.press("Control+A")
    page.keyboard.type("y = x*x + 3*x")
    page.keyboard.press("Enter")
    expect(live).to_have_text(re.compile(r"^y = 10\. "))
    # Tab to the first step button and step with Enter and Space (Space presses the button, it does not play)
    while page.evaluate("document.activeElement.id") != "fwd-step":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(live).to_have_text(re.compile(r"^Forward step 1 of 3: n1 = x × x = 2 × 2 = 4\.$"))
    page.keyboard.press(" ")
    expect(live).to_have_text(re.compile(r"^Forward step 2 of 3: "))
    expect(session.by_id("play")).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Enter")
    expect(live).to_have_text(re.compile(r"^Forward step 3 of 3: n3 = n1 \+ n2 = 4 \+ 6 = 10\.$"))
    # the forward buttons are now disabled: the focus moves on to the backward step instead of getting lost
    assert page.evaluate("document.activeElement.id") == "bwd-step"
    page.keyboard.press("Enter")
    expect(live).to_have_text("Backward step 1 of 4: ∂y/∂y = 1.")
    page.keyboard.press("Enter")
    expect(live).to_contain_text("Backward step 2 of 4, at n3 = n1 + n2: ∂y/∂n1 = 1 × 1 = 1; ∂y/∂n2 = 1 × 1 = 1.")
    # choose a preset with the keyboard (Shift+Tab back to the menu, type its number) and read the result
    while page.evaluate("document.activeElement.id") != "preset":
        page.keyboard.press("Shift+Tab")
    network = next(i for i, p in enumerate(PRESETS) if "2-2-1" in p["name"])
    page.keyboard.type(str(network + 1))
    expect(session.by_id("expression-input")).to_have_value(PRESETS[network]["expression"])
    expect(live).to_have_text("y_hat = 0.589. Ready to step through the forward pass.")
    page.keyboard.press("ArrowDown")                            # arrows move through the presets, as in any menu
    expect(session.by_id("expression-input")).to_have_value(PRESETS[network + 1]["expression"])
    page.keyboard.press("ArrowUp")
    # run the backward pass from its button; the live region reads every gradient, in the expression's order
    while page.evaluate("document.activeElement.id") != "bwd-run":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(live).to_contain_text("Backward pass done: ")
    text = live.inner_text()
    preset = PRESETS[network]
    want_out, want_grads = torch_reference(preset["expression"], preset["inputs"])
    said = re.findall(r"∂y_hat/∂(\w+) = (−?[\d.e−]+)", text)
    assert [name for name, _ in said] == TorchExpression(preset["expression"]).variables()
    for name, shown in said:
        assert math.isclose(float(shown.rstrip(".").replace("−", "-")), want_grads[name], rel_tol=1e-3), (name, shown)
    assert text.startswith(f"y_hat = {round(want_out, 3)}. ")
    # an error is read out too; Escape leaves the text box, and the keys work again
    while page.evaluate("document.activeElement.id") != "expr":
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("2x")
    page.keyboard.press("Enter")
    expect(live).to_have_text(re.compile(r"^Error: Missing operator before “x” at position 2: "
                                         r"write “2\*x” instead of “2x”"))
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement === document.body")


def test_controls_have_names_and_the_graph_a_text_alternative(session):
    page = session.page
    names = page.evaluate("""() => [...document.querySelectorAll('button, input, select')].map(e => {
        const label = e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].textContent.trim()) || '';
        return [e.dataset.testid || e.id, label.trim(), e.textContent.trim()]; })""")
    for testid, label, text in names:
        assert label or text, f"{testid} has no name"
        if label and text and testid != "preset-select":   # a button's visible words are part of its spoken name
            assert re.sub(r"[^\w ]", "", text).strip().lower() in label.lower(), (testid, label, text)
    graph = session.by_id("graph")
    assert graph.get_attribute("role") == "img"
    label = graph.get_attribute("aria-label")
    assert label.startswith("Computational graph of y with 1 input (x), 3 operations and 5 edges"), label
    assert "x and x into n1 (^2)" not in label                 # x^2 is one edge, from x
    for part in ["x into n1 (^2)", "3 and x into n2 (×)", "n1 and n2 into n3 (+)", "n3 is the output y"]:
        assert part in label, (part, label)
    assert page.locator("#graph path.edge").count() == 5        # x -> n1, 3 -> n2, x -> n2, n1 -> n3, n2 -> n3
    nodes = page.locator("#graph [data-testid^='node-']").count()
    assert nodes == session.by_id("graph-list").locator("li").count() == 5
    items = session.by_id("graph-list").locator("li").all_text_contents()
    assert items[0] == "x: input, value 2; goes into n1 and n2."
    session.by_id("backward-run").click()
    items = session.by_id("graph-list").locator("li").all_text_contents()
    assert items[0] == "x: input, value 2, gradient 7; goes into n1 and n2."
    assert items[-1] == "n3 = n1 + n2, from “x^2 + 3*x”, value 10, gradient 1; this is the output y."


def test_headings_landmarks_and_links(session):
    page = session.page
    levels = page.locator("h1, h2, h3, h4, h5, h6").evaluate_all("hs => hs.map(h => Number(h.tagName[1]))")
    assert levels.count(1) == 1 and levels[0] == 1, levels
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    assert page.locator("main").count() == 1 and page.locator("header").count() == 1
    outside = page.evaluate("""() => [...document.body.children].filter(e =>
        !['HEADER', 'MAIN', 'FOOTER', 'SCRIPT', 'NOSCRIPT'].includes(e.tagName)).map(e => e.tagName)""")
    assert outside == [], outside
    for link in page.locator("a").all():                       # none today; any future one says where it goes
        assert len(link.inner_text().strip()) > 3 and link.inner_text().strip().lower() not in ("here", "link", "more")


# ---------------------------------------------------------------------------
# Colours: text 4.5:1 (large text 3:1), lines and outlines 3:1
# ---------------------------------------------------------------------------

def relative_luminance(rgb):
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def parse_rgb(css):
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    assert len(values) in (3, 4), css
    return values[:3], (values[3] if len(values) == 4 else 1.0)


def contrast(a, b):
    """WCAG contrast ratio of two CSS colours (rgb() or rgba() over an opaque b)."""
    (fa, alpha), (fb, _) = parse_rgb(a), parse_rgb(b)
    fa = [alpha * x + (1 - alpha) * y for x, y in zip(fa, fb)]
    high, low = sorted([relative_luminance(fa), relative_luminance(fb)], reverse=True)
    return (high + 0.05) / (low + 0.05)


COLOURS_JS = """() => {
  const opaque = (c) => c && c !== 'transparent' && !/rgba\\(.*, 0\\)$/.test(c);
  const background = (e) => {
    for (; e && e.nodeType === 1; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (opaque(c)) return c;
    }
    return 'rgb(255, 255, 255)';
  };
  const visible = (e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden' &&
                         !e.closest('.sr-only, [hidden], [aria-hidden="true"]');
  const faded = (e) => {
    for (; e; e = e.parentElement) if (parseFloat(getComputedStyle(e).opacity) < 1) return true;
    return false;
  };
  const texts = [], lines = [];
  for (const e of document.querySelectorAll('body *')) {
    if (!visible(e) || e.closest('button:disabled') || e.closest('svg')) continue;
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const typed = (e.tagName === 'INPUT' && e.type === 'text' && e.value) || e.tagName === 'SELECT';
    if (!own && !typed) continue;
    const s = getComputedStyle(e);
    texts.push({what: (e.id || e.className || e.tagName) + ': ' + (e.value || e.textContent).trim().slice(0, 30),
                fg: s.color, bg: background(e), size: parseFloat(s.fontSize), weight: Number(s.fontWeight),
                faded: faded(e)});
  }
  for (const t of document.querySelectorAll('#graph text')) {
    if (!visible(t) || !t.textContent.trim()) continue;
    const rect = t.parentElement.querySelector(':scope > rect');
    const s = getComputedStyle(t);
    texts.push({what: 'svg ' + t.getAttribute('class') + ': ' + t.textContent, fg: s.fill,
                bg: rect ? getComputedStyle(rect).fill : 'rgb(255, 255, 255)', size: parseFloat(s.fontSize),
                weight: Number(s.fontWeight), faded: false});
  }
  const white = 'rgb(255, 255, 255)';
  for (const p of document.querySelectorAll('#graph path.edge')) {
    lines.push({what: 'edge', fg: getComputedStyle(p).stroke, bg: white});
  }
  for (const r of document.querySelectorAll('#graph .node rect')) {
    lines.push({what: 'outline of ' + r.parentElement.getAttribute('data-testid'), fg: getComputedStyle(r).stroke,
                bg: white});
  }
  for (const c of document.querySelectorAll('#expr, #preset, .chip input, .toolbar button:not(:disabled)')) {
    lines.push({what: 'border of ' + (c.id || c.dataset.testid), fg: getComputedStyle(c).borderTopColor,
                bg: background(c.parentElement)});
  }
  return {texts, lines};
}"""


def colour_failures(page):
    found = page.evaluate(COLOURS_JS)
    failures = []
    for t in found["texts"]:
        large = t["size"] >= 24 or (t["size"] >= 18.66 and t["weight"] >= 700)
        need = 3 if large else 4.5
        ratio = contrast(t["fg"], t["bg"])
        if ratio < need or t["faded"]:
            faded = ", faded by opacity" if t["faded"] else ""
            failures.append(f"text {t['what']!r}: {t['fg']} on {t['bg']} is {ratio:.2f}:1 (needs {need}){faded}")
    for line in found["lines"]:
        ratio = contrast(line["fg"], line["bg"])
        if ratio < 3:
            failures.append(f"{line['what']}: {line['fg']} on {line['bg']} is {ratio:.2f}:1 (needs 3)")
    return failures, len(found["texts"]), len(found["lines"])


def through_every_state(session):
    """The states a student sees: ready, a forward step, a backward step with its labels,
    a partial gradient, done, and an error; yields a name for each."""
    fan_out = next(i for i, p in enumerate(PRESETS) if p["name"].startswith("Fan-out"))
    session.choose_preset(fan_out)
    yield "ready"
    session.by_id("forward-step").click()
    yield "forward step"
    session.by_id("forward-run").click()
    for _ in range(2):                                           # the seed, then f = n1 + x: x has 1 of its 2 paths
        session.by_id("backward-step").click()
    expect(session.page.get_by_test_id("edge-label").first).to_be_visible()
    expect(session.by_id("grad-row-x").locator("td.grad")).to_have_text(re.compile(r"\+ …$"))
    yield "backward step, partial gradient"
    session.choose_preset(next(i for i, p in enumerate(PRESETS) if "2-2-1" in p["name"]))
    session.by_id("backward-run").click()
    yield "done"
    session.type_expression("2x")
    expect(session.by_id("error-message")).to_be_visible()
    yield "error"


def test_colours_have_enough_contrast_in_every_state(session):
    problems = {}
    for state in through_every_state(session):
        failures, texts, lines = colour_failures(session.page)
        assert texts > 30 and lines > 10, (state, texts, lines)  # the check saw the page
        if failures:
            problems[state] = failures
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def test_nothing_is_told_by_colour_alone(session):
    fan_out = next(i for i, p in enumerate(PRESETS) if p["name"].startswith("Fan-out"))
    session.choose_preset(fan_out)
    session.by_id("forward-run").click()
    expect(session.by_id("grad-x")).to_have_text("—")               # not computed: a dash
    for _ in range(2):
        session.by_id("backward-step").click()
    expect(session.by_id("grad-x")).to_have_text("1 + …")           # partial: "+ …" says more is to come
    session.by_id("backward-run").click()
    expect(session.by_id("grad-x")).to_have_text("4")
    expect(session.by_id("node-var-x")).to_contain_text("∂ 4")      # gradients carry ∂, values do not
    session.type_expression("2x")                                   # an error: an icon and words, a dashed box
    style = "([selector, pseudo, property]) => getComputedStyle(document.querySelector(selector), pseudo)[property]"
    assert session.page.evaluate(style, ["#error", "::before", "content"]).startswith('"⚠')
    assert session.page.evaluate(style, ["#expr", None, "borderTopStyle"]) == "dashed"
    expect(session.by_id("stale-badge")).to_be_visible()


# ---------------------------------------------------------------------------
# axe-core: nothing serious or critical, in every state and at a phone's width
# ---------------------------------------------------------------------------

def test_axe_finds_nothing_serious(session):
    found = {}
    for state in through_every_state(session):
        serious = violations(session.page)
        if serious:
            found[state] = describe(serious)
    assert not found, "\n".join(f"{state}:\n{text}" for state, text in found.items())


def test_axe_sees_the_violations_it_should(tab):
    """The check can fail: on a page with an unnamed text box and pale grey text, the helper
    reports both as serious (the same page with a label and dark text passes)."""
    bad = ('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><h1>Test</h1>'
           '<input type="text"><p style="color:#bbb">pale text</p></main></body></html>')
    tab.page.set_content(bad)
    found = {v["id"] for v in violations(tab.page)}
    assert {"label", "color-contrast"} <= found, found
    good = bad.replace('<input type="text">', '<label>Name <input type="text"></label>').replace("#bbb", "#555")
    tab.page.set_content(good)
    assert violations(tab.page) == []


# ---------------------------------------------------------------------------
# A phone's width: the panels stack, nothing overlaps, no text runs off to the side
# ---------------------------------------------------------------------------

PANELS = ["header.topbar", "section.expr-card", "section.graph-card", "section.chain-card", "section.table-card",
          "footer.help"]


@pytest.mark.parametrize("width, height", [(390, 844), (700, 900)], ids=["phone 390", "narrow 700"])
def test_narrow_windows_stack_the_panels(browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto(PAGE.as_uri())
        network = next(i for i, p in enumerate(PRESETS) if "2-2-1" in p["name"])
        page.get_by_test_id("preset-select").select_option(str(network))
        page.get_by_test_id("backward-run").click()
        expect(page.get_by_test_id("phase")).to_have_text("done")
        check_narrow_layout(page, width)
        page.get_by_test_id("expression-input").fill(PRESETS[network]["expression"].replace("v2*relu", "v2relu"))
        page.get_by_test_id("expression-input").press("Enter")           # an error: the message and the badge fit too
        expect(page.get_by_test_id("stale-badge")).to_be_visible()
        check_narrow_layout(page, width)
        assert not errors, errors
    finally:
        context.close()


def check_narrow_layout(page, width):
    """No sideways scrolling of the page, the panels inside the window and stacked in order,
    no text outside the window (the graph's own box may scroll: it is a picture), readable
    graph text, and nothing serious for axe."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    boxes = [page.locator(selector).bounding_box() for selector in PANELS]
    for selector, box in zip(PANELS, boxes):
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (selector, box)
    for (a, box_a), (b, box_b) in zip(zip(PANELS, boxes), zip(PANELS[1:], boxes[1:])):
        assert box_a["y"] + box_a["height"] <= box_b["y"] + 0.5, f"{a} overlaps {b}"    # stacked, in order
    # text that sticks out of the window (the graph scrolls inside its own box, a picture)
    outside = page.evaluate("""(w) => [...document.querySelectorAll('body *')].filter(e =>
        !e.closest('#graph, .sr-only') &&
        [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) &&
        [...e.getClientRects()].some(r => r.right > w + 0.5 || r.left < -0.5))
        .map(e => e.id || e.className || e.tagName)""", width)
    assert outside == [], outside
    # the graph keeps readable text: if it does not fit, its box scrolls sideways and takes the focus
    wrap = page.locator("#graph-wrap")
    label = page.locator("#graph .node.var .label").first.bounding_box()
    assert label["height"] >= 10, label
    if page.evaluate("(w) => w.scrollWidth > w.clientWidth", wrap.element_handle()):
        assert wrap.get_attribute("tabindex") == "0" and wrap.get_attribute("aria-label")
    serious = violations(page)
    assert not serious, describe(serious)


# ---------------------------------------------------------------------------
# The still picture: figures/interactive_comp_graph.png shows what the page shows
# ---------------------------------------------------------------------------

def test_stored_screenshot_is_what_the_page_shows_for_the_lecture_network(browser, tmp_path):
    """The script's steps, taken again into a temporary file: the page shows the lecture's
    numbers; the stored PNG says it showed the same text; same size; and where the same
    Chromium and fonts drew it, the same pixels (elsewhere fonts move every letter, so
    the pixels are not compared and a warning says so)."""
    from PIL import Image, ImageChops

    fresh = tmp_path / "fresh.png"
    now = screenshot.screenshot(browser, fresh)                 # the script's own steps, into a temporary file
    preset = next(p for p in PRESETS if p["name"] == screenshot.PRESET)
    want_out, want_grads = torch_reference(preset["expression"], preset["inputs"])
    assert round(want_out, 3) == 0.589
    assert now["output"] == "y_hat = 0.589" and now["phase"] == "done"
    assert [row[0] for row in now["table"]] == TorchExpression(preset["expression"]).variables()
    for name, _value, grad in now["table"]:
        assert math.isclose(float(grad.replace("−", "-")), want_grads[name], rel_tol=1e-3), (name, grad)

    stored = screenshot.stored_text(screenshot.PICTURE)
    hint = "figures/interactive_comp_graph.png is stale: run python scripts/screenshot_autograd_page.py"
    assert stored == now, hint
    with Image.open(screenshot.PICTURE) as old, Image.open(fresh) as new:
        assert old.size == new.size == (screenshot.VIEWPORT["width"], screenshot.VIEWPORT["height"]), hint
        drawn_by = [screenshot.stored_text(path, screenshot.RENDERER_KEY) for path in (screenshot.PICTURE, fresh)]
        if drawn_by[0] != drawn_by[1]:
            warnings.warn(f"pixels of {screenshot.PICTURE.name} not compared: drawn by {drawn_by[0]}, "
                          f"here by {drawn_by[1]}", stacklevel=1)
            return
        changed = ImageChops.difference(old.convert("RGB"), new.convert("RGB")).convert("L").point(lambda v: v > 0)
        share = sum(changed.histogram()[1:]) / (old.size[0] * old.size[1])
    assert share < 0.0005, f"{hint} ({share:.2%} of the pixels differ)"
