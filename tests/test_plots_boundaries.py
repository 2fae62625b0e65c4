"""helpers.plots, classifiers on the plane: the decision boundary, the gates' lines and
the rule moving them (notebook 02), XOR's product and hidden spaces (03). Each figure
is read back: the lines solve their equations, the shading is the classifier's answer."""
import numpy as np
import pytest
import torch
from readback import nearest, pixels_at, rgb

from helpers import data, gates, lecture, plots


def contour_points(ax):
    """The vertices of the drawn 0.5 contour (the boundary) of `ax`."""
    lines = [c for c in ax.collections if getattr(c, "levels", None) is not None and not c.filled]
    return np.concatenate([p.vertices for p in lines[0].get_paths()])


def points_by_class(ax):
    """{(x, y): class} of the scattered points, the class read from their colour."""
    found = {}
    for s in ax.collections:
        if getattr(s, "levels", None) is None and len(s.get_offsets()):
            faces = s.get_facecolors()[:, :3]
            for p, face in zip(np.asarray(s.get_offsets()), np.broadcast_to(faces, (len(s.get_offsets()), 3))):
                found[tuple(np.round(p, 6))] = nearest(face, plots.CLASS_COLORS)
    return found


def test_decision_boundary_shades_the_class_of_each_point():
    X, y = data.gate("AND")

    def steep(g):                                   # class 1 right of the line 2 x1 - x2 = 0.5
        return (2 * g[:, 0] - g[:, 1] > 0.5).float()

    ax = plots.decision_boundary(steep, X, y).axes[0]
    x0, x1, y0, y1 = *ax.get_xlim(), *ax.get_ylim()
    shades = [plots.BOUNDARY_CMAP(0.0), plots.BOUNDARY_CMAP(1.0)]
    points = [(a, b) for a in np.linspace(x0 + 0.05, x1 - 0.05, 9) for b in np.linspace(y0 + 0.05, y1 - 0.05, 9)
              if abs(2 * a - b - 0.5) > 0.25 and np.abs(X.numpy() - [a, b]).sum(1).min() > 0.2]
    expected = [int(2 * a - b > 0.5) for a, b in points]      # away from the line and the drawn points
    assert [nearest(c, shades) for c in pixels_at(ax, points)] == expected
    assert set(expected) == {0, 1}
    assert points_by_class(ax) == {tuple(p): int(c) for p, c in zip(X.tolist(), y)}


def test_gate_boundaries_draw_each_gates_line_and_not_on_a_number_line():
    lines = {"AND": ([1, 1], -1.5), "OR": ([1, 1], -0.5), "NOT": ([-1], 0.5)}
    fig = plots.gate_boundaries(lines, predict=lecture.perceptron)
    assert len(fig.axes) == 3
    for ax, (name, (w, b)) in zip(fig.axes[:2], lines.items()):
        # the drawn boundary (the 0.5 contour of the perceptron's output) lies on w·x + b = 0, across the square
        points = contour_points(ax)
        assert np.abs(points @ w + b).max() < 0.02 * sum(map(abs, w))        # within one grid step
        assert np.ptp(points[:, 0]) > 1.0
        X, y = data.gate(name)                                               # the four inputs by the truth table
        assert points_by_class(ax) == {tuple(p): int(c) for p, c in zip(X.tolist(), y)}
        assert ax.get_title() == f"{name}\n{gates.line_equation(w, b)}"
    vertical = [line for line in fig.axes[2].get_lines() if list(line.get_xdata()) == [0.5, 0.5]]
    assert vertical, "NOT's boundary x = 0.5 (= -b / w) is drawn"
    shade = fig.axes[2].images[0].get_array()[0]              # NOT: 1 left of 0.5, 0 right of it
    xs = np.linspace(-0.5, 1.5, 400)
    assert np.array_equal(shade, (-xs + 0.5 > 0).astype(float))


def rosenblatt(rows, labels, lr=1.0, max_epochs=20):
    """The perceptron rule in plain Python floats, a second way to compute notebook 02's
    `lecture.train_perceptron`: the mistakes of each epoch and every (w, b) on the way."""
    w, b, mistakes, path = [0.0] * len(rows[0]), 0.0, [], [([0.0] * len(rows[0]), 0.0)]
    for _ in range(max_epochs):
        mistakes.append(0)
        for x, y in zip(rows, labels):
            y_hat = 1.0 if sum(wi * xi for wi, xi in zip(w, x)) + b > 0 else 0.0      # step(0) = 0
            w = [wi + lr * (y - y_hat) * xi for wi, xi in zip(w, x)]
            b += lr * (y - y_hat)
            mistakes[-1] += y_hat != y
            path.append((list(w), b))
        if mistakes[-1] == 0:
            break
    return mistakes, path


