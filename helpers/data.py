"""Data for the course: MNIST as in-memory tensors, small synthetic sets, and the names
of notebook 11's next-character bridge.

Which copy of MNIST is used (`which_mnist` reads COURSE_MNIST, in this one place):

* COURSE_MNIST=subset: the real MNIST subset shipped in `helpers/mnist_subset`
  (4,000 training and 1,000 test images, 400/100 per digit).
* otherwise the full 60,000/10,000 set in COURSE_DATA_DIR (default
  `~/.cache/nn-course`), downloaded there on first use; when that is impossible
  (offline) the shipped subset, with a message that says so.
"""
import os
import socket
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

SUBSET_ROOT = Path(__file__).resolve().parent / "mnist_subset"
MNIST_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
               "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


class DataError(RuntimeError):
    """A data file is missing or unreadable; the message says what to do."""


@dataclass
class MNIST:
    """MNIST in memory. Images are float tensors of shape (N, 784) scaled to [0, 1],
    labels are int64 tensors of shape (N,). `source` says which copy this is."""
    train_x: torch.Tensor
    train_y: torch.Tensor
    test_x: torch.Tensor
    test_y: torch.Tensor
    source: str

    @property
    def train(self):
        return self.train_x, self.train_y

    @property
    def test(self):
        return self.test_x, self.test_y

    def __repr__(self):
        return f"MNIST({self.source}: {len(self.train_y):,} train / {len(self.test_y):,} test)"


def data_dir():
    """Where the full MNIST is kept or downloaded to: COURSE_DATA_DIR (with ~ expanded)
    when it is set and not empty, else ~/.cache/nn-course."""
    chosen = os.environ.get("COURSE_DATA_DIR", "").strip()
    return Path(chosen).expanduser() if chosen else Path.home() / ".cache" / "nn-course"


def _raw(root):
    return Path(root) / "MNIST" / "raw"


def read_idx(path):
    """The array stored in an MNIST (IDX) file, as a uint8 tensor: (n, 28, 28) images or
    (n,) labels. The same files and values as torchvision.datasets.MNIST reads (a test
    compares them), without importing torchvision (about 2 s per notebook). Raises
    PermissionError when the file cannot be read and ValueError naming what is wrong
    with a file that is not a complete IDX file (header and length disagree)."""
    with open(path, "rb") as f:          # PermissionError / FileNotFoundError come from here
        raw = f.read()
    if len(raw) < 4 or raw[:2] != b"\0\0" or raw[2] != 8 or not 1 <= raw[3] <= 3:
        raise ValueError("it does not start like an MNIST (IDX) file")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    expected = 4 + 4 * ndim + int(np.prod(dims))
    if len(raw) != expected:
        raise ValueError(f"it has {len(raw):,} bytes where its header promises {expected:,} (a cut-off download?)")
    return torch.from_numpy(np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims).copy())


def _read(root, train):
    raw = _raw(root)
    missing = _missing(root)
    if missing:
        raise DataError(f"MNIST files are missing in {raw}: {', '.join(missing)}. Put them "
                        "back (or reinstall the course), or set COURSE_MNIST=subset.")
    split = "train" if train else "t10k"
    images, labels = (_read_one(raw / f"{split}-{kind}") for kind in ("images-idx3-ubyte", "labels-idx1-ubyte"))
    if images.ndim != 3 or images.shape[1:] != (28, 28) or labels.ndim != 1 or len(images) != len(labels):
        raise DataError(f"The MNIST files in {raw} have unexpected shapes "
                        f"{tuple(images.shape)} / {tuple(labels.shape)}: they are corrupt. "
                        "Move them away and run again, or set COURSE_MNIST=subset.")
    return images.reshape(len(images), 784).float().div_(255.0), labels.long()


