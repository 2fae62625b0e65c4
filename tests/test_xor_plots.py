"""helpers.xor_plots: the figures of notebook 03 draw what they are given."""
import matplotlib
import numpy as np
import pytest
import torch

from helpers import data, neurons, plots, xor_plots


def rgb(colour):
    return np.asarray(matplotlib.colors.to_rgb(colour))


def class_colours(collection):
    """0/1 per point of a scatter: which class colour each face has."""
    faces = collection.get_facecolors()[:, :3]
    faces = np.repeat(faces, len(collection.get_offsets()), 0) if len(faces) == 1 else faces
    return [int(np.allclose(f, rgb(plots.CLASS_COLORS[1]))) if np.allclose(f, rgb(plots.CLASS_COLORS[1]))
            or np.allclose(f, rgb(plots.CLASS_COLORS[0])) else -1 for f in faces]


def test_solution_counts_bars_are_the_counts():
    counts = {"AND": 1540, "XOR": 0, "OR": 7}
    fig = xor_plots.solution_counts(counts, total=68921)
    ax = fig.axes[0]
    bars = ax.patches
    assert [p.get_height() for p in bars] == list(counts.values())
    ticks = {t.get_position()[0]: t.get_text() for t in ax.get_xticklabels()}
    assert [ticks[p.get_x() + p.get_width() / 2] for p in bars] == list(counts)   # each bar over its gate
    # the bar labels: the count with a thousands separator, and "none" for 0, in red like its bar
    assert [t.get_text() for t in ax.texts] == ["1,540", "0: none!", "7"]
    red, teal = rgb(plots.PALETTE[1]), rgb(plots.PALETTE[0])
    assert [np.allclose(p.get_facecolor()[:3], red) for p in bars] == [False, True, False]
    assert all(np.allclose(p.get_facecolor()[:3], teal) for p in (bars[0], bars[2]))
    assert np.allclose(rgb(ax.texts[1].get_color()), red)
    assert ax.get_ylim()[1] > 1540                                 # the tallest bar and its label fit


def test_rule_on_xor_needs_a_run_and_draws_the_errors():
    X, y = data.gate("XOR")
    run = neurons.learn(X, y, max_epochs=10)
    fig = xor_plots.rule_on_xor(run, epochs_shown=3)
    bars, *rows = fig.axes
    assert [p.get_height() for p in bars.patches] == run.errors
    assert [p.get_x() + p.get_width() / 2 for p in bars.patches] == list(range(1, 11))   # epoch 1, 2, ...
    steps = run.path[:1 + 4 * 3]                        # the start and every example of 3 epochs
    expected = [[float(w[0]) for w, b in steps], [float(w[1]) for w, b in steps], [float(b) for w, b in steps]]
    for ax, values in zip(rows, expected):              # w1, w2, b after every example
        line = ax.lines[0]
        assert np.array_equal(line.get_xdata(), np.arange(len(steps)))
        assert np.allclose(line.get_ydata(), values)
        assert line.get_drawstyle() == "steps-post"     # a value holds until the next example
        ends = sorted(v.get_xdata()[0] for v in ax.lines[1:])
        assert ends == [4, 8]                           # dotted: the ends of epochs 1 and 2
    with pytest.raises(TypeError, match="neurons.learn"):
        xor_plots.rule_on_xor(run.path)


