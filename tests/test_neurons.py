"""helpers.neurons: gate inputs, truth tables, the learning rule and its pictures."""
import numpy as np
import pytest
import torch

from helpers import data, neurons


# The lecture's step, written out here independently of helpers.models.step:
# 1 if z > 0, 0 if z <= 0 (so z = 0 does not fire).
def step_gate(w, b):
    return lambda *x: float(np.dot(w, x) + b > 0)


def perceptron(X, w, b):
    return (torch.as_tensor(X, dtype=torch.float32) @ torch.as_tensor(w, dtype=torch.float32) + b > 0).float()


def rosenblatt(rows, labels, lr=1.0, max_epochs=20):
    """The perceptron rule in plain Python floats (a second implementation to compare
    neurons.learn with): returns the final (w, b), the epoch without a mistake (or None)
    and every (w, b) on the way."""
    w, b, path = [0.0] * len(rows[0]), 0.0, []
    path.append((list(w), b))
    for epoch in range(1, max_epochs + 1):
        mistakes = 0
        for x, y in zip(rows, labels):
            y_hat = 1.0 if sum(wi * xi for wi, xi in zip(w, x)) + b > 0 else 0.0
            w = [wi + lr * (y - y_hat) * xi for wi, xi in zip(w, x)]
            b += lr * (y - y_hat)
            mistakes += y_hat != y
            path.append((list(w), b))
        if mistakes == 0:
            return w, b, epoch, path
    return w, b, None, path


@pytest.mark.parametrize("bits", [(0, 1), (1.0, 0.0), (True, False), (torch.tensor(1.0),), (np.array([0, 1]),)])
def test_require_bits_accepts_bits(bits):
    assert neurons.require_bits(*bits) is None


@pytest.mark.parametrize("bad,shown", [((2, 1), "got 2"), ((0, 0.5), "got 0.5"), ((-1,), "got -1"),
                                       ((torch.tensor([0.0, 3.0]),), "3"), (("a",), "not a number"),
                                       ((None,), "None")])
def test_require_bits_names_the_bad_input(bad, shown):
    with pytest.raises(ValueError, match="0 or 1") as err:
        neurons.require_bits(*bad)
    assert shown in str(err.value)


def test_truth_table_true_only_when_every_row_matches(capsys):
    assert neurons.truth_table(step_gate([1, 1], -1.5), "AND")
    out = capsys.readouterr().out
    assert out.count("✓") == 4 and "AND" in out
    assert not neurons.truth_table(step_gate([1, 1], -0.5), "AND")
    assert capsys.readouterr().out.count("✗") == 2           # OR differs from AND on rows 01 and 10
    assert neurons.truth_table(lambda x: float(x == 0), "NOT", show=False)
    assert capsys.readouterr().out == ""
    assert neurons.truth_table(lambda a, b: torch.tensor(float(a != b)), "xor", show=False)


def test_truth_table_rejects_a_gate_returning_several_numbers():
    with pytest.raises(ValueError, match="one"):
        neurons.truth_table(lambda a, b: torch.tensor([a, b]), "AND", show=False)


@pytest.mark.parametrize("name", ["AND", "OR", "NAND", "NOR"])
def test_learn_finds_every_separable_gate(name):
    X, y = data.gate(name)
    run = neurons.learn(X, y)
    assert run.epochs is not None and run.errors[-1] == 0 and len(run.errors) == run.epochs
    assert torch.equal(perceptron(X, run.w, run.b), y)               # the learned weights work
    assert len(run.path) == 1 + 4 * run.epochs
    assert torch.equal(run.path[0][0], torch.zeros(2)) and run.path[0][1] == 0


@pytest.mark.parametrize("name", ["AND", "OR", "NAND", "NOR", "XOR"])
def test_learn_matches_a_plain_python_rule(name):
    X, y = data.gate(name)
    w, b, epochs, path = rosenblatt(X.tolist(), y.tolist())
    run = neurons.learn(X, y)
    assert run.epochs == epochs and run.w.tolist() == w and run.b == b
    assert [(pw.tolist(), pb) for pw, pb in run.path] == path


def test_learn_on_or_by_hand():
    # Traced by hand with step(0) = 0: epoch 1 errs on (0,1) -> w = (0, 1), b = 1;
    # epoch 2 errs on (0,0) -> b = 0 and on (1,0) -> w = (1, 1), b = 1; epoch 3 errs on
    # (0,0) -> b = 0; epoch 4 makes no mistake. The line x1 + x2 = 0 passes through (0,0),
    # which is correctly 0 because z = 0 does not fire.
    run = neurons.learn(*data.gate("OR"))
    assert run.errors == [1, 2, 1, 0] and run.w.tolist() == [1.0, 1.0] and run.b == 0.0


def test_step_zero_does_not_fire_in_the_rule():
    # one row with z = 0 at the start: with step(0) = 0 and label 0 there is nothing to learn
    run = neurons.learn(torch.tensor([[1.0, 1.0]]), torch.tensor([0.0]))
    assert run.epochs == 1 and run.errors == [0] and run.w.tolist() == [0.0, 0.0]


