"""Hand-crafted digit features, the "old way" of notebook 01, and their pictures.

A human decides what to measure on a 28x28 digit (how much ink, how symmetric,
how many loops, ...); a classifier then learns only how to weigh these numbers.

    from helpers import features
    F = features.digit_features(images)      # (N, 10) tensor, one column per feature
    features.NAMES                           # what each column measures

Every feature is computed for a whole batch at once with tensor operations, so all
5,000 images of the shipped subset take well under a second.
"""
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

from . import plots

INK = 0.5                      # a pixel darker than this counts as ink
BANDS = ((0, 10), (10, 18), (18, 28))   # rows of the top, middle and bottom band
LONG_RUN = 10                  # a row with at least this many ink pixels in a row is a "line"
MIN_LOOP = 3                   # enclosed white areas smaller than this are noise, not loops

NAMES = ["mean intensity", "ink fraction", "left-right symmetry", "top-bottom symmetry",
         "ink in top band", "ink in middle band", "ink in bottom band",
         "loops", "width / height", "horizontal lines"]

DESCRIPTIONS = {
    "mean intensity": "average pixel value (0 = white, 1 = black)",
    "ink fraction": f"share of pixels darker than {INK}",
    "left-right symmetry": "1 = the digit equals its mirror image (left-right)",
    "top-bottom symmetry": "1 = the digit equals its upside-down image",
    "ink in top band": f"share of the ink in rows {BANDS[0][0]}-{BANDS[0][1] - 1}",
    "ink in middle band": f"share of the ink in rows {BANDS[1][0]}-{BANDS[1][1] - 1}",
    "ink in bottom band": f"share of the ink in rows {BANDS[2][0]}-{BANDS[2][1] - 1}",
    "loops": "number of white areas enclosed by ink (0 has 1, 8 has 2)",
    "width / height": "width of the ink's bounding box divided by its height",
    "horizontal lines": f"groups of rows holding a run of >= {LONG_RUN} ink pixels",
}


# ------------------------------------------------------------------ input checks

def as_images(images):
    """`images` as a float tensor of shape (N, 28, 28) with values in [0, 1].

    Accepts (N, 784) or (N, 28, 28), a single (784,) or (28, 28) image, a tensor,
    NumPy array or nested list. Anything else raises a ValueError that says what
    shape is expected.
    """
    if images is None:
        raise ValueError("images is None: pass MNIST images, e.g. mnist.train_x[:100].")
    try:
        x = torch.as_tensor(images, dtype=torch.float32)
    except (TypeError, ValueError, RuntimeError):
        raise ValueError(f"images must be numbers (a tensor or array), not {type(images).__name__}.") from None
    if x.shape in ((784,), (28, 28)):
        x = x.reshape(1, 28, 28)
    elif x.ndim == 2 and x.shape[1] == 784:
        x = x.reshape(-1, 28, 28)
    elif not (x.ndim == 3 and x.shape[1:] == (28, 28)):
        raise ValueError(f"images has shape {tuple(x.shape)}; expected (N, 784) or (N, 28, 28) "
                         "MNIST images.")
    if x.numel() and (not torch.isfinite(x).all() or x.min() < 0 or x.max() > 1):
        raise ValueError("pixel values must lie in [0, 1] (as data.load_mnist() gives them); "
                         "divide 0-255 images by 255.")
    return x


# ------------------------------------------------------------------ the features

def mean_intensity(images):
    """Average pixel value of each image: (N,) tensor."""
    return as_images(images).mean((1, 2))


def ink_fraction(images):
    """Share of pixels darker than INK (0.5) in each image: (N,) tensor in [0, 1]."""
    return (as_images(images) > INK).float().mean((1, 2))


def _symmetry(x, flipped):
    ink = x.sum((1, 2)).clamp_min(1e-6)
    return 1 - (x - flipped).abs().sum((1, 2)) / (2 * ink)


