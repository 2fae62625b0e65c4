"""The draw-a-digit pad of notebook 11 (an `anywidget`): MNIST-style preprocessing of a
drawing (`to_mnist`), pen strokes drawn from Python (`render_strokes`), the model's ten
probabilities, and the static figure of the stored notebook (`drawing_figure`)."""
import matplotlib.pyplot as plt
import numpy as np
import torch
import traitlets

from ..plots.style import PALETTE
from .scene import JS, LIBRARY, SceneWidget, axis, draw, image, panel, scene

CANVAS = 280           # the drawing pad, in screen pixels
SENT = 56              # the pad is shrunk to SENT x SENT before it is sent to Python
STROKE = 22            # pen width on the pad


def to_mnist(image, box=20, size=28, threshold=0.1):
    """Preprocess a drawing the way MNIST was made: crop to the ink, scale the longer
    side to `box` (20) pixels keeping the aspect ratio, and place it in a `size` x
    `size` (28 x 28) image so that its centre of mass is in the middle.

    image: a 2-D array of ink (0 = paper; floats in [0, 1] or 0-255). Returns a float
    array (28, 28) in [0, 1]; all zeros when there is no ink."""
    img = np.asarray(image, dtype=float)
    if img.ndim != 2 or min(img.shape) < 1:
        raise ValueError(f"to_mnist needs one 2-D image (rows x columns of ink), not shape {img.shape}.")
    if not np.all(np.isfinite(img)):
        raise ValueError("to_mnist: the image contains NaN or infinity.")
    if img.max() > 1:
        img = img / 255.0
    img = np.clip(img, 0, 1)
    ink = img > threshold
    out = np.zeros((size, size))
    if not ink.any():
        return out
    rows, cols = np.flatnonzero(ink.any(1)), np.flatnonzero(ink.any(0))
    crop = img[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    h, w = crop.shape
    scale = box / max(h, w)
    new = (max(1, int(round(h * scale))), max(1, int(round(w * scale))))
    resized = torch.nn.functional.interpolate(torch.tensor(crop, dtype=torch.float32)[None, None], size=new,
                                              mode="bilinear", antialias=True, align_corners=False)[0, 0]
    resized = (resized.clamp(0, 1) / resized.max().clamp(min=1e-6)).numpy().astype(float)
    mass = resized.sum()
    cy = (resized.sum(1) * np.arange(new[0])).sum() / mass
    cx = (resized.sum(0) * np.arange(new[1])).sum() / mass
    centre = (size - 1) / 2
    top = int(np.clip(np.floor(centre - cy + 0.5), 0, size - new[0]))
    left = int(np.clip(np.floor(centre - cx + 0.5), 0, size - new[1]))
    out[top:top + new[0], left:left + new[1]] = resized
    return out


def render_strokes(strokes, size=CANVAS, width=STROKE):
    """Draw pen strokes as the canvas does: each stroke a list of (x, y) points as
    fractions of the pad (0 = left/top, 1 = right/bottom), a round pen `width` pixels
    wide. Returns a (size, size) float array of ink in [0, 1]."""
    yy, xx = np.mgrid[0:size, 0:size] + 0.5
    ink = np.zeros((size, size), dtype=bool)
    for stroke in strokes:
        points = np.asarray(stroke, dtype=float).reshape(-1, 2) * size
        if len(points) == 1:
            points = np.vstack([points, points])
        for (x0, y0), (x1, y1) in zip(points[:-1], points[1:]):
            dx, dy = x1 - x0, y1 - y0
            length2 = dx * dx + dy * dy
            t = 0.0 if length2 == 0 else np.clip(((xx - x0) * dx + (yy - y0) * dy) / length2, 0, 1)
            ink |= (xx - x0 - t * dx) ** 2 + (yy - y0 - t * dy) ** 2 <= (width / 2) ** 2
    return ink.astype(float)


def shrink(image, to=SENT):
    """Average square blocks of a pad image down to `to` x `to` (what the widget's
    browser side sends to Python)."""
    img = np.asarray(image, dtype=float)
    f = img.shape[0] // to
    if img.shape != (to * f, to * f):
        raise ValueError(f"shrink needs a square image whose side is a multiple of {to}, not {img.shape}.")
    return img.reshape(to, f, to, f).mean(axis=(1, 3))


# Hand-made strokes of three digits, for the static figure of the stored notebook.
EXAMPLE_STROKES = {
    "7": [[(0.22, 0.2), (0.78, 0.2), (0.45, 0.86)]],
    "1": [[(0.42, 0.3), (0.55, 0.16), (0.55, 0.86)]],
    "0": [[(0.5, 0.14), (0.32, 0.22), (0.24, 0.5), (0.32, 0.78), (0.5, 0.86), (0.68, 0.78),
           (0.76, 0.5), (0.68, 0.22), (0.5, 0.14)]],
}


@torch.no_grad()
def digit_probabilities(model, image28):
    """The model's 10 probabilities (softmax of its scores) for one 28 x 28 image."""
    x = torch.tensor(np.asarray(image28, dtype=np.float32).reshape(1, 784))
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    p = torch.softmax(model(x.to(device)), dim=1)[0].cpu().numpy()
    model.train(was_training)
    return p


def reading_scene(image28, p, size=3.0):
    """What the network reads (the 28 x 28 image) and its 10 probabilities, the winner
    highlighted: the right side of the pad, and a row of `drawing_figure`."""
    win = int(np.argmax(p))
    bars = {"x": list(range(10)), "height": [float(v) for v in p],
            "color": [PALETTE[1] if d == win else PALETTE[0] for d in range(10)],
            "labels": [f"{100 * v:.0f}%" if v >= 0.01 else "" for v in p]}
    return [panel("what the network reads: 28 x 28", axis(0, 28, hidden=True), axis(0, 28, hidden=True),
                  width=size, height=size, equal=True,
                  image=image(np.asarray(image28)[::-1], (0, 28, 0, 28), "gray_r")),
            panel(f"prediction {win} ({100 * p[win]:.0f}%)", axis(-0.6, 9.6, "digit", list(range(10))),
                  axis(0, 1.1, "probability", [0, 0.5, 1]), width=4.2, height=size, bars=bars)]


def drawing_figure(drawings, model, title=None):
    """For each drawing (dict label -> pad image): the pad, its 28 x 28 MNIST-style
    version, and the model's 10 probabilities. Returns the figure and the
    probabilities (dict label -> array of 10)."""
    fig = plt.figure(figsize=(9.2, 2.3 * len(drawings)), layout="constrained")
    found, alts = {}, []
    for row, (label, pad) in zip(fig.subfigures(len(drawings), 1, squeeze=False)[:, 0], drawings.items()):
        small = to_mnist(shrink(pad))
        found[label] = p = digit_probabilities(model, small)
        drawn = panel("drawn", axis(0, 1, hidden=True), axis(0, 1, hidden=True), width=2.0, height=2.3,
                      equal=True, image=image(np.asarray(pad)[::-1], (0, 1, 0, 1), "gray_r"))
        draw(scene([drawn, *reading_scene(small, p, 2.3)], ""), row)
        alts.append(f"a drawn {label} is read as {int(p.argmax())} with {100 * p.max():.0f}%")
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.alt_text = "Drawings, their 28 x 28 versions and the network's probabilities: " + "; ".join(alts) + "."
    return fig, found


class DigitPad(SceneWidget):
    """A drawing pad: draw a digit with the mouse (or a finger); on every stroke the
    drawing is prepared like MNIST and `model` classifies it live: the 28 x 28 image it
    reads and its 10 probabilities are shown. "test digit" puts one of `images` (default:
    the MNIST test images) on the pad instead, for a keyboard or a screen reader. From
    code: `pad.draw(strokes)` or `pad.put(3)`, then read `pad.prediction` (-1 when the
    pad is empty), `pad.probabilities`, `pad.image28`. Notebooks call it `digit_canvas`.

    The browser sends the ink as `pixels` (SENT x SENT, 0-255); Python prepares it with
    `to_mnist`."""
    _esm = LIBRARY + (JS / "pad.js").read_text(encoding="utf-8")
    pixels = traitlets.List(traitlets.Int(), default_value=[]).tag(sync=True)
    shown = traitlets.List(traitlets.Int(), default_value=[]).tag(sync=True)   # ink Python puts on the pad

    def __init__(self, model, images=None):
        if not isinstance(model, torch.nn.Module):
            raise TypeError("digit_canvas needs a trained torch model (784 inputs, 10 outputs), "
                            f"not {type(model).__name__}.")
        self.net, self.images = model, images
        controls = [{"kind": "button", "name": "clear", "label": "clear the pad"},
                    {"kind": "number", "name": "test digit", "label": "test digit number", "min": 0, "max": 9999},
                    {"kind": "button", "name": "show", "label": "put that test digit on the pad"}]
        super().__init__(controls, {"test digit": 0}, css_class="course-digit-pad")
        self.observe(self._classify, names="pixels")
        self._classify()

    def redraw(self):
        pass                                        # the number alone changes nothing: "show" uses it

    def click(self, name):
        if name == "clear":
            self.shown, self.pixels = [], []
        elif name == "show":
            self.put(int(self.values["test digit"]))
        else:
            raise ValueError(f"The pad has no button {name!r}.")

    def put(self, index):
        """Put test digit number `index` on the pad (as ink the size of the pad)."""
        if self.images is None:
            from ..data import load_mnist
            self.images = load_mnist(verbose=False).test_x
        index = max(0, min(int(index), len(self.images) - 1))
        ink = np.kron(np.asarray(self.images[index]).reshape(28, 28), np.ones((SENT // 28, SENT // 28)))
        self.shown = self.pixels = [int(v) for v in np.round(255 * ink).ravel()]

    def draw(self, strokes):
        """Draw strokes from Python (see `render_strokes`) as if by mouse."""
        self.pixels = [int(v) for v in np.round(255 * shrink(render_strokes(strokes))).ravel()]

    def _classify(self, change=None):
        ink = np.asarray(self.pixels, dtype=float)
        if ink.size != SENT * SENT or not np.any(ink > 0):
            self.image28, self.probabilities, self.prediction = np.zeros((28, 28)), None, -1
            self.show(scene([], "The pad is empty."), "<b class='course-prediction'>draw a digit</b>", "pad cleared")
            return
        self.image28 = to_mnist(ink.reshape(SENT, SENT) / 255.0)
        self.probabilities = p = digit_probabilities(self.net, self.image28)
        self.prediction = int(p.argmax())
        said = f"prediction: {self.prediction} ({round(100 * p.max())}%)"
        self.show(scene(reading_scene(self.image28, p), f"The network reads the drawing as {said}."),
                  f"<b class='course-prediction'>{said}</b>", said)


digit_canvas = DigitPad                # what notebook 11 calls: digit_canvas(model)