def test_learn_never_converges_on_xor():
    X, y = data.gate("XOR")
    run = neurons.learn(X, y, max_epochs=15)
    assert run.epochs is None and len(run.errors) == 15 and min(run.errors) > 0


def test_learn_scales_with_the_learning_rate_from_zero():
    X, y = data.gate("AND")
    one, half = neurons.learn(X, y, lr=1.0), neurons.learn(X, y, lr=0.5)
    assert torch.allclose(half.w, one.w / 2) and half.b == one.b / 2 and half.epochs == one.epochs


def test_learn_rejects_mismatched_data():
    with pytest.raises(ValueError, match="one label per row"):
        neurons.learn(torch.zeros(4, 2), torch.zeros(3))


@pytest.mark.parametrize("w,b,text", [([1, 1], -1.5, "$x_1 + x_2 - 1.5 = 0$"), ([-1], 0.5, "$-x + 0.5 = 0$"),
                                      ([2, -1], 0, "$2x_1 - x_2 = 0$"), ([0, 0], 1, "no line"),
                                      ([1, 1, -2], -0.5, "$x_1 + x_2 - 2x_3 - 0.5 = 0$")])
def test_line_equation(w, b, text):
    assert text in neurons.line_equation(w, b)


def test_activation_figure_marks_the_point():
    fns = {"step": lambda z: (z > 0).float(), "tanh": torch.tanh}
    fig = neurons.activation_figure(fns, z=-0.5)
    assert len(fig.axes) == len(fns)
    for ax, f in zip(fig.axes, fns.values()):
        curves = [line for line in ax.get_lines() if len(line.get_xdata()) > 2]
        z = np.concatenate([line.get_xdata() for line in curves])
        assert z.min() == -4 and z.max() == 4 and len(z) == 401                # every point once
        assert np.allclose(np.concatenate([line.get_ydata() for line in curves]), f(torch.tensor(z)).numpy())
        mark, = [line for line in ax.get_lines() if line.get_marker() == "o"]
        expected = float(f(torch.tensor(-0.5)))
        assert mark.get_xydata().tolist() == [[-0.5, pytest.approx(expected)]]
        assert [t.get_text() for t in ax.texts] == [f"f(-0.5) = {expected:.3g}"]
    step_pieces = [line for line in fig.axes[0].get_lines() if len(line.get_xdata()) > 2]
    assert len(step_pieces) == 2                                # the jump is not drawn as a slope:
    left, right = step_pieces
    assert left.get_xdata().max() <= 0 < right.get_xdata().min()   # two pieces, 0 and 1, split at z = 0
    assert set(left.get_ydata()) == {0.0} and set(right.get_ydata()) == {1.0}


def test_gate_boundaries_one_panel_per_gate_and_not_on_a_line():
    gates = {"AND": ([1, 1], -1.5), "OR": ([1, 1], -0.5), "NOT": ([-1], 0.5)}
    fig = neurons.gate_boundaries(gates, predict=perceptron)
    assert len(fig.axes) == 3
    for ax, (name, (w, b)) in zip(fig.axes[:2], gates.items()):
        # the drawn boundary (the 0.5 contour of the neuron's output) lies on w·x + b = 0, across the square
        lines = [c for c in ax.collections if getattr(c, "levels", None) is not None and not c.filled]
        points = np.concatenate([p.vertices for p in lines[0].get_paths()])
        assert np.abs(points @ w + b).max() < 0.02 * sum(map(abs, w))        # within one grid step
        assert np.ptp(points[:, 0]) > 1.0
        # the four inputs coloured by the gate's truth table
        X, y = data.gate(name)
        dots = [c for c in ax.collections if getattr(c, "levels", None) is None]
        for cls, dot in enumerate(dots):
            assert np.allclose(dot.get_offsets(), X[y == cls].numpy())
    vertical = [line for line in fig.axes[2].get_lines() if list(line.get_xdata()) == [0.5, 0.5]]
    assert vertical, "NOT's boundary x = 0.5 (= -b / w) is drawn"
    shade = fig.axes[2].images[0].get_array()[0]              # NOT: 1 left of 0.5, 0 right of it
    xs = np.linspace(-0.5, 1.5, 400)
    assert np.array_equal(shade, (-xs + 0.5 > 0).astype(float))


def test_learning_figure_draws_the_final_line():
    run = neurons.learn(*data.gate("OR"))
    fig = neurons.learning_figure({"OR": run, "AND": neurons.learn(*data.gate("AND")).path})
    assert len(fig.axes) == 2
    for ax, name in zip(fig.axes, ("OR", "AND")):
        w, b, _, path = rosenblatt(*[t.tolist() for t in data.gate(name)])
        tried = [p for k, p in enumerate(path) if k == 0 or p != path[k - 1]]   # each new (w, b) once
        drawn = ax.get_lines()
        lines = [(pw, pb) for pw, pb in tried if any(pw)]               # w = 0 has no line
        assert len(drawn) == len(lines)
        for line, (pw, pb) in zip(drawn, lines):                        # in order, each solves its equation
            assert np.allclose(line.get_xydata() @ pw + pb, 0)
        assert drawn[-1].get_label() == f"final: {neurons.line_equation(w, b)}"
        assert ax.get_title() == f"{name}: {len(tried) - 1} updates"