def left_right_symmetry(images):
    """1 - (ink that differs from the left-right mirror image) / (2 x total ink):
    1 for a perfectly symmetric digit, 0 when nothing overlaps. (N,) tensor."""
    x = as_images(images)
    return _symmetry(x, x.flip(2))


def top_bottom_symmetry(images):
    """Like left_right_symmetry, for the digit flipped upside down. (N,) tensor."""
    x = as_images(images)
    return _symmetry(x, x.flip(1))


def band_ink(images):
    """Share of each image's ink in the top, middle and bottom band of rows
    (BANDS): (N, 3) tensor whose rows add up to 1."""
    x = as_images(images)
    per_row = x.sum(2)
    bands = torch.stack([per_row[:, a:b].sum(1) for a, b in BANDS], 1)
    return bands / bands.sum(1, keepdim=True).clamp_min(1e-6)


def _cross_max(grid):
    """The largest value among each pixel and its 4 neighbours (up, down, left,
    right), for a float tensor (N, H, W)."""
    g = grid.unsqueeze(1)
    across = F.max_pool2d(g, (1, 3), stride=1, padding=(0, 1))
    down = F.max_pool2d(g, (3, 1), stride=1, padding=(1, 0))
    return torch.maximum(across, down).squeeze(1)


def holes(images):
    """White pixels that cannot reach the border without crossing ink: a (N, 28, 28)
    bool tensor (the insides of loops)."""
    white = F.pad(as_images(images) <= INK, (1, 1, 1, 1), value=True).float()   # a white frame
    outside = torch.zeros_like(white)
    outside[:, 0], outside[:, -1], outside[:, :, 0], outside[:, :, -1] = 1, 1, 1, 1
    while True:  # flood the white from the frame inwards, one pixel per step
        grown = _cross_max(outside) * white
        if torch.equal(grown, outside):
            break
        outside = grown
    return ((white - outside) > 0)[:, 1:-1, 1:-1]


def loops(images, min_size=MIN_LOOP):
    """Number of enclosed white areas of at least `min_size` pixels: (N,) tensor.
    A 0, 6 or 9 usually has 1, an 8 has 2, a 1 or 7 has 0."""
    hole = holes(images)
    count = torch.zeros(len(hole))
    some = hole.flatten(1).any(1).nonzero().squeeze(1)     # only images with a hole
    hole = hole[some]
    n = len(hole)
    index = torch.arange(784, dtype=torch.float32).reshape(1, 28, 28).expand(n, 28, 28)
    label = torch.where(hole, index, -1.0)
    while True:  # every hole pixel takes the largest label among its hole neighbours
        largest = torch.where(hole, _cross_max(label), -1.0)
        if torch.equal(largest, label):
            break
        label = largest
    image_of = torch.arange(n).reshape(n, 1, 1).expand(n, 28, 28)
    key = image_of * 784 + label.long().clamp_min(0)       # one id per (image, area)
    size = torch.bincount(key[hole], minlength=n * 784)
    roots = hole & (label == index)                          # one pixel per area
    big_enough = size[key[roots]] >= min_size
    return count.index_add_(0, some[image_of[roots]], big_enough.float())


def width_height_ratio(images):
    """Width / height of the box around the ink (pixels > INK): (N,) tensor.
    About 0.3 for a 1, around 1 for a 0. Images without ink give 0."""
    ink = as_images(images) > INK
    rows, cols = ink.any(2), ink.any(1)

    def extent(mask):
        idx = torch.arange(28).expand_as(mask)
        first = torch.where(mask, idx, 28).min(1).values
        last = torch.where(mask, idx, -1).max(1).values
        return (last - first + 1).clamp_min(0).float()

    height = extent(rows)
    return torch.where(height > 0, extent(cols) / height.clamp_min(1), torch.zeros_like(height))


def longest_runs(images):
    """Longest horizontal run of ink pixels in each row: (N, 28) tensor."""
    ink = (as_images(images) > INK).float()
    run = torch.zeros(ink.shape[:2])
    longest = torch.zeros(ink.shape[:2])
    for col in range(28):
        run = (run + 1) * ink[:, :, col]
        longest = torch.maximum(longest, run)
    return longest