def _read_one(path):
    """`read_idx(path)`, with a message that says what to do when it cannot."""
    try:
        return read_idx(path)
    except PermissionError as err:
        name = err.filename or path
        raise DataError(f"Cannot read {name}: permission denied. Give yourself read access (e.g. "
                        f"chmod u+r '{name}'), or set COURSE_MNIST=subset.") from err
    except ValueError as err:  # truncated or garbled IDX file
        raise DataError(f"The MNIST file {path} is corrupt: {err}. Move it away (nothing is deleted for you) "
                        "and run again to download a fresh copy, or set COURSE_MNIST=subset to use the copy "
                        "shipped with the course.") from err


def _download(root, timeout=20):
    """Download the full MNIST through torchvision into a temporary folder, then move
    the files that `root` lacks into place. Nothing in `root` is overwritten, and a
    failed download leaves nothing behind. True when all four files are there."""
    import shutil
    import tempfile

    import torchvision

    old = socket.getdefaulttimeout()
    socket.setdefaulttimeout(timeout)
    try:
        with tempfile.TemporaryDirectory(prefix="nn-course-mnist-") as tmp:
            torchvision.datasets.MNIST(tmp, train=True, download=True)
            torchvision.datasets.MNIST(tmp, train=False, download=True)
            raw = _raw(root)
            raw.mkdir(parents=True, exist_ok=True)
            for name in MNIST_FILES:
                if not (raw / name).exists():
                    shutil.move(str(_raw(tmp) / name), str(raw / name))
        return not _missing(root)
    except Exception:
        return False
    finally:
        socket.setdefaulttimeout(old)


def _missing(root):
    return [name for name in MNIST_FILES if not (_raw(root) / name).exists()]


def _gz_hint(root):
    """A message when the four downloaded .gz files are there but not unpacked, else None."""
    raw = _raw(root)
    missing = _missing(root)
    if missing and all((raw / f"{name}.gz").exists() for name in missing):
        return (f"{raw} holds {', '.join(n + '.gz' for n in missing)} but not the unpacked "
                f"file{'s' * (len(missing) > 1)}. Unpack them, keeping the .gz files: "
                f"cd '{raw}' && gunzip -k {' '.join(n + '.gz' for n in missing)}  (or, in Python: "
                f"import gzip, shutil; [shutil.copyfileobj(gzip.open(f'{{n}}.gz'), open(n, 'wb')) for n in "
                f"{missing!r}] in that folder)")
    return None


def which_mnist(which=None):
    """"full", "subset" or "auto": `which` when given, else the environment variable
    COURSE_MNIST, else "auto" (full MNIST, or the shipped subset when it cannot be had)."""
    which = (which or os.environ.get("COURSE_MNIST") or "auto").strip().lower()
    if which not in ("auto", "full", "subset"):
        raise ValueError(f"COURSE_MNIST / which must be 'full', 'subset' or unset, not {which!r}.")
    return which


def torchvision_root():
    """The folder to give `torchvision.datasets.MNIST(root)`: the full MNIST's folder
    (COURSE_DATA_DIR) when it is there and COURSE_MNIST is not "subset", else the shipped
    subset, which has the same layout. The same copy `load_mnist` reads."""
    root = data_dir()
    return str(root if which_mnist() != "subset" and not _missing(root) else SUBSET_ROOT)


