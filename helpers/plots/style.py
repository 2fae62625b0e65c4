"""The course's figure style, its colours, and small drawing tools the other figure
modules share (points by class, the line a perceptron draws, grids of small images)."""
import re

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import torch

from ..runtime import float_array

# The colours are chosen to be told apart without colour vision and in greyscale (tests/
# test_accessibility.py computes it): the two classes differ in lightness by more than
# 3:1, every line colour reaches 3:1 against white and every text colour 4.5:1, and the
# series colours stay apart under simulated protanopia, deuteranopia and tritanopia.
# Classes also differ by marker shape, and right / wrong by a ✓ / ✗ beside the colour.
CLASS_COLORS = ["#e66100", "#0b3c5d"]     # class 0 orange, class 1 dark blue
CLASS_SHAPES = ("square", "circle")       # class 0, class 1: told apart by shape as well as colour
PALETTE = ["#0b3c5d", "#e66100", "#00798c", "#7b3294", "#2e4057", "#6b7480"]   # blue, orange, teal, purple, ink, grey
INK = "#2e4057"                           # lines and text drawn on top of a figure
GREY = "#6b7480"                          # guides: axes lines, spreads, faded marks
RIGHT, WRONG = "#2a7a3b", "#b3283d"       # text of a right and a wrong answer (with ✓ and ✗)
LIGHT = ["#f9c9a8", "#b9cfe0"]            # class 0 and class 1 as shading under points
BOUNDARY_CMAP = mpl.colors.LinearSegmentedColormap.from_list("course", [LIGHT[0], "#ffffff", LIGHT[1]])
SHADE = mpl.colors.ListedColormap(LIGHT)  # where a classifier says class 0, class 1
DIVERGING = mpl.colors.LinearSegmentedColormap.from_list("course_diverging", [CLASS_COLORS[0], "#ffffff",
                                                                              CLASS_COLORS[1]])

STYLE = {
    "figure.figsize": (6.0, 4.0), "figure.dpi": 100, "savefig.dpi": 150,
    "savefig.bbox": "tight", "font.size": 11, "axes.titlesize": 12, "axes.titleweight": "bold",
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True,
    "grid.alpha": 0.3, "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "lines.linewidth": 2.0, "legend.frameon": False, "image.cmap": "gray_r",
}
PROJECTOR = {"font.size": 16, "axes.titlesize": 18, "axes.labelsize": 16, "xtick.labelsize": 14,
             "ytick.labelsize": 14, "legend.fontsize": 14, "lines.linewidth": 3.0,
             "lines.markersize": 9, "figure.dpi": 110}


def use_course_style(projector=False):
    """Apply the course style; projector=True enlarges fonts, lines and markers for a
    lecture hall (`helpers.start(projector=True)` calls this), False switches back."""
    mpl.rcParams.update(STYLE)
    if projector:
        mpl.rcParams.update(PROJECTOR)


def as_numpy(a):
    """A tensor (any device) or array-like as a NumPy array."""
    return a.detach().cpu().numpy() if isinstance(a, torch.Tensor) else np.asarray(a)


def as_vector(values, name):
    """`values` as a 1-D float array; a message naming `name` for anything else."""
    out = float_array(values, name)
    if out.ndim != 1 or len(out) == 0:
        raise ValueError(f"{name} must be one row of numbers, got shape {out.shape}.")
    return out


def finish(fig, title=None, tight=True):
    """A figure's last touches: the bold title on top, then a tight layout. Returns the figure."""
    if title:
        fig.suptitle(title, fontweight="bold")
    if tight:
        fig.tight_layout()
    return fig


def needs(items, message, error=ValueError):
    """Raise `error(message)` when `items` is empty (and, for a TypeError, when it is not a dict)."""
    if (error is TypeError and not isinstance(items, dict)) or not items:
        raise error(message)


def decision_line(w1, w2, b, limits=(-0.5, 1.5, -0.5, 1.5)):
    """Two end points ((xa, xb), (ya, yb)) of the line w1*x1 + w2*x2 + b = 0 inside
    `limits` (x1 from, x1 to, x2 from, x2 to), or None when w1 = w2 = 0 (then there is
    no line: one class everywhere). The perceptron's boundary of notebook 02; drawn by
    the explorers and the gate pictures."""
    x0, x1, y0, y1 = limits
    if abs(w1) < 1e-12 and abs(w2) < 1e-12:
        return None
    if abs(w2) >= abs(w1):                              # not steep: solve for x2
        xs = np.array([x0, x1])
        return xs, -(w1 * xs + b) / w2
    ys = np.array([y0, y1])                             # steep: solve for x1
    return -(w2 * ys + b) / w1, ys


