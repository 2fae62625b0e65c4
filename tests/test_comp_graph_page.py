"""Browser tests for notebooks/interactive_comp_graph.html, the autograd playground.

The tests drive the page like a student (pick a preset, type, click, press keys)
and read precise numbers from data-value attributes or the page's read-only hook
window.compGraph.result(). Every preset is checked against PyTorch autograd
(float64), using a small recursive-descent parser below; nothing is ever eval'd.
"""

import json
import math
import re
from pathlib import Path

import pytest
import torch

try:
    from browser import browser  # noqa: F401  (pytest fixture, tests/ on sys.path)
except ImportError:  # tests/ imported as a package
    from tests.browser import browser  # noqa: F401

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails on CI) with an install hint
    expect = None

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "notebooks" / "interactive_comp_graph.html"
PRESETS_FILE = ROOT / "notebooks" / "interactive_comp_graph_presets.js"
PRESETS_PREFIX = "window.COMP_GRAPH_PRESETS = "


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
        self.page.on("dialog", self._on_dialog)
        self.page.on("request", lambda request: self.requests.append(request.url))

    def open(self):
        self.errors.clear(), self.dialogs.clear(), self.requests.clear()
        self.page.goto(PAGE.as_uri())
        expect(self.by_id("output-value")).not_to_have_text("?")
        return self

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

    def table_gradients(self):
        cells = self.page.locator("[data-testid^='grad-row-'] td.grad")
        return {cell.get_attribute("data-testid")[len("grad-"):]: float(cell.get_attribute("data-value"))
                for cell in cells.all()}

    def node_ids(self):
        return self.page.locator("#graph [data-testid^='node-']").evaluate_all(
            "nodes => nodes.map(n => n.getAttribute('data-testid'))")


@pytest.fixture(scope="module")
def tab(browser):  # noqa: F811  (the fixture imported above)
    s = PageSession(browser)
    yield s
    s.context.close()


@pytest.fixture
def session(tab):
    """The page freshly loaded; after the test: no page errors and no dialogs."""
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
    out, _ = torch_reference(network["expression"], network["inputs"])
    z = 0.5 * 0.2 + 0.4 * 0.7
    assert math.isclose(z, 0.38)
    assert math.isclose(out, 1 / (1 + math.exp(-0.38)), rel_tol=1e-12)
    assert round(out, 3) == 0.594


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
# Errors: a clear message, no page error, the last good graph stays
# ---------------------------------------------------------------------------

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
    session.by_id("backward-run").click()
    good_nodes, good_output = session.node_ids(), session.output()
    assert good_nodes and good_output == 10

    session.type_expression(expression)
    for name, text in inputs.items():
        session.set_input(name, text)
    error = session.by_id("error-message")
    expect(error).to_be_visible()
    expect(error).to_contain_text(message)
    assert len(error.inner_text().strip()) > 20                # says what to do, too
    expect(session.by_id("stale-badge")).to_be_visible()
    assert session.node_ids() == good_nodes                   # last good graph still drawn
    assert session.output() == good_output
    assert session.result()["error"]

    session.type_expression("x^2 + 3*x")                      # fixing it clears the message
    session.set_input("x", "2")
    expect(error).to_be_hidden()
    expect(session.by_id("stale-badge")).to_be_hidden()


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
