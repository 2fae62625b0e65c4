"""helpers.plots, pictures made of images: digits with labels and predictions (notebooks
00, 08, 11), what the features see (01), weights, hidden activations and fields (10),
the confusion matrix (08, 11). Each image is read back and compared with its input."""
import matplotlib
import numpy as np
import pytest
import torch
from readback import pixels_at, rgb

from helpers import data, features, plots
from helpers.plots.style import RIGHT, WRONG

RED, GREEN = rgb(WRONG), rgb(RIGHT)


def is_red(ax):
    return bool(np.allclose(rgb(ax.title.get_color()), RED))


def test_image_grid_titles_each_digit_and_marks_mistakes_red():
    images = torch.zeros(3, 784)
    for i in range(3):
        images[i, 100 * i + 200: 100 * i + 260] = 1.0 / (i + 1)   # each image its own ink
    fig = plots.image_grid(images, labels=[1, 2, 3], predictions=[1, 0, 3], ncols=2, title="t")
    assert len(fig.axes) == 4 and not fig.axes[3].images                  # 2 columns, the 4th cell blank
    for i, ax in enumerate(fig.axes[:3]):
        assert np.array_equal(ax.images[0].get_array(), images[i].reshape(28, 28).numpy())
    assert [ax.get_title() for ax in fig.axes[:3]] == ["1 ✓", "0 ✗ (true 2)", "3 ✓"]  # a mistake names the truth
    assert [is_red(ax) for ax in fig.axes[:3]] == [False, True, False]
    assert np.allclose(rgb(fig.axes[0].title.get_color()), GREEN)
    labelled = plots.image_grid(images, labels=[1, 2, 3]).axes
    assert [ax.get_title() for ax in labelled] == ["1", "2", "3"]
    titled = plots.image_grid(images, labels=[1, 2, 3], predictions=[1, 0, 3], titles=["a", "b", "c"]).axes
    assert [ax.get_title() for ax in titled] == ["a", "b", "c"] and is_red(titled[1])
    with pytest.raises(ValueError, match="image_grid got no images to draw"):
        plots.image_grid(torch.zeros(0, 784), labels=[])


def test_weight_images_centre_zero_and_use_names():
    w = torch.randn(5, 784, generator=torch.Generator().manual_seed(0))
    w[0, :10] = 9.0
    w[0, 10:20] = -0.5
    fig = plots.weight_images(w, ncols=3, names=list("abcde"))
    shown = [a for a in fig.axes if a.images]
    assert len(shown) == 5 and len(fig.axes) == 6
    for k, ax in enumerate(shown):                 # image k is row k of w, under name k
        image = ax.images[0]
        assert ax.get_title() == "abcde"[k]
        assert np.allclose(image.get_array(), w[k].reshape(28, 28).numpy())
        lo, hi = image.get_clim()
        assert -lo == hi == pytest.approx(w[k].abs().max().item())   # symmetric: white is exactly 0
    white = shown[0].images[0].to_rgba(np.zeros((1, 1)))[0, 0, :3]
    assert np.allclose(white, 1, atol=2 / 255)
    assert [a.get_title() for a in plots.weight_images(w[:2]).axes] == ["unit 0", "unit 1"]


@pytest.mark.parametrize("weights, names, words", [
    (torch.zeros(3, 10), None, "weights must have shape \\(K, 784\\), one row per hidden unit; got \\(3, 10\\)"),
    (torch.zeros(784), None, "got \\(784,\\)"), (torch.zeros(0, 784), None, "got \\(0, 784\\)"),
    (torch.zeros(2, 784), ["one"], "names has 1 entries for 2 images"),
])
def test_weight_images_bad_input(weights, names, words):
    with pytest.raises(ValueError, match=words):
        plots.weight_images(weights, names=names)


def test_hidden_activations_one_row_per_image():
    images = torch.rand(3, 784, generator=torch.Generator().manual_seed(1))
    acts = torch.relu(torch.randn(3, 16, generator=torch.Generator().manual_seed(0)))
    fig = plots.hidden_activations(images, acts, labels=[0, 1, 7])
    pictures = [a for a in fig.axes if a.images]
    bars = [a for a in fig.axes if a.patches]
    assert len(pictures) == len(bars) == 3
    for i, (picture, ax) in enumerate(zip(pictures, bars)):   # row i: image i beside its own bars
        assert np.allclose(picture.images[0].get_array(), images[i].reshape(28, 28).numpy())
        assert picture.get_title() == f"digit {[0, 1, 7][i]}"
        assert np.allclose([p.get_height() for p in ax.patches], acts[i].numpy())
        assert np.allclose([p.get_x() + p.get_width() / 2 for p in ax.patches], np.arange(16))
        assert [t.get_text() for t in ax.texts] == [f"{int((acts[i] > 0).sum())} of 16 units active"]
    assert len({int((a > 0).sum()) for a in acts}) > 1     # the counts differ from row to row
    with pytest.raises(ValueError, match="activations must have shape \\(N, H\\) with one row per image"):
        plots.hidden_activations(images, acts[:2], labels=[0, 1, 7])


def test_field_panels_draw_each_field_with_row_0_at_the_bottom():
    xs, ys = np.linspace(-1, 1, 7), np.linspace(-1, 1, 5)
    xx, yy = np.meshgrid(xs, ys)
    fields = {"target": np.sin(xx) * yy, "fit": xx - yy / 2}
    images = [a for a in plots.field_panels(fields).axes if a.images]
    assert len(images) == 2
    for ax, (label, values) in zip(images, fields.items()):
        image = ax.images[0]
        assert ax.get_title() == label and np.allclose(image.get_array(), values)
        assert image.get_extent() == [-1, 1, -1, 1] and image.get_clim() == (-1, 1)
    # origin lower: the value at (x1, x2) = (1, -1) is drawn at that point (blue: 1.5, clipped at 1)
    drawn = pixels_at(images[1], [(0.9, -0.9)])[0]
    assert np.allclose(drawn, images[1].images[0].to_rgba(fields["fit"][:1, -1:])[0, 0, :3], atol=3 / 255)
    with pytest.raises(ValueError, match="field_panels needs at least one field"):
        plots.field_panels({})


def test_confusion_heatmap_writes_the_counts_and_outlines_the_cell_asked_for():
    counts = torch.tensor([[5, 1, 0], [0, 3, 4], [2, 0, 6]])
    ax = plots.confusion_heatmap(counts, highlight=(1, 2)).axes[0]
    written = {(round(t.get_position()[1]), round(t.get_position()[0])): int(t.get_text()) for t in ax.texts}
    # (row, column) = (true, predicted); zero cells stay empty
    assert written == {(r, c): int(counts[r, c]) for r in range(3) for c in range(3) if counts[r, c]}
    (box,) = ax.patches
    assert (box.get_x() + 0.5, box.get_y() + 0.5) == (2, 1)     # the outlined cell is (true 1, predicted 2)
    shade = ax.images[0].get_array()
    assert np.isnan(np.diag(shade.filled(np.nan))).all()       # the diagonal is not shaded as a mistake
    assert shade[1, 2] == 4 and shade[2, 0] == 2
    assert ax.get_xlabel() == "predicted digit" and ax.get_ylabel() == "true digit"


def test_feature_pictures_show_what_each_feature_measures():
    mnist = data.load_mnist("subset", verbose=False)
    loops = features.loops(mnist.train_x[:100])
    pick = [int((loops == k).nonzero()[0]) for k in (0, 1, 2)]                  # digits with 0, 1 and 2 loops
    x, y = mnist.train_x[pick], mnist.train_y[pick]
    fig = plots.feature_pictures(x, y)
    rows = np.array(fig.axes).reshape(3, 7)
    blue = matplotlib.colors.to_rgb(plots.PALETTE[0])
    for row, img, label, n_loops in zip(rows, x.reshape(-1, 28, 28), y, (0, 1, 2)):
        digit, ink, *_, loops_panel, _ = row
        assert np.array_equal(digit.images[0].get_array(), img.numpy()) and digit.get_xlabel() == f"label {label}"
        assert ink.get_xlabel() == f"{100 * (img > 0.5).float().mean():.0f}% ink"
        painted = np.all(loops_panel.images[0].get_array() == blue, axis=-1)
        assert np.array_equal(painted, features.holes(img[None])[0].numpy())        # the loops are painted blue
        assert loops_panel.get_xlabel() == f"{n_loops} loop(s)"