def test_learning_figure_draws_every_line_the_rule_tried_and_names_the_final_one():
    runs = {name: lecture.train_perceptron(*data.gate(name)) for name in ("OR", "AND")}
    fig = plots.learning_figure({name: run[3] for name, run in runs.items()})
    assert len(fig.axes) == 2
    for ax, (name, (_, _, mistakes, path)) in zip(fig.axes, runs.items()):
        path = [(w.tolist(), float(b)) for w, b in path]
        assert (mistakes, path) == rosenblatt(*[t.tolist() for t in data.gate(name)])
        tried = [p for k, p in enumerate(path) if k == 0 or p != path[k - 1]]   # each new (w, b) once
        drawn = ax.get_lines()
        lines = [(pw, pb) for pw, pb in tried if any(pw)]               # w = 0 has no line
        assert len(drawn) == len(lines) > 1
        for line, (pw, pb) in zip(drawn, lines):                        # in order, each solves its equation
            assert np.allclose(line.get_xydata() @ pw + pb, 0)
        assert drawn[-1].get_label() == f"final: {gates.line_equation(*path[-1])}"
        assert ax.get_title() == f"{name}: {len(tried) - 1} updates"
    # OR traced by hand: epoch 1 errs on (0,1); epoch 2 on (0,0) and (1,0); epoch 3 on (0,0); then none.
    # The final line x1 + x2 = 0 passes through (0,0), which is rightly 0 because step(0) = 0.
    assert runs["OR"][2] == [1, 2, 1, 0] and runs["OR"][0].tolist() == [1.0, 1.0] and runs["OR"][1] == 0.0


def test_product_space_draws_the_separating_plane():
    w, b = np.array([1.0, 1.0, -2.0]), -0.5
    ax = plots.product_space(w, b).axes[0]
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
    for bad in ([1, 1, 0], [1, 1]):
        with pytest.raises(ValueError, match="three weights"):
            plots.product_space(bad, -0.5)


def test_hidden_space_shows_where_each_input_lands_and_labels_points_that_collapse():
    X, y = data.gate("XOR")
    H = torch.tensor([[0.0, 0], [1, 0], [1, 0], [1, 1]])
    h1 = ([1, 1], -0.5)                                                # OR
    fig = plots.hidden_space(X, y, H, output=([1, -2], -0.5), predict=lambda g: lecture.perceptron(g, *h1),
                             hidden_lines=[h1])
    left, right = fig.axes
    # each input at its place, coloured by its class: X on the left, where it lands (H) on the right
    assert points_by_class(left) == {tuple(p): int(c) for p, c in zip(X.tolist(), y)}
    assert points_by_class(right) == {tuple(p): int(c) for p, c in zip(H.tolist(), y)}    # (1, 0) twice, class 1
    assert {t.get_text(): t.xy for t in right.texts} == {"(0,0)": (0, 0), "(0,1) and (1,0)": (1, 0), "(1,1)": (1, 1)}
    assert {t.get_text(): t.xy for t in left.texts} == {f"({a},{b})": (a, b) for a, b in X.int().tolist()}
    line, = [x for x in right.get_lines() if "output neuron" in x.get_label()]
    assert "h_1 - 2h_2 - 0.5 = 0" in line.get_label()                 # the lecture's output neuron
    assert np.allclose(line.get_xydata() @ [1, -2] - 0.5, 0)          # ... and its line solves it
    hidden, = left.get_lines()
    assert np.allclose(hidden.get_xydata() @ [1, 1] - 0.5, 0)
    # the right panel is shaded blue where the output neuron fires (h1 - 2 h2 - 0.5 > 0), orange elsewhere
    grid = np.array([(a, c) for a in np.linspace(-0.4, 1.4, 7) for c in np.linspace(-0.4, 1.4, 7)])
    z = grid @ [1, -2] - 0.5
    keep = (np.abs(z) > 0.2) & (np.abs(grid[:, None] - H.numpy()).sum(2).min(1) > 0.25)
    fires = [nearest(c, plots.LIGHT) for c in pixels_at(right, grid[keep])]
    assert fires == (z[keep] > 0).tolist() and 0 < sum(fires) < len(fires)
    with pytest.raises(ValueError, match="\\(4, 2\\)"):
        plots.hidden_space(X, y, H[:3], output=([1, -1], -0.5), predict=torch.sigmoid, hidden_lines=[])
