"""Hand-crafted digit features, the "old way" of notebook 01 (`plots.feature_pictures`
shows what each one measures).

A human decides what to measure on a 28x28 digit (how much ink, how symmetric,
how many loops, ...); a classifier then learns only how to weigh these numbers.

    from helpers import features
    F = features.digit_features(images)      # (N, 10) tensor, one column per feature
    features.NAMES                           # what each column measures

Every feature is computed for a whole batch at once (tensor and array operations,
no loop over images), so the 5,000 images of the shipped subset take about a second.
"""
import numpy as np
import torch

INK_LEVEL = 0.5                # a pixel darker than this counts as ink
BANDS = ((0, 10), (10, 18), (18, 28))   # rows of the top, middle and bottom band
LONG_RUN = 10                  # a row with at least this many ink pixels in a row is a "line"
MIN_LOOP = 3                   # enclosed white areas smaller than this are noise, not loops

NAMES = ["mean intensity", "ink fraction", "left-right symmetry", "top-bottom symmetry",
         "ink in top band", "ink in middle band", "ink in bottom band",
         "loops", "width / height", "horizontal lines"]


# ------------------------------------------------------------------ input checks

def check_images(images):
    """`images` as a float tensor of shape (N, 28, 28) with values in [0, 1].

    Accepts (N, 784) or (N, 28, 28), a single (784,) or (28, 28) image, a tensor,
    NumPy array or nested list. Anything else raises a ValueError that says what
    shape is expected.
    """
    if images is None:
        raise ValueError("images is None: pass MNIST images, e.g. mnist.train_x[:100].")
    try:
        x = torch.as_tensor(images, dtype=torch.float32).detach().cpu()
    except (TypeError, ValueError, RuntimeError):
        raise ValueError(f"images must be numbers (a tensor or array), not {type(images).__name__}.") from None
    if x.shape in ((784,), (28, 28)):
        x = x.reshape(1, 28, 28)
    elif x.ndim == 2 and x.shape[1] == 784:
        x = x.reshape(-1, 28, 28)
    elif not (x.ndim == 3 and x.shape[1:] == (28, 28)):
        raise ValueError(f"images has shape {tuple(x.shape)}; expected (N, 784) or (N, 28, 28) "
                         "MNIST images.")
    low, high = torch.aminmax(x) if x.numel() else (torch.tensor(0.0), torch.tensor(0.0))
    if not (low >= 0 and high <= 1):     # also catches NaN
        raise ValueError("pixel values must lie in [0, 1] (as data.load_mnist() gives them); "
                         "divide 0-255 images by 255.")
    return x


# ------------------------------------------------------------------ the features

def _runs(lines):
    """Cut every row of a bool array (L, K) into runs of equal values. Returns the
    flat index where each run starts and its length."""
    new_run = np.ones(lines.shape, bool)
    new_run[:, 1:] = lines[:, 1:] != lines[:, :-1]
    starts = np.flatnonzero(new_run)
    return starts, np.diff(np.append(starts, lines.size))


def _spread_along_rows(reach, white):
    """Spread `reach` along every horizontal run of white pixels: a white pixel is
    reached when any pixel of its run is. reach, white: bool arrays (N, H, W)."""
    starts, lengths = _runs(white.reshape(-1, white.shape[2]))
    reached_runs = np.logical_or.reduceat(reach.ravel(), starts)
    return np.repeat(reached_runs, lengths).reshape(white.shape) & white


def holes(images):
    """White pixels that cannot reach the border without crossing ink: a (N, 28, 28)
    bool tensor (the insides of loops). White pixels connect up, down, left, right."""
    x = check_images(images).numpy()
    white = np.pad(x <= INK_LEVEL, ((0, 0), (1, 1), (1, 1)), constant_values=True)   # a white frame
    reach = np.zeros_like(white)
    reach[:, 0] = True                       # flood the white from the frame inwards
    active = np.arange(len(x))               # images whose flood is still spreading
    while len(active):
        r, w = reach[active], white[active]
        new = _spread_along_rows(r, w)
        new = _spread_along_rows(new.transpose(0, 2, 1).copy(), w.transpose(0, 2, 1).copy())
        new = new.transpose(0, 2, 1)         # rows, then columns
        reach[active] = new
        active = active[(new != r).any((1, 2))]
    return torch.from_numpy((white & ~reach)[:, 1:-1, 1:-1].copy())