def load_mnist(which=None, verbose=True, train_size=None):
    """Load MNIST as in-memory tensors and say which copy it is.

    which: "full", "subset" or None (the COURSE_MNIST variable, else full with a
    fallback to the shipped subset). train_size: keep at most this many training
    images (a fixed random sample with every digit), so that a notebook's training
    takes seconds on the full set too; the test set is always kept whole.
    Returns an `MNIST` with train/test tensors.
    """
    which = which_mnist(which)
    if train_size is not None and not (isinstance(train_size, int) and train_size >= 10):
        raise ValueError(f"train_size must be a whole number >= 10, not {train_size!r}.")
    data = None
    if which != "subset":
        root = data_dir()
        gz = _gz_hint(root)
        if gz is None and (not _missing(root) or _download(root)):
            data = MNIST(*_read(root, True), *_read(root, False), source="full MNIST")
        else:
            missing = _missing(root)
            why = gz or (f"{_raw(root)} lacks {', '.join(missing)}" if len(missing) < len(MNIST_FILES) else
                         f"full MNIST not found in {root}") + " and it could not be downloaded"
            if which == "full":
                raise DataError(f"{why}. Put the four files ({', '.join(MNIST_FILES)}) in {_raw(root)}, "
                                "or use the shipped subset (COURSE_MNIST=subset).")
            if verbose:
                print(f"({why}: using the real subset shipped with the course)")
    if data is None:
        data = MNIST(*_read(SUBSET_ROOT, True), *_read(SUBSET_ROOT, False),
                     source="shipped real MNIST subset")
    if train_size is not None and train_size < len(data.train_y):
        keep = torch.randperm(len(data.train_y), generator=torch.Generator().manual_seed(0))[:train_size]
        data.train_x, data.train_y = data.train_x[keep], data.train_y[keep]
        data.source += f" (a sample of {train_size:,} training images)"
    if verbose:
        print(f"Data: {data!r}")
    return data


# ---------------------------------------------------------------- small sets

GATE_INPUTS = ((0, 0), (0, 1), (1, 0), (1, 1))   # the rows of every two-input truth table

GATES = {
    "AND": [0, 0, 0, 1],
    "OR": [0, 1, 1, 1],
    "NAND": [1, 1, 1, 0],
    "NOR": [1, 0, 0, 0],
    "XOR": [0, 1, 1, 0],
}


def gate(name):
    """Truth table of a two-input gate: X of shape (4, 2) with rows 00, 01, 10, 11,
    and y of shape (4,), both float tensors. Names: AND, OR, NAND, NOR, XOR, and NOT
    (X of shape (2, 1))."""
    key = str(name).upper()
    if key == "NOT":
        return torch.tensor([[0.0], [1.0]]), torch.tensor([1.0, 0.0])
    if key not in GATES:
        raise ValueError(f"Unknown gate {name!r}: choose one of NOT, {', '.join(GATES)}.")
    return torch.tensor(GATE_INPUTS, dtype=torch.float32), torch.tensor(GATES[key], dtype=torch.float32)


def xor(n=200, noise=0.15, seed=0):
    """Noisy XOR clouds around the four corners: X (n, 2), y (n,) float 0/1."""
    g = torch.Generator().manual_seed(seed)
    corners = torch.randint(0, 2, (n, 2), generator=g).float()
    y = (corners[:, 0] != corners[:, 1]).float()
    return corners + noise * torch.randn(n, 2, generator=g), y


def circles(n=200, noise=0.1, seed=0):
    """An inner disc (class 1) of radius 0.5 inside a ring (class 0) of radius 1: X (n, 2), y (n,)."""
    g = torch.Generator().manual_seed(seed)
    y = (torch.arange(n) % 2).float()
    angle = 2 * torch.pi * torch.rand(n, generator=g)
    radius = torch.where(y == 1, 0.5, 1.0)
    X = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], 1)
    return X + noise * torch.randn(n, 2, generator=g), y


def moons(n=200, noise=0.1, seed=0):
    """Two interleaving half circles: X (n, 2), y (n,)."""
    g = torch.Generator().manual_seed(seed)
    y = (torch.arange(n) % 2).float()
    t = torch.pi * torch.rand(n, generator=g)
    X = torch.where(y[:, None] == 0,
                    torch.stack([torch.cos(t), torch.sin(t)], 1),
                    torch.stack([1 - torch.cos(t), 0.5 - torch.sin(t)], 1))
    return X + noise * torch.randn(n, 2, generator=g), y


def spirals(n=200, noise=0.1, seed=0):
    """Two interleaved spirals of 1.5 turns: X (n, 2), y (n,)."""
    g = torch.Generator().manual_seed(seed)
    y = (torch.arange(n) % 2).float()
    r = torch.rand(n, generator=g)
    t = 1.5 * 2 * torch.pi * r + torch.pi * y
    X = torch.stack([r * torch.cos(t), r * torch.sin(t)], 1)
    return X + noise * r[:, None] * torch.randn(n, 2, generator=g), y


