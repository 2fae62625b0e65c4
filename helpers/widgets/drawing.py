"""The draw-a-digit pad of notebook 11 (an `anywidget`): MNIST-style preprocessing of a
drawing (`to_mnist`), pen strokes drawn from Python (`render_strokes`), the model's ten
probabilities, and the static figure of the stored notebook (`drawing_figure`)."""
import matplotlib.pyplot as plt
import numpy as np
import torch

from ..plots.style import PALETTE

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


def drawing_figure(drawings, model, title=None):
    """For each drawing (dict label -> pad image): the pad, its 28 x 28 MNIST-style
    version, and the model's 10 probabilities. Returns the figure and the
    probabilities (dict label -> array of 10)."""
    fig, axes = plt.subplots(len(drawings), 3, figsize=(8.0, 1.9 * len(drawings)), squeeze=False,
                             gridspec_kw={"width_ratios": [1, 1, 2.2]})
    found = {}
    for row, (label, pad) in zip(axes, drawings.items()):
        small = to_mnist(shrink(pad))
        p = digit_probabilities(model, small)
        found[label] = p
        row[0].imshow(pad, cmap="gray_r", vmin=0, vmax=1)
        row[0].set_title("drawn", fontsize=10)
        row[1].imshow(small, cmap="gray_r", vmin=0, vmax=1)
        row[1].set_title("28 x 28, centred", fontsize=10)
        for ax in row[:2]:
            ax.set_xticks([])
            ax.set_yticks([])
        colors = [PALETTE[1] if d == int(p.argmax()) else PALETTE[0] for d in range(10)]
        row[2].bar(range(10), 100 * p, color=colors)
        row[2].set(xticks=range(10), ylim=(0, 100), ylabel="probability (%)")
        row[2].set_title(f"prediction {int(p.argmax())} ({100 * p.max():.0f}%)", fontsize=10)
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig, found


_ESM = """
function render({ model, el }) {
  const SIZE = %(canvas)d, SENT = %(sent)d;
  el.classList.add("course-digit-canvas");
  const row = document.createElement("div");
  row.style.cssText = "display:flex;gap:24px;align-items:flex-start;font-family:sans-serif";
  const left = document.createElement("div");
  const pad = document.createElement("canvas");
  pad.width = SIZE; pad.height = SIZE;
  pad.className = "course-digit-pad";
  pad.style.cssText = "border:2px solid #2e4057;border-radius:6px;background:#fff;touch-action:none;cursor:crosshair";
  const ctx = pad.getContext("2d");
  ctx.lineWidth = %(stroke)d; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#000";
  const clear = document.createElement("button");
  clear.textContent = "clear"; clear.className = "course-digit-clear";
  clear.style.cssText = "display:block;margin-top:6px;padding:4px 14px";
  left.append(pad, clear);
  const right = document.createElement("div");
  const said = document.createElement("div");
  said.className = "course-digit-prediction";
  said.style.cssText = "font-size:20px;font-weight:bold;margin-bottom:8px;min-width:260px";
  const bars = document.createElement("div");
  const rows = [];
  for (let d = 0; d < 10; d++) {
    const line = document.createElement("div");
    line.style.cssText = "display:flex;align-items:center;gap:6px;height:22px";
    const name = document.createElement("span"); name.textContent = d; name.style.width = "14px";
    const track = document.createElement("div");
    track.style.cssText = "width:200px;height:14px;background:#eef1f4;border-radius:3px";
    const bar = document.createElement("div");
    bar.style.cssText = "height:14px;width:0;background:#00798c;border-radius:3px";
    track.append(bar);
    const pct = document.createElement("span"); pct.style.cssText = "width:48px;text-align:right";
    line.append(name, track, pct); bars.append(line); rows.push([bar, pct]);
  }
  right.append(said, bars);
  row.append(left, right);
  el.append(row);

  function send() {
    const small = document.createElement("canvas");
    small.width = SENT; small.height = SENT;
    const s = small.getContext("2d");
    s.imageSmoothingEnabled = true; s.imageSmoothingQuality = "high";
    s.drawImage(pad, 0, 0, SENT, SENT);
    const rgba = s.getImageData(0, 0, SENT, SENT).data;
    const ink = new Array(SENT * SENT);
    for (let i = 0; i < SENT * SENT; i++) { ink[i] = rgba[4 * i + 3]; }
    model.set("pixels", ink);
    model.save_changes();
  }
  let drawing = false, last = null, timer = null;
  function at(e) { const r = pad.getBoundingClientRect();
    return [(e.clientX - r.left) * SIZE / r.width, (e.clientY - r.top) * SIZE / r.height]; }
  pad.addEventListener("pointerdown", (e) => {
    drawing = true; last = at(e); pad.setPointerCapture(e.pointerId);
    ctx.beginPath(); ctx.moveTo(last[0], last[1]); ctx.lineTo(last[0] + 0.01, last[1]); ctx.stroke();
  });
  pad.addEventListener("pointermove", (e) => {
    if (!drawing) return;
    const p = at(e);
    ctx.beginPath(); ctx.moveTo(last[0], last[1]); ctx.lineTo(p[0], p[1]); ctx.stroke();
    last = p;
    if (timer === null) { timer = setTimeout(() => { timer = null; send(); }, 150); }
  });
  const stop = () => { if (drawing) { drawing = false; send(); } };
  pad.addEventListener("pointerup", stop);
  pad.addEventListener("pointercancel", stop);
  clear.addEventListener("click", () => {
    ctx.clearRect(0, 0, SIZE, SIZE); model.set("pixels", []); model.save_changes();
  });

  function show() {
    const p = model.get("probabilities") || [];
    const best = model.get("prediction");
    said.textContent = best >= 0 ? `prediction: ${best} (${Math.round(100 * p[best])}%%)` : "draw a digit";
    rows.forEach(([bar, pct], d) => {
      const v = p.length === 10 ? p[d] : 0;
      bar.style.width = `${Math.round(200 * v)}px`;
      bar.style.background = d === best ? "#d1495b" : "#00798c";
      pct.textContent = p.length === 10 ? `${(100 * v).toFixed(0)}%%` : "";
    });
  }
  model.on("change:probabilities", show);
  model.on("change:prediction", show);
  show();
}
export default { render };
"""
for _key, _value in (("%(canvas)d", CANVAS), ("%(sent)d", SENT), ("%(stroke)d", STROKE), ("%%", "%")):
    _ESM = _ESM.replace(_key, str(_value))