def horizontal_lines(images, min_run=LONG_RUN):
    """Number of separate groups of rows that contain a horizontal run of at least
    `min_run` ink pixels (the top bar of a 7, the base of a 2): (N,) tensor."""
    long = longest_runs(images) >= min_run
    starts = long[:, 1:] & ~long[:, :-1]
    return (long[:, 0].float() + starts.float().sum(1))


def digit_features(images):
    """All hand-crafted features: (N, 10) float tensor, columns in the order of NAMES."""
    x = as_images(images)
    columns = [mean_intensity(x), ink_fraction(x), left_right_symmetry(x), top_bottom_symmetry(x),
               *band_ink(x).T, loops(x), width_height_ratio(x), horizontal_lines(x)]
    return torch.stack(columns, 1)


def standardize(train, *others):
    """Shift and scale every column to mean 0, std 1 using the TRAINING statistics
    only, and apply the same shift and scale to the other sets. Returns the
    standardized tensors in the same order."""
    mean, std = train.mean(0), train.std(0).clamp_min(1e-6)
    out = [(t - mean) / std for t in (train, *others)]
    return out[0] if not others else tuple(out)


# ------------------------------------------------------------------ pictures

PICTURE_COLUMNS = ["digit", "ink", "left-right\nmismatch", "top-bottom\nmismatch", "bands",
                   "loops", "horizontal\nlines"]


def feature_pictures(images, labels=None):
    """Each image (a row) next to pictures of what the features measure on it: the
    ink mask, the mismatch with its mirror images, the three bands, the enclosed
    loops (teal), the rows counted as horizontal lines; the feature's value in each
    title. Returns the figure."""
    x = as_images(images)
    values = digit_features(x)
    hole = holes(x)
    runs = longest_runs(x) >= LONG_RUN
    n = len(x)
    fig, axes = plt.subplots(n, len(PICTURE_COLUMNS), figsize=(1.35 * len(PICTURE_COLUMNS), 1.55 * n),
                             squeeze=False)
    col = {name: i for i, name in enumerate(NAMES)}
    for i in range(n):
        img, v = x[i].numpy(), values[i]
        ink = img > INK
        panels = [
            (img, "gray_r", f"label {int(labels[i])}" if labels is not None else ""),
            (ink, "gray_r", f"{100 * v[col['ink fraction']]:.0f}% ink"),
            (np.abs(img - img[:, ::-1]), "Reds", f"sym {v[col['left-right symmetry']]:.2f}"),
            (np.abs(img - img[::-1]), "Reds", f"sym {v[col['top-bottom symmetry']]:.2f}"),
        ]
        for j, (picture, cmap, title) in enumerate(panels):
            axes[i, j].imshow(picture, cmap=cmap, vmin=0, vmax=1)
            axes[i, j].set_title(title, fontsize=9)
        bands_ax = axes[i, 4]
        bands_ax.imshow(img, cmap="gray_r", vmin=0, vmax=1)
        for k, (a, b) in enumerate(BANDS):
            bands_ax.axhspan(a - 0.5, b - 0.5, color=plots.PALETTE[k + 2], alpha=0.25, lw=0)
        share = " ".join(f"{100 * s:.0f}" for s in v[col["ink in top band"]:col["ink in bottom band"] + 1])
        bands_ax.set_title(f"{share} %", fontsize=9)
        overlay = np.dstack([1 - 0.75 * ink] * 3)
        overlay[hole[i].numpy()] = (0.0, 0.47, 0.55)
        axes[i, 5].imshow(overlay)
        axes[i, 5].set_title(f"{int(v[col['loops']])} loop(s)", fontsize=9)
        lines = np.dstack([1 - 0.75 * ink] * 3)
        lines[runs[i].numpy() & ink.any(1)] *= (1.0, 0.75, 0.6)
        lines[np.outer(runs[i].numpy(), np.ones(28, bool)) & ink] = (0.82, 0.29, 0.36)
        axes[i, 6].imshow(lines)
        axes[i, 6].set_title(f"{int(v[col['horizontal lines']])} line(s)", fontsize=9)
    for j, name in enumerate(PICTURE_COLUMNS):
        axes[0, j].text(0.5, 1.45, name, transform=axes[0, j].transAxes, ha="center", va="bottom",
                        fontsize=10, fontweight="bold")
    for ax in axes.flat:
        ax.set_xticks([]), ax.set_yticks([])
        ax.grid(False)
    fig.tight_layout(h_pad=0.6, w_pad=0.3)
    return fig