def gaussians(n=200, noise=0.5, seed=0):
    """Two Gaussian blobs centred at (-1, -1) and (1, 1): X (n, 2), y (n,)."""
    g = torch.Generator().manual_seed(seed)
    y = (torch.arange(n) % 2).float()
    return (2 * y[:, None] - 1) + noise * torch.randn(n, 2, generator=g), y


def function_1d(n=200, noise=0.0, seed=0):
    """Samples of the 1-D function sin(2x) + 0.3x on [-3, 3]: x (n, 1), y (n, 1)."""
    g = torch.Generator().manual_seed(seed)
    x = torch.linspace(-3.0, 3.0, n)[:, None]
    return x, torch.sin(2 * x) + 0.3 * x + noise * torch.randn(x.shape, generator=g)


def split(X, y, test_fraction=0.25, seed=0):
    """Shuffle and split into (X_train, y_train), (X_test, y_test)."""
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}: they must match.")
    perm = torch.randperm(len(X), generator=torch.Generator().manual_seed(seed))
    n_test = int(round(test_fraction * len(X)))
    test, train = perm[:n_test], perm[n_test:]
    return (X[train], y[train]), (X[test], y[test])


DATASETS_2D = {"xor": xor, "circles": circles, "moons": moons, "spirals": spirals,
               "gaussians": gaussians}


def dataset_2d(name, n=200, noise=0.1, seed=0):
    """One of the 2-D sets by name: xor, circles, moons, spirals, gaussians."""
    if name not in DATASETS_2D:
        raise ValueError(f"Unknown data set {name!r}: choose one of {', '.join(DATASETS_2D)}.")
    return DATASETS_2D[name](n=n, noise=noise, seed=seed)


def as_images(x):
    """Flat (N, 784) pixels back to (N, 28, 28) images, as a NumPy array (for drawing)."""
    x = torch.as_tensor(x).detach().cpu()
    return x.reshape(-1, 28, 28).numpy() if x.numel() % 784 == 0 else np.asarray(x)


# ---------------------------------------------------------------- names (notebook 11)

NAMES_PATH = Path(__file__).resolve().parent / "names" / "names.txt"
ALPHABET = "." + "abcdefghijklmnopqrstuvwxyz"      # "." marks the start and the end of a name
INDEX = {c: i for i, c in enumerate(ALPHABET)}


def load_names():
    """The course's word list: 5,000-odd US first names, lower case, one per line
    (see helpers/names/README.md for their source)."""
    if not NAMES_PATH.exists():
        raise FileNotFoundError(f"The names list {NAMES_PATH} is missing: reinstall the course (it ships with it).")
    names = [line.strip() for line in NAMES_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    bad = [n for n in names if any(c not in INDEX or c == "." for c in n)]
    if bad:
        raise ValueError(f"{NAMES_PATH} holds names with characters other than a-z, e.g. {bad[0]!r}.")
    return names


def next_char_data(names, block=3):
    """Every (context, next character) pair of `names` (`lecture.context_pairs`, notebook
    11) as tensors: X (N, block) of character numbers, y (N,) the next character's number."""
    from .lecture import context_pairs

    pairs = [pair for name in names for pair in context_pairs(name, block)]
    return (torch.tensor([[INDEX[c] for c in context] for context, _ in pairs], dtype=torch.long),
            torch.tensor([INDEX[nxt] for _, nxt in pairs], dtype=torch.long))


def one_hot(contexts):
    """Contexts (N, block) of character numbers as flat one-hot rows (N, block * 27):
    the network's input, as pixels are for digits."""
    contexts = torch.as_tensor(contexts)
    return torch.nn.functional.one_hot(contexts, len(ALPHABET)).float().reshape(len(contexts), -1)


def decode(numbers):
    """Character numbers back to text."""
    return "".join(ALPHABET[int(i)] for i in numbers)
