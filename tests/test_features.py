"""helpers.features: each hand-crafted feature against images whose answer is known
by construction, and the loop counter against a plain breadth-first search."""
from collections import deque

import numpy as np
import pytest
import torch

from helpers import data, features


def blank(n=1):
    return torch.zeros(n, 28, 28)


def column(images, *names):
    """The digit_features columns called `names`."""
    F = features.digit_features(images)
    return F[:, [features.NAMES.index(name) for name in names]].squeeze(1)


def ring(img, top, left, size, width=2):
    """Draw a square outline of ink (value 1) into img (28, 28)."""
    img[top:top + size, left:left + size] = 1
    img[top + width:top + size - width, left + width:left + size - width] = 0
    return img


def bfs_loops(img, min_size=features.MIN_LOOP):
    """Independent reference: white areas (4-neighbours) that do not touch the border."""
    white = img <= features.INK_LEVEL
    seen = np.zeros_like(white)
    count = 0
    for i in range(28):
        for j in range(28):
            if not white[i, j] or seen[i, j]:
                continue
            seen[i, j] = True
            queue, size, border = deque([(i, j)]), 0, False
            while queue:
                a, b = queue.popleft()
                size += 1
                border |= a in (0, 27) or b in (0, 27)
                for p, q in ((a + 1, b), (a - 1, b), (a, b + 1), (a, b - 1)):
                    if 0 <= p < 28 and 0 <= q < 28 and white[p, q] and not seen[p, q]:
                        seen[p, q] = True
                        queue.append((p, q))
            count += (not border) and size >= min_size
    return count


def test_check_images_accepts_the_usual_shapes_and_explains_bad_ones():
    x = torch.rand(3, 784, generator=torch.Generator().manual_seed(0))
    assert torch.equal(features.check_images(x), x.reshape(3, 28, 28))
    assert torch.equal(features.check_images(x[0].numpy().reshape(28, 28).tolist()), x[:1].reshape(1, 28, 28))
    assert features.check_images(torch.zeros(784)).shape == (1, 28, 28)
    for bad, words in [(torch.zeros(3, 100), "images has shape \\(3, 100\\); expected \\(N, 784\\) or \\(N, 28, 28\\)"),
                       (torch.full((2, 784), 255.0), "pixel values must lie in \\[0, 1\\].*divide 0-255 images by 255"),
                       (torch.full((2, 784), float("nan")), "pixel values must lie in \\[0, 1\\]"),
                       (None, "images is None: pass MNIST images"), ("digits", "images must be numbers .*not str")]:
        with pytest.raises(ValueError, match=words):
            features.check_images(bad)


def test_mean_intensity_and_ink_fraction():
    img = blank(2)
    img[0, :7, :] = 1.0            # 196 black pixels
    img[1, :, :] = 0.4             # grey everywhere, but no pixel darker than 0.5
    assert torch.allclose(column(img, "mean intensity"), torch.tensor([196 / 784, 0.4]))
    assert torch.allclose(column(img, "ink fraction"), torch.tensor([196 / 784, 0.0]))


def test_symmetry_is_one_for_a_mirror_symmetric_digit_and_zero_without_overlap():
    sym = blank(1)
    sym[0, 5:20, 10] = sym[0, 5:20, 17] = 1          # columns 10 and 17 mirror each other (27 - 10)
    left_only = blank(1)
    left_only[0, 5:20, 2:8] = 1
    assert column(sym, "left-right symmetry").item() == pytest.approx(1.0)
    assert column(left_only, "left-right symmetry").item() == pytest.approx(0.0)
    top_only = left_only.transpose(1, 2)
    assert column(top_only, "top-bottom symmetry").item() == pytest.approx(0.0)
    assert column(sym.transpose(1, 2), "top-bottom symmetry").item() == pytest.approx(1.0)


def test_band_ink_shares_add_up_to_one():
    img = blank(2)
    img[0, 2:5, 10:15] = 1                           # only in the top band
    img[1, 12, :10] = img[1, 25, :10] = 1            # half middle, half bottom
    shares = column(img, "ink in top band", "ink in middle band", "ink in bottom band")
    assert torch.allclose(shares, torch.tensor([[1.0, 0, 0], [0, 0.5, 0.5]]))


def test_loops_on_drawn_shapes():
    shapes = blank(5)
    ring(shapes[0], 5, 5, 12)                                     # one loop
    ring(shapes[1], 2, 5, 10), ring(shapes[1], 14, 5, 10)         # two loops, like an 8
    shapes[2, 5:20, 5:20] = 1                                     # filled: no loop
    ring(shapes[3], 5, 5, 12)[5:7, 9:12] = 0                      # a ring with a gap: no loop
    ring(shapes[4], 5, 5, 5, width=2)                             # a 1-pixel hole: too small
    assert features.loops(shapes).tolist() == [1, 2, 0, 0, 0]
    assert features.holes(shapes)[4].sum() == 1                   # the hole is found, just not counted


def test_loops_agree_with_breadth_first_search_on_real_digits():
    mnist = data.load_mnist("subset", verbose=False)
    x = mnist.train_x[:300]
    expected = [bfs_loops(img) for img in x.reshape(-1, 28, 28).numpy()]
    assert features.loops(x).int().tolist() == expected
    assert sum(expected) > 50                                     # the sample holds real loops


def test_width_height_ratio():
    img = blank(2)
    img[1, 4:12, 10:14] = 1                                       # 4 wide, 8 tall
    assert features.width_height_ratio(img).tolist() == [0.0, 0.5]


def test_horizontal_lines_counts_groups_of_long_runs():
    img = blank(4)
    img[0, 5, 3:15] = 1                                           # one bar of 12
    img[1, 5, 3:15] = img[1, 20, 3:15] = 1                        # two separate bars
    img[2, 5, 3:12] = 1                                           # 9 pixels: too short
    img[3, 5:7, 3:15] = 1                                         # a thick bar is one line
    assert features.horizontal_lines(img).tolist() == [1, 2, 0, 1]
    assert features.longest_runs(img)[0, 5] == 12


def test_digit_features_columns_follow_names():
    mnist = data.load_mnist("subset", verbose=False)
    x = mnist.train_x[:50]
    F = features.digit_features(x)
    assert F.shape == (50, len(features.NAMES)) and torch.isfinite(F).all()
    assert torch.allclose(F[:, features.NAMES.index("ink fraction")], (x > 0.5).float().mean(1))
    assert torch.equal(F[:, features.NAMES.index("loops")], features.loops(x))


def test_standardize_uses_training_statistics_only():
    train = torch.tensor([[1.0, 10.0], [3.0, 30.0]])
    test = torch.tensor([[2.0, 20.0]])
    train_std, test_std = features.standardize(train, test)
    assert torch.allclose(train_std.mean(0), torch.zeros(2), atol=1e-6)
    assert torch.allclose(train_std.std(0), torch.ones(2))
    assert torch.allclose(test_std, torch.zeros(1, 2))
    assert torch.allclose(features.standardize(train), train_std)