def features_by_digit(values, labels, names=NAMES):
    """One small bar chart per feature: its average for each digit 0-9, with the
    spread (standard deviation) as a line. values: (N, F), labels: (N,).
    Returns the figure."""
    values, labels = torch.as_tensor(values, dtype=torch.float32), torch.as_tensor(labels)
    if values.ndim != 2 or len(values) != len(labels) or values.shape[1] != len(names):
        raise ValueError(f"values must be (N, {len(names)}) with one label per row; got "
                         f"{tuple(values.shape)} and {len(labels)} labels.")
    ncols = 5
    nrows = int(np.ceil(len(names) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(10, 2.1 * nrows + 0.2), squeeze=False)
    digits = torch.arange(10)
    for k, ax in enumerate(axes.flat):
        if k >= len(names):
            ax.axis("off")
            continue
        per_digit = [values[labels == d, k] for d in digits]
        means = [v.mean().item() if len(v) else np.nan for v in per_digit]
        stds = [v.std().item() if len(v) > 1 else 0.0 for v in per_digit]
        ax.bar(digits, means, yerr=stds, color=plots.PALETTE[k % 2], alpha=0.85,
               error_kw={"elinewidth": 1, "ecolor": "#8d96a3"})
        ax.set_title(names[k], fontsize=10)
        ax.set_xticks(digits)
        ax.tick_params(labelsize=8)
        ax.grid(axis="x", visible=False)
    for ax in axes[-1]:
        ax.set_xlabel("digit", fontsize=9)
    fig.tight_layout()
    return fig


def accuracy_comparison(results, labels, title=None):
    """Two panels: the overall test accuracy of each model, and its accuracy per
    digit. results: dict model name -> predicted classes (N,), labels: (N,) true
    classes. Returns the figure."""
    labels = torch.as_tensor(labels)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.4), gridspec_kw={"width_ratios": [1, 3]})
    width = 0.8 / len(results)
    for k, (name, predicted) in enumerate(results.items()):
        predicted = torch.as_tensor(predicted)
        if predicted.shape != labels.shape:
            raise ValueError(f"{name}: {tuple(predicted.shape)} predictions for {tuple(labels.shape)} labels.")
        right_ = (predicted == labels).float()
        overall = 100 * right_.mean().item()
        bar = left.bar(k, overall, color=plots.PALETTE[k], width=0.6)
        left.bar_label(bar, [f"{overall:.1f}%"], fontsize=10)
        per_digit = [100 * right_[labels == d].mean().item() for d in range(10)]
        right.bar(np.arange(10) + (k - (len(results) - 1) / 2) * width, per_digit, width,
                  color=plots.PALETTE[k], label=name)
    left.set(xticks=range(len(results)), ylim=(0, 105), ylabel="test accuracy (%)", title="all digits")
    left.set_xticklabels([n.replace(" on ", "\non ") for n in results], fontsize=9)
    left.grid(axis="x", visible=False)
    right.set(xticks=range(10), ylim=(0, 105), xlabel="digit", ylabel="test accuracy (%)", title="per digit")
    right.legend(loc="lower left", fontsize=9, ncols=len(results))
    right.grid(axis="x", visible=False)
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig
