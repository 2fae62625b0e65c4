"""helpers.recipe (notebook 11): mistakes, MNIST-style preprocessing of a drawing,
the drawing pad's Python side, the names data, and the torchvision root."""
import numpy as np
import pytest
import torch
from feedback import hint, odd, ok
from torch import nn

from helpers import data, recipe, training
from helpers.checks import recipe as check

# ------------------------------------------------------------ confusion and mistakes

def test_confusion_matrix_counts_every_pair():
    g = torch.Generator().manual_seed(1)
    labels, predicted = torch.randint(0, 10, (500,), generator=g), torch.randint(0, 10, (500,), generator=g)
    counts = recipe.confusion_matrix(labels, predicted)
    by_hand = np.zeros((10, 10), dtype=int)
    for t, p in zip(labels.tolist(), predicted.tolist()):
        by_hand[t, p] += 1
    assert np.array_equal(counts.numpy(), by_hand)
    assert counts.sum() == 500 and counts.trace() == int((labels == predicted).sum())


def test_confusion_matrix_refuses_mismatched_lengths():
    with pytest.raises(ValueError, match="must match"):
        recipe.confusion_matrix([1, 2, 3], [1, 2])


def test_most_confused_is_the_largest_off_diagonal_cell():
    counts = torch.zeros(10, 10, dtype=torch.long)
    counts.fill_diagonal_(100)                 # the diagonal is never "confused"
    counts[4, 9], counts[9, 4], counts[7, 2] = 6, 5, 6
    assert recipe.most_confused(counts) == (4, 9, 6)        # tie 6/6: the lower (true, predicted) first
    counts[3, 5] = 7
    assert recipe.most_confused(counts) == (3, 5, 7)


def test_confident_mistakes_are_wrong_and_sorted():
    g = torch.Generator().manual_seed(2)
    probs = torch.softmax(3 * torch.randn(200, 10, generator=g), 1)
    labels = torch.randint(0, 10, (200,), generator=g)
    idx, conf = recipe.confident_mistakes(probs, labels, k=7)
    wrong = [i for i in range(200) if int(probs[i].argmax()) != int(labels[i])]
    expected = sorted(wrong, key=lambda i: -float(probs[i].max()))[:7]
    assert idx.tolist() == expected
    assert torch.all(conf[:-1] >= conf[1:])


def test_confusion_figure_writes_the_counts(tmp_path):
    counts = torch.tensor([[5, 1, 0], [0, 3, 4], [2, 0, 6]])
    fig = recipe.plot_confusion(counts, highlight=(1, 2))
    ax = fig.axes[0]
    written = {(round(t.get_position()[1]), round(t.get_position()[0])): int(t.get_text()) for t in ax.texts}
    assert written == {(r, c): int(counts[r, c]) for r in range(3) for c in range(3) if counts[r, c]}
    # (row, column) = (true, predicted); zero cells stay empty
    (box,) = ax.patches
    assert (box.get_x() + 0.5, box.get_y() + 0.5) == (2, 1)     # the outlined cell is (true 1, predicted 2)
    shade = ax.images[0].get_array()
    assert np.isnan(np.diag(shade.filled(np.nan))).all()       # the diagonal is not shaded as a mistake
    assert shade[1, 2] == 4 and shade[2, 0] == 2