def scatter_classes(X, y, ax, size=40):
    """Scatter 2-D points on `ax` by their 0/1 label: class 0 orange squares, class 1 blue circles."""
    X, y = as_numpy(X), as_numpy(y).ravel()
    for cls, color in enumerate(CLASS_COLORS):
        mask = y == cls
        ax.scatter(X[mask, 0], X[mask, 1], s=size, c=color, marker="so"[cls], edgecolors="white", linewidths=0.8,
                   label=f"class {cls}", zorder=3)


def image_axes(n, ncols, size, title_space=0.0):
    """A grid of `size`-inch squares for n small images, ncols per row, axes off.
    Returns the figure and the list of its axes (extra ones stay blank)."""
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + title_space), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    return fig, list(axes.flat)


# ------------------------------------------------------------------ text alternatives

def plain(text):
    """Figure text as a screen reader should say it: mathtext ($x_1$, \\frac, \\hat y) in words."""
    text = re.sub(r"\\frac\{\\partial ([^}]*)\}\{\\partial ([^}]*)\}", r"d\1/d\2", str(text))
    for tex, word in ((r"\hat y", "y-hat"), (r"\times", "times"), (r"\,", " "), (r"\cdot", "·"), ("$", ""),
                      ("{", ""), ("}", ""), ("\\", ""), ("_", ""), ("\n", " ")):
        text = text.replace(tex, word)
    return re.sub(r"\s+", " ", text).strip()


def _describe_axes(ax):
    """What one panel plots, from its own content: title, what against what, each line's
    start, end and extremes, the bars, points and images it holds."""
    said = [ax.get_title()] if ax.get_title() else []
    xlabel, ylabel = ax.get_xlabel(), ax.get_ylabel()
    if xlabel or ylabel:
        said.append(f"{ylabel or 'values'} against {xlabel or 'position'}")
    for line in ax.get_lines():
        x, y = (np.asarray(v, dtype=float) for v in line.get_data())
        x, y = x[np.isfinite(x)], y[np.isfinite(y)]
        if len(y) < 2:
            continue
        labelled = not line.get_label().startswith("_")
        if len(x) >= 2 and x.min() == x.max():           # a vertical line: where it is, not a series
            if labelled:
                said.append(f"{line.get_label()} marked at {xlabel or 'position'} {x[0]:.3g}")
            elif not mpl.colors.same_color(line.get_color(), GREY):      # a grey one is a guide
                said.append(f"a vertical line at {xlabel or 'position'} {x[0]:.3g}")
            continue
        name = line.get_label() if labelled else "a line"
        said.append(f"{name}: from {y[0]:.3g} to {y[-1]:.3g} (lowest {y.min():.3g}, highest {y.max():.3g})")
    bars = [p for p in ax.patches if isinstance(p, mpl.patches.Rectangle) and p.get_fill() and p.get_height() != 0]
    if bars:
        heights = [b.get_height() for b in bars]
        said.append(f"{len(bars)} bars from {min(heights):.3g} to {max(heights):.3g}")
    points = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, mpl.collections.PathCollection))
    if points:
        said.append(f"{points} points")
    if ax.images:
        said.append("an image" if len(ax.images) == 1 else f"{len(ax.images)} images")
    return ", ".join(s for s in said if s)


def describe(fig):
    """A text alternative for `fig` written from its own content (its titles, what each
    panel plots against what, the numbers its lines and bars show): the figure's
    `alt_text` when the function that drew it wrote one, else this."""
    if getattr(fig, "alt_text", None):
        return plain(fig.alt_text)
    title = fig._suptitle.get_text() + ". " if fig._suptitle else ""
    panels = [d for d in (_describe_axes(ax) for ax in fig.axes if ax.get_visible()) if d]
    small = len(panels) > 6                                     # a grid of small images: say it once
    return plain(title + (f"{len(panels)} small panels: " + "; ".join(panels[:10]) if small
                          else ". ".join(panels)) + ".")


def show_alt_text():
    """In IPython, show every figure as an image with its text alternative (`describe`),
    so that a screen reader reads it in JupyterLab and the course website carries it as
    the image's alt. The plain PNG stays in the output too (figures/ is written from it)."""
    import base64
    import html

    from IPython import get_ipython
    from matplotlib.figure import Figure

    ip = get_ipython()
    if ip is None or not hasattr(ip, "display_formatter"):
        return
    plt.switch_backend(mpl.get_backend())   # load the backend now: loading it later resets the formatters
    png = ip.display_formatter.formatters["image/png"]

    def as_html(fig):
        data = png.lookup(fig)(fig) if png.lookup(fig) else None
        if not data:
            return None
        src = base64.b64encode(data).decode() if isinstance(data, bytes) else data
        return f'<img src="data:image/png;base64,{src}" alt="{html.escape(describe(fig))}"/>'
    ip.display_formatter.formatters["text/html"].for_type(Figure, as_html)
