"""helpers.widgets.drawing (notebook 11's drawing pad), its Python side: a drawing
prepared the way MNIST was made, the strokes drawn from code, the model's probabilities."""
import numpy as np
import pytest
import torch
from torch import nn

import helpers.widgets.drawing as drawing


def _centre_of_mass(img):
    ys, xs = np.mgrid[0:img.shape[0], 0:img.shape[1]]
    return (img * ys).sum() / img.sum(), (img * xs).sum() / img.sum()


@pytest.mark.parametrize("digit", sorted(drawing.EXAMPLE_STROKES))
def test_to_mnist_fits_a_20_pixel_box_and_centres_the_mass(digit):
    img = drawing.to_mnist(drawing.shrink(drawing.render_strokes(drawing.EXAMPLE_STROKES[digit])))
    assert img.shape == (28, 28) and img.min() >= 0 and img.max() == pytest.approx(1.0)
    rows, cols = np.flatnonzero(img.any(1)), np.flatnonzero(img.any(0))
    assert max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1) == 20
    cy, cx = _centre_of_mass(img)
    assert abs(cy - 13.5) <= 0.5 + 1e-9 or rows[0] == 0 or rows[-1] == 27
    assert abs(cx - 13.5) <= 0.5 + 1e-9 or cols[0] == 0 or cols[-1] == 27


def test_to_mnist_does_not_care_where_or_how_big_the_digit_was_drawn():
    seven = drawing.EXAMPLE_STROKES["7"]
    moved = [[(0.5 * x + 0.05, 0.5 * y + 0.4) for x, y in stroke] for stroke in seven]   # half size, bottom left
    a = drawing.to_mnist(drawing.render_strokes(seven, width=22))
    b = drawing.to_mnist(drawing.render_strokes(moved, width=11))
    assert np.abs(a - b).mean() < 0.05          # the same 28 x 28 digit up to resampling


def test_to_mnist_accepts_0_255_and_gives_zeros_for_an_empty_pad():
    pad = drawing.shrink(drawing.render_strokes(drawing.EXAMPLE_STROKES["1"]))
    assert np.allclose(drawing.to_mnist(255 * pad), drawing.to_mnist(pad))
    assert not drawing.to_mnist(np.zeros((56, 56))).any()


@pytest.mark.parametrize("bad, message", [(np.zeros(10), "2-D"), (np.full((5, 5), np.nan), "NaN")])
def test_to_mnist_explains_bad_input(bad, message):
    with pytest.raises(ValueError, match=message):
        drawing.to_mnist(bad)


def test_render_strokes_draws_a_line_of_the_pen_width():
    img = drawing.render_strokes([[(0.25, 0.5), (0.75, 0.5)]], size=200, width=10)
    # a 100-pixel segment with round ends: 100 x 10 plus a disc of diameter 10
    assert abs(img.sum() - (100 * 10 + np.pi * 25)) < 60
    assert img[100, 100] == 1 and img[100, 20] == 0 and img[80, 100] == 0


def test_shrink_is_the_mean_of_each_block():
    g = np.random.default_rng(0)
    img = g.random((280, 280))
    small = drawing.shrink(img)
    assert small[3, 7] == pytest.approx(img[15:20, 35:40].mean())
    with pytest.raises(ValueError, match="multiple"):
        drawing.shrink(np.zeros((100, 90)))


# ------------------------------------------------------------ the pad's Python side

def _model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 10))


def empty(pad):
    return pad.prediction == -1 and not len(pad.probabilities or []) and not pad.image28.any()


def test_pad_classifies_what_is_drawn_like_the_pipeline_by_hand():
    model = _model()
    pad = drawing.digit_canvas(model)
    assert empty(pad)
    pad.draw(drawing.EXAMPLE_STROKES["7"])
    assert len(pad.pixels) == drawing.SENT ** 2 and max(pad.pixels) == 255
    sent = np.round(255 * drawing.shrink(drawing.render_strokes(drawing.EXAMPLE_STROKES["7"]))) / 255   # 0-255 ints
    by_hand = drawing.digit_probabilities(model, drawing.to_mnist(sent))
    assert np.allclose(pad.image28, drawing.to_mnist(sent)) and np.allclose(pad.probabilities, by_hand, atol=1e-6)
    assert pad.prediction == int(np.argmax(by_hand)) and sum(pad.probabilities) == pytest.approx(1.0)
    pad.pixels = []                               # the clear button
    assert empty(pad)


def test_drawing_figure_gives_the_probabilities_of_each_drawing():
    model = _model()
    pads = {label: drawing.render_strokes(strokes) for label, strokes in drawing.EXAMPLE_STROKES.items()}
    fig, found = drawing.drawing_figure(pads, model, title="t")
    assert list(found) == list(pads) and fig._suptitle.get_text() == "t"
    for label, pad in pads.items():
        assert np.array_equal(found[label], drawing.digit_probabilities(model, drawing.to_mnist(drawing.shrink(pad))))


def test_pad_refuses_something_that_is_not_a_model():
    with pytest.raises(TypeError, match="trained torch model"):
        drawing.digit_canvas("my model")


def test_digit_probabilities_are_the_softmax_in_eval_mode_and_leave_the_model_in_training_mode():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 32), nn.ReLU(), nn.Dropout(0.5), nn.Linear(32, 10))
    image = drawing.to_mnist(drawing.shrink(drawing.render_strokes(drawing.EXAMPLE_STROKES["7"])))
    model.train()
    p = drawing.digit_probabilities(model, image)
    assert model.training                                           # as the student left it
    with torch.no_grad():
        scores = model.eval()(torch.tensor(image, dtype=torch.float32).reshape(1, 784))[0]   # no dropout
    by_hand = torch.exp(scores) / torch.exp(scores).sum()
    assert p.shape == (10,) and np.allclose(p, by_hand.numpy(), atol=1e-6)
