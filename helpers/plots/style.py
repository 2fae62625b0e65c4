"""The course's figure style, its colours, and small drawing tools the other figure
modules share (points by class, the line a perceptron draws, grids of small images)."""
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import torch

from ..runtime import float_array

CLASS_COLORS = ["#d1495b", "#00798c"]     # class 0, class 1
CLASS_SHAPES = ("square", "circle")       # class 0, class 1: told apart by shape as well as colour
PALETTE = ["#00798c", "#d1495b", "#edae49", "#66a182", "#2e4057", "#8d96a3"]
INK = "#2e4057"                           # lines and text drawn on top of a figure
GREY = "#8d96a3"                          # guides: axes lines, spreads, faded marks
BOUNDARY_CMAP = mpl.colors.LinearSegmentedColormap.from_list("course", ["#f3c4ca", "#ffffff", "#b3dde3"])
SHADE = mpl.colors.ListedColormap(["#f3c4ca", "#b3dde3"])   # where a classifier says class 0, class 1
DIVERGING = mpl.colors.LinearSegmentedColormap.from_list("course_diverging", ["#d1495b", "#ffffff", "#00798c"])

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


def new_axes(ax=None, figsize=(4.5, 4.5)):
    """(figure, axes): those of `ax` when given, else a new figure of `figsize`."""
    return (ax.figure, ax) if ax is not None else plt.subplots(figsize=figsize)


def finish(fig, title=None, tight=True):
    """A figure's last touches: the bold title on top, then a tight layout. Returns the figure."""
    if title:
        fig.suptitle(title, fontweight="bold")
    if tight:
        fig.tight_layout()
    return fig


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



def scatter_classes(X, y, ax=None, size=40, labels=("class 0", "class 1")):
    """Scatter 2-D points by their 0/1 label: class 0 red squares, class 1 teal circles.
    Returns the figure."""
    fig, ax = new_axes(ax)
    X, y = as_numpy(X), as_numpy(y).ravel()
    for cls, color in enumerate(CLASS_COLORS):
        mask = y == cls
        ax.scatter(X[mask, 0], X[mask, 1], s=size, c=color, marker="so"[cls], edgecolors="white", linewidths=0.8,
                   label=labels[cls], zorder=3)
    return fig



def image_axes(n, ncols, size, title_space=0.0):
    """A grid of `size`-inch squares for n small images, ncols per row, axes off.
    Returns the figure and the list of its axes (extra ones stay blank)."""
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + title_space), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    return fig, list(axes.flat)