_CANVAS_CLASS = None


def _canvas_class():
    global _CANVAS_CLASS
    if _CANVAS_CLASS is None:
        try:
            import anywidget
            import traitlets
        except ImportError:
            raise ImportError("The drawing pad needs the anywidget package: "
                              "python -m pip install -r requirements.txt") from None

        class DigitCanvas(anywidget.AnyWidget):
            """A drawing pad: the browser sends the ink (SENT x SENT, 0-255) as `pixels`;
            Python preprocesses it like MNIST (`to_mnist`) and sets `probabilities`
            (10 floats) and `prediction` (-1 when the pad is empty)."""
            _esm = _ESM
            pixels = traitlets.List(traitlets.Int(), default_value=[]).tag(sync=True)
            probabilities = traitlets.List(traitlets.Float(), default_value=[]).tag(sync=True)
            prediction = traitlets.Int(-1).tag(sync=True)

            def __init__(self, model, **kwargs):
                super().__init__(**kwargs)
                self.net = model
                self.image28 = np.zeros((28, 28))
                self.observe(self._classify, names="pixels")

            def _classify(self, change=None):
                ink = np.asarray(self.pixels, dtype=float)
                if ink.size != SENT * SENT or not np.any(ink > 0):
                    self.image28 = np.zeros((28, 28))
                    self.probabilities, self.prediction = [], -1
                    return
                self.image28 = to_mnist(ink.reshape(SENT, SENT) / 255.0)
                p = digit_probabilities(self.net, self.image28)
                self.probabilities = [float(v) for v in p]
                self.prediction = int(p.argmax())

            def draw(self, strokes):
                """Draw strokes from Python (see `render_strokes`) as if by mouse."""
                self.pixels = [int(v) for v in np.round(255 * shrink(render_strokes(strokes))).ravel()]

        DigitCanvas.__qualname__ = "DigitCanvas"
        _CANVAS_CLASS = DigitCanvas
    return _CANVAS_CLASS


def digit_canvas(model):
    """A drawing pad (an anywidget): draw a digit with the mouse; on every stroke the
    drawing is preprocessed like MNIST and `model` classifies it live, with its 10
    probabilities shown as bars. Display it as a cell's last line. From code:
    `pad.draw(strokes)`, then read `pad.prediction`, `pad.probabilities`, `pad.image28`."""
    if not isinstance(model, torch.nn.Module):
        raise TypeError("digit_canvas needs a trained torch model (784 inputs, 10 outputs), "
                        f"not {type(model).__name__}.")
    return _canvas_class()(model)