def loops(images):
    """Number of enclosed white areas of at least MIN_LOOP pixels: (N,) tensor.
    A 0, 6 or 9 usually has 1, an 8 has 2, a 1 or 7 has 0."""
    hole = holes(images).numpy()
    where = np.flatnonzero(hole)                       # every hole pixel, as a flat index
    slot = np.full(hole.size + 28, -1)
    slot[where] = np.arange(len(where))
    right = np.where(where % 28 < 27, slot[where + 1], -1)
    below = np.where(where // 28 % 28 < 27, slot[where + 28], -1)
    a = np.concatenate([np.flatnonzero(right >= 0), np.flatnonzero(below >= 0)])
    b = np.concatenate([right[right >= 0], below[below >= 0]])    # neighbouring hole pixels
    label = np.arange(len(where))
    while True:  # each area ends up labelled with its smallest pixel number
        new, smallest = label.copy(), np.minimum(label[a], label[b])
        np.minimum.at(new, a, smallest)
        np.minimum.at(new, b, smallest)
        if np.array_equal(new, label):
            break
        label = new
    area, size = np.unique(label, return_counts=True)
    image = where[area[size >= MIN_LOOP]] // 784
    return torch.from_numpy(np.bincount(image, minlength=len(hole)).astype(np.float32))


def width_height_ratio(images):
    """Width / height of the box around the ink (pixels > INK_LEVEL): (N,) tensor.
    About 0.3 for a 1, around 1 for a 0. Images without ink give 0."""
    ink = check_images(images) > INK_LEVEL
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
    ink = (check_images(images) > INK_LEVEL).numpy().reshape(-1, 28)
    starts, lengths = _runs(ink)
    ink_lengths = np.where(ink.ravel()[starts], lengths, 0)
    first_run_of_row = np.searchsorted(starts, np.arange(len(ink)) * 28)   # every row starts a run
    longest = np.maximum.reduceat(ink_lengths, first_run_of_row)
    return torch.from_numpy(longest.reshape(-1, 28).astype(np.float32))


def horizontal_lines(images):
    """Number of separate groups of rows that contain a horizontal run of at least
    LONG_RUN ink pixels (the top bar of a 7, the base of a 2): (N,) tensor."""
    long = longest_runs(images) >= LONG_RUN
    starts = long[:, 1:] & ~long[:, :-1]
    return (long[:, 0].float() + starts.float().sum(1))


def _symmetry(x, flipped):
    """1 - (ink that differs from the mirror image `flipped`) / (2 x total ink): 1 for a
    perfectly symmetric digit, 0 when nothing overlaps. (N,) tensor."""
    ink = x.sum((1, 2)).clamp_min(1e-6)
    return 1 - (x - flipped).abs().sum((1, 2)) / (2 * ink)


def digit_features(images):
    """All hand-crafted features: (N, 10) float tensor, columns in the order of NAMES."""
    x = check_images(images)
    per_row = x.sum(2)
    bands = torch.stack([per_row[:, a:b].sum(1) for a, b in BANDS], 1)      # the ink in each band of rows
    columns = [x.mean((1, 2)),                                               # mean intensity
               (x > INK_LEVEL).float().mean((1, 2)),                         # share of pixels darker than INK_LEVEL
               _symmetry(x, x.flip(2)), _symmetry(x, x.flip(1)),             # left-right, top-bottom
               *(bands / bands.sum(1, keepdim=True).clamp_min(1e-6)).T,      # each band's share of the ink
               loops(x), width_height_ratio(x), horizontal_lines(x)]
    return torch.stack(columns, 1)


def standardize(train, *others):
    """Shift and scale every column to mean 0, std 1 using the TRAINING statistics
    only, and apply the same shift and scale to the other sets. Returns the
    standardized tensors in the same order."""
    mean, std = train.mean(0), train.std(0).clamp_min(1e-6)
    out = [(t - mean) / std for t in (train, *others)]
    return out[0] if not others else tuple(out)