def test_compare_curves_draws_train_and_validation():
    sgd, adam = training.History(), training.History()
    sgd["train_loss"], sgd["val_loss"], sgd["val_acc"] = [1.0, 0.5, 0.4], [1.1, 0.6, 0.55], [0.7, 0.8, 0.82]
    adam["train_loss"], adam["val_loss"], adam["val_acc"] = [0.8, 0.3], [0.9, 0.5], [0.75, 0.85]
    fig = recipe.compare_curves({"SGD": sgd, "Adam": adam})
    left, right = fig.axes
    for h, (train, val), acc in zip((sgd, adam), zip(left.lines[::2], left.lines[1::2]), right.lines):
        epochs = list(range(1, len(h["train_loss"]) + 1))
        assert list(train.get_xdata()) == epochs == list(acc.get_xdata())
        assert list(train.get_ydata()) == h["train_loss"] and train.get_linestyle() == ":"   # training dotted
        assert list(val.get_ydata()) == h["val_loss"]
        assert np.allclose(acc.get_ydata(), [100 * a for a in h["val_acc"]])               # in percent
        assert train.get_color() == val.get_color() == acc.get_color()                      # one colour per run
    assert left.lines[0].get_color() != left.lines[2].get_color()
    with pytest.raises(ValueError):
        recipe.compare_curves({})


# ------------------------------------------------------------ drawing -> MNIST

def _centre_of_mass(img):
    ys, xs = np.mgrid[0:img.shape[0], 0:img.shape[1]]
    return (img * ys).sum() / img.sum(), (img * xs).sum() / img.sum()


@pytest.mark.parametrize("digit", sorted(recipe.EXAMPLE_STROKES))
def test_to_mnist_fits_a_20_pixel_box_and_centres_the_mass(digit):
    img = recipe.to_mnist(recipe.shrink(recipe.render_strokes(recipe.EXAMPLE_STROKES[digit])))
    assert img.shape == (28, 28) and img.min() >= 0 and img.max() == pytest.approx(1.0)
    rows, cols = np.flatnonzero(img.any(1)), np.flatnonzero(img.any(0))
    assert max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1) == 20
    cy, cx = _centre_of_mass(img)
    assert abs(cy - 13.5) <= 0.5 + 1e-9 or rows[0] == 0 or rows[-1] == 27
    assert abs(cx - 13.5) <= 0.5 + 1e-9 or cols[0] == 0 or cols[-1] == 27


def test_to_mnist_does_not_care_where_or_how_big_the_digit_was_drawn():
    seven = recipe.EXAMPLE_STROKES["7"]
    moved = [[(0.5 * x + 0.05, 0.5 * y + 0.4) for x, y in stroke] for stroke in seven]   # half size, bottom left
    a = recipe.to_mnist(recipe.render_strokes(seven, width=22))
    b = recipe.to_mnist(recipe.render_strokes(moved, width=11))
    assert np.abs(a - b).mean() < 0.05          # the same 28 x 28 digit up to resampling


def test_to_mnist_accepts_0_255_and_gives_zeros_for_an_empty_pad():
    pad = recipe.shrink(recipe.render_strokes(recipe.EXAMPLE_STROKES["1"]))
    assert np.allclose(recipe.to_mnist(255 * pad), recipe.to_mnist(pad))
    assert not recipe.to_mnist(np.zeros((56, 56))).any()


@pytest.mark.parametrize("bad, message", [(np.zeros(10), "2-D"), (np.full((5, 5), np.nan), "NaN")])
def test_to_mnist_explains_bad_input(bad, message):
    with pytest.raises(ValueError, match=message):
        recipe.to_mnist(bad)


def test_render_strokes_draws_a_line_of_the_pen_width():
    img = recipe.render_strokes([[(0.25, 0.5), (0.75, 0.5)]], size=200, width=10)
    # a 100-pixel segment with round ends: 100 x 10 plus a disc of diameter 10
    assert abs(img.sum() - (100 * 10 + np.pi * 25)) < 60
    assert img[100, 100] == 1 and img[100, 20] == 0 and img[80, 100] == 0


def test_shrink_is_the_mean_of_each_block():
    g = np.random.default_rng(0)
    img = g.random((280, 280))
    small = recipe.shrink(img)
    assert small[3, 7] == pytest.approx(img[15:20, 35:40].mean())
    with pytest.raises(ValueError, match="multiple"):
        recipe.shrink(np.zeros((100, 90)))


# ------------------------------------------------------------ the pad's Python side

def _model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 10))


def test_pad_classifies_what_is_drawn_like_the_pipeline_by_hand():
    model = _model()
    pad = recipe.digit_canvas(model)
    assert pad.prediction == -1 and pad.probabilities == []
    pad.draw(recipe.EXAMPLE_STROKES["7"])
    assert len(pad.pixels) == recipe.SENT ** 2 and max(pad.pixels) == 255
    by_hand = recipe.digit_probabilities(
        model, recipe.to_mnist(np.round(255 * recipe.shrink(recipe.render_strokes(recipe.EXAMPLE_STROKES["7"]))) / 255))
    assert np.allclose(pad.probabilities, by_hand, atol=1e-6)
    assert pad.prediction == int(np.argmax(by_hand)) and sum(pad.probabilities) == pytest.approx(1.0)
    pad.pixels = []                               # the clear button
    assert pad.prediction == -1 and pad.probabilities == [] and not pad.image28.any()


def test_pad_refuses_something_that_is_not_a_model():
    with pytest.raises(TypeError, match="trained torch model"):
        recipe.digit_canvas("my model")


def test_digit_probabilities_are_the_softmax_in_eval_mode_and_leave_the_model_in_training_mode():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 32), nn.ReLU(), nn.Dropout(0.5), nn.Linear(32, 10))
    image = recipe.to_mnist(recipe.shrink(recipe.render_strokes(recipe.EXAMPLE_STROKES["7"])))
    model.train()
    p = recipe.digit_probabilities(model, image)
    assert model.training                                           # as the student left it
    with torch.no_grad():
        scores = model.eval()(torch.tensor(image, dtype=torch.float32).reshape(1, 784))[0]   # no dropout
    by_hand = torch.exp(scores) / torch.exp(scores).sum()
    assert p.shape == (10,) and np.allclose(p, by_hand.numpy(), atol=1e-6)


# ------------------------------------------------------------ names

def test_names_are_lower_case_letters_unique_and_sorted():
    names = recipe.load_names()
    assert len(names) == 5163
    assert names == sorted(set(names))
    assert all(n.isascii() and n.isalpha() and n.islower() for n in names)
    assert {"mary", "james", "zoe"} <= set(names)


def test_context_pairs_and_tensors_agree():
    names = ["ann", "bo"]
    pairs = [p for n in names for p in recipe.context_pairs(n, block=3)]
    assert pairs[:4] == [("...", "a"), ("..a", "n"), (".an", "n"), ("ann", ".")]
    X, y = recipe.next_char_data(names, block=3)
    assert X.shape == (len("ann") + 1 + len("bo") + 1, 3)
    assert [(recipe.decode(x), recipe.decode([t])) for x, t in zip(X, y)] == pairs
    rows = recipe.one_hot(X)
    assert rows.shape == (7, 3 * 27) and torch.equal(rows.reshape(7, 3, 27).argmax(2), X)


def test_load_names_explains_a_missing_or_bad_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="reinstall"):
        recipe.load_names(tmp_path / "none.txt")
    bad = tmp_path / "names.txt"
    bad.write_text("anna\nJo-Ann\n")
    with pytest.raises(ValueError, match="Jo-Ann"):
        recipe.load_names(bad)


# ------------------------------------------------------------ where torchvision reads MNIST