def test_product_space_needs_a_product_weight():
    w, b = np.array([1.0, 1.0, -2.0]), -0.5
    fig = xor_plots.product_space(w, b)
    ax = fig.axes[0]
    plane = ax.collections[0]._faces.reshape(-1, 3)     # the corners of the plane's patches
    inside = (plane[:, 2] > -0.2 + 1e-9) & (plane[:, 2] < 1.2 - 1e-9)   # not clipped at the z limits
    assert inside.sum() > 20 and np.allclose(plane[inside] @ w + b, 0)
    X, y = data.gate("XOR")
    F = np.c_[X.numpy(), X[:, 0] * X[:, 1]]
    for cls, points in zip((0, 1), ax.collections[1:]):  # each class at its (x1, x2, x1·x2), its colour
        xs, ys, zs = points._offsets3d
        assert sorted(zip(xs, ys, zs)) == sorted(map(tuple, F[y.numpy() == cls]))
        assert np.allclose(points.get_facecolors()[0, :3], rgb(plots.CLASS_COLORS[cls]))
        assert np.sign(F[y.numpy() == cls] @ w + b).tolist() == [2 * cls - 1] * 2   # the plane separates them
    with pytest.raises(ValueError, match="three weights"):
        xor_plots.product_space([1, 1, 0], -0.5)
    with pytest.raises(ValueError, match="three weights"):
        xor_plots.product_space([1, 1], -0.5)


def test_hidden_space_labels_points_that_collapse():
    X, y = data.gate("XOR")
    H = torch.tensor([[0.0, 0], [1, 0], [1, 0], [1, 1]])
    fig = xor_plots.hidden_space(X, y, H, out_w=[1, -2], out_b=-0.5, hidden_lines=[([1, 1], -0.5)])
    left, right = fig.axes
    # each input sits at its place, coloured by its class: X on the left, where it lands (H) on the right
    for ax, P in ((left, X.numpy()), (right, H.numpy())):
        drawn = {(tuple(p), c) for s in ax.collections if len(s.get_offsets()) and not hasattr(s, "levels")
                 for p, c in zip(np.asarray(s.get_offsets()), class_colours(s))}
        assert drawn == {(tuple(p), int(c)) for p, c in zip(P, y)}
    texts = {t.get_text(): t.xy for t in right.texts}            # one label per spot, at the spot
    assert texts == {"(0,0)": (0, 0), "(0,1) and (1,0)": (1, 0), "(1,1)": (1, 1)}
    assert {t.get_text(): t.xy for t in left.texts} == {f"({a},{b})": (a, b) for a, b in X.int().tolist()}
    line, = [x for x in right.get_lines() if "output neuron" in x.get_label()]
    assert "h_1 - 2h_2 - 0.5 = 0" in line.get_label()                 # the lecture's output neuron
    assert np.allclose(line.get_xydata() @ [1, -2] - 0.5, 0)          # ... and its line solves it
    hidden, = left.get_lines()
    assert np.allclose(hidden.get_xydata() @ [1, 1] - 0.5, 0)
    # the right panel is shaded teal where the output neuron fires (h1 - 2 h2 - 0.5 > 0), red elsewhere
    right.figure.canvas.draw()
    buf = np.asarray(right.figure.canvas.buffer_rgba())
    grid = np.array([(a, c) for a in np.linspace(-0.4, 1.4, 7) for c in np.linspace(-0.4, 1.4, 7)])
    z = grid @ [1, -2] - 0.5
    keep = (np.abs(z) > 0.2) & (np.abs(grid[:, None] - H.numpy()).sum(2).min(1) > 0.25)
    px, py = right.transData.transform(grid[keep]).T
    shown = buf[np.round(buf.shape[0] - py).astype(int), np.round(px).astype(int), :3] / 255
    fires = [np.abs(c - rgb("#b3dde3")).sum() < np.abs(c - rgb("#f3c4ca")).sum() for c in shown]
    assert fires == (z[keep] > 0).tolist() and 0 < sum(fires) < len(fires)
    with pytest.raises(ValueError, match="\\(4, 2\\)"):
        xor_plots.hidden_space(X, y, H[:3], out_w=[1, -1], out_b=-0.5)


def test_seed_sweep_stacks_solved_and_stuck():
    fig = xor_plots.seed_sweep({2: [4, 3, 4, 2], 8: [4, 4, 4, 4]})
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights == [2, 4, 2, 0]                                # solved 2 and 4, stuck 2 and 0
    assert [t.get_text() for t in fig.axes[0].texts] == ["2/4", "4/4"]