def test_torchvision_root_prefers_full_mnist_unless_told_subset(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COURSE_MNIST", raising=False)
    assert recipe.torchvision_root() == str(data.SUBSET_ROOT)          # nothing there yet
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name in data.MNIST_FILES:
        (raw / name).write_bytes(b"")
    assert recipe.torchvision_root() == str(tmp_path)
    monkeypatch.setenv("COURSE_MNIST", "subset")
    assert recipe.torchvision_root() == str(data.SUBSET_ROOT)


# ------------------------------------------------------------ the exercises of notebook 11

RIGHT = dict(binary=(nn.Identity(), nn.BCEWithLogitsLoss()), multiclass=(nn.Identity(), nn.CrossEntropyLoss()),
             regression=(nn.Identity(), nn.MSELoss()))


def test_output_and_loss_accepts_every_correct_pairing():
    assert ok(check.output_and_loss(**RIGHT))
    also = dict(binary=(nn.Sigmoid(), nn.BCELoss()), multiclass=(nn.LogSoftmax(dim=1), nn.NLLLoss()),
                regression=(nn.Identity(), nn.HuberLoss()))
    result = check.output_and_loss(**also)
    assert ok(result) and "BCEWithLogitsLoss" in result.message


@pytest.mark.parametrize("task, pair, words", [
    ("multiclass", (nn.Softmax(dim=1), nn.CrossEntropyLoss()), "twice"),
    ("binary", (nn.Sigmoid(), nn.BCEWithLogitsLoss()), "raw score"),
    ("binary", (nn.Identity(), nn.BCELoss()), "after nn.Sigmoid"),
    ("binary", (nn.Identity(), nn.MSELoss()), "binary cross-entropy"),
    ("regression", (nn.Sigmoid(), nn.MSELoss()), "range"),
    ("regression", (nn.Identity(), nn.CrossEntropyLoss()), "MSELoss"),
    ("multiclass", (nn.Identity(), nn.NLLLoss()), "LogSoftmax"),
])
def test_output_and_loss_explains_each_mistake(task, pair, words):
    assert words in hint(check.output_and_loss(**dict(RIGHT, **{task: pair})))


@pytest.mark.parametrize("bad, words", [(None, "not filled in"), ((nn.Identity, nn.MSELoss), "brackets"),
                                        (("identity", "mse"), "torch.nn objects"), (nn.MSELoss(), "pair")])
def test_output_and_loss_is_friendly_to_odd_input(bad, words):
    assert words in odd(check.output_and_loss(**dict(RIGHT, regression=bad)))


def _adam(theta, grad, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    return theta - lr * (m / (1 - beta1 ** t)) / (torch.sqrt(v / (1 - beta2 ** t)) + eps), m, v


def test_adam_step_accepts_adam_and_names_what_is_off():
    assert ok(check.adam_step(_adam))

    def no_bias_correction(theta, grad, m, v, t, lr):
        m, v = 0.9 * m + 0.1 * grad, 0.999 * v + 0.001 * grad ** 2
        return theta - lr * m / (torch.sqrt(v) + 1e-8), m, v

    def sgd(theta, grad, m, v, t, lr):
        return theta - lr * grad, m, v

    def v_without_square(theta, grad, m, v, t, lr):
        _, m, _ = _adam(theta, grad, m, v, t, lr)
        return theta, m, 0.999 * v + 0.001 * grad.abs()

    assert "bias" in hint(check.adam_step(no_bias_correction))
    assert "m is off" in hint(check.adam_step(sgd))
    assert "SQUARED" in hint(check.adam_step(v_without_square))


def test_adam_step_is_friendly_to_odd_input():
    assert "not written" in odd(check.adam_step(None))
    assert "three things" in odd(check.adam_step(lambda *a: a[0]))
    assert "ZeroDivisionError" in odd(check.adam_step(lambda *a: 1 / 0))


def test_pairs_accepts_the_sliding_window_and_explains_mistakes():
    def right(name):
        padded = "..." + name + "."
        return [(padded[i:i + 3], padded[i + 3]) for i in range(len(name) + 1)]

    assert ok(check.pairs(right))
    assert "plus one that predicts the end" in hint(check.pairs(lambda n: right(n)[:-1]))
    assert "3 characters" in hint(check.pairs(lambda n: [(c[1:], x) for c, x in right(n)]))
    assert "expected" in hint(check.pairs(lambda n: [(c, x.upper()) for c, x in right(n)]))
    assert "not written" in odd(check.pairs(None))
    assert "list of (context, next) pairs" in odd(check.pairs(lambda n: 5))
