"""Exercises of notebook 01: a hand-crafted feature, your own feature, and
logistic regression on raw pixels."""
import numpy as np
import torch
from torch import nn

from . import BadInput, Wrong, array, call, close, copied, correct, exercise, returned, value_text, written


def _test_images(n=24, seed=0):
    """Stand-in digits for checking feature functions: random ink blobs with
    different amounts of ink, plus an all-white and an all-black image. (N, 784).
    Pixels are multiples of 1/255, like MNIST's, so none is exactly 0.5 and
    `> 0.5` and `>= 0.5` count the same pixels."""
    g = torch.Generator().manual_seed(seed)
    amount = torch.linspace(0.05, 0.6, n - 2)[:, None]
    images = (torch.rand(n - 2, 784, generator=g) < amount).float() * torch.rand(n - 2, 784, generator=g)
    images = torch.cat([images, torch.zeros(1, 784), torch.ones(1, 784)])
    return (images * 255).round() / 255


def _per_image(result, n, name):
    """The student's result as n numbers, with a hint for the usual shape slips."""
    returned(result, name, "one number per image")
    try:
        shape = tuple(np.shape(result.detach().cpu() if isinstance(result, torch.Tensor) else result))
    except (TypeError, ValueError):
        raise BadInput(f"{name} should return one number per image, not {value_text(result)}.") from None
    if shape in ((), (1,)):
        raise Wrong(f"{name} returned one number for all images together; it should return one "
                    "number per image. Average over the pixels only: `.mean(dim=1)`.")
    if shape == (784,):
        raise Wrong(f"{name} returned 784 numbers: you averaged over the images (dim=0). "
                    "Average over the pixels of each image instead: `.mean(dim=1)`.")
    if shape == (n, 784):
        raise Wrong(f"{name} returned a whole image per image; reduce each image to one number, "
                    "e.g. with `.mean(dim=1)`.")
    values = array(result, (n,), f"what {name} returned", finite=False)
    bad = int((~np.isfinite(values)).sum())
    if bad:
        raise BadInput(f"{name} gives NaN or infinity for {bad} of the {n} images (a division by zero, "
                       "e.g. for an image without ink?). Make it give a number for every image.")
    return values


@exercise
def my_ink_fraction(fn):
    """`fn(images)` with images (N, 784) in [0, 1] must return, per image, the share of
    pixels darker than 0.5 (a fraction between 0 and 1)."""
    written(fn, "my_ink_fraction", "def my_ink_fraction(images): ...", "your code (one number per image)")
    images = _test_images()
    called = (f"my_ink_fraction(images) (images: the check's {len(images)} test pictures, random ink blobs, "
              f"a tensor of shape {tuple(images.shape)})")
    got = _per_image(call(fn, images, name=called), len(images), "my_ink_fraction")
    want = (images > 0.5).float().mean(1).numpy()
    if close(got, want, 1e-5):
        return correct(f"On the check's own test pictures (random ink blobs), the first has "
                       f"{100 * want[0]:.1f}% ink, the all-black one {100 * want[-1]:.0f}%.")
    if close(got, 100 * want, 1e-5):
        raise Wrong("You returned percentages (0-100); return the fraction (0-1) instead: drop the 100.")
    if close(got, 1 - want, 1e-5):
        raise Wrong("You counted the white pixels. Ink is the pixels darker than 0.5: `images > 0.5`.")
    if close(got, images.mean(1).numpy(), 1e-5):
        raise Wrong("That is the mean intensity, a different feature. Count the pixels darker than "
                    "0.5 instead: `(images > 0.5).float().mean(dim=1)`.")
    if close(got, (images > 0.5).float().sum(1).numpy(), 1e-5):
        raise Wrong("You counted the ink pixels; divide by the number of pixels (784) to get a fraction.")
    raise Wrong("Compare each pixel with 0.5 (`images > 0.5`), turn True/False into 1/0 "
                "(`.float()`), and average over the 784 pixels of each image (`.mean(dim=1)`).")


def _between_share(values, labels):
    """The share of the variance of `values` that lies between the class averages
    (the correlation ratio eta^2, 0 to 1)."""
    values = torch.as_tensor(values, dtype=torch.float64)
    classes = labels.unique()
    means = torch.stack([values[labels == d].mean() for d in classes])
    counts = torch.stack([(labels == d).sum() for d in classes]).double()
    total = float(values.var(unbiased=False))
    return float((counts * (means - values.mean()) ** 2).sum() / len(values)) / total if total > 0 else 0.0


#: A feature must put at least this share of its variance between the digit averages...
MIN_SHARE = 0.02
#: ...more than the same numbers reach with any of 20 label shufflings, and at least this many
#: times their average there (pure chance).
MIN_OVER_CHANCE = 3


@exercise
def own_feature(fn, images, labels):
    """A feature is accepted when it gives one finite number per image and carries real
    information about the digit: the share of its variance that lies between the digit
    averages is at least MIN_SHARE (2%), above what the same numbers reach with each of
    20 random shufflings of the labels, and MIN_OVER_CHANCE times their average (chance).
    Random noise, or a feature that
    ignores the image, fails."""
    written(fn, "my_feature", "def my_feature(images): ...", "your code (one number per image)")
    try:
        images = torch.as_tensor(images, dtype=torch.float32)
        labels = torch.as_tensor(labels).long()
    except (TypeError, ValueError, RuntimeError):
        images = labels = None
    if images is None or images.ndim != 2 or images.shape[1] != 784 or labels.ndim != 1 \
            or len(images) != len(labels) or len(images) < 100:
        raise BadInput("Pass MNIST images (N, 784) and their N labels, e.g. "
                       "check.own_feature(my_feature, mnist.train_x, mnist.train_y).")
    called = (f"my_feature(images) (images: the {len(images):,} images you passed, "
              f"a tensor of shape {tuple(images.shape)})")
    got = _per_image(call(fn, images, name=called), len(images), "my_feature")
    if np.ptp(got) < 1e-9:
        raise Wrong(f"my_feature gives the same value ({got[0]:.4g}) for every image, so it cannot tell "
                    "digits apart. Measure something that differs between images.")
    share = _between_share(got, labels)
    g = torch.Generator().manual_seed(0)
    shuffled = [_between_share(got, labels[torch.randperm(len(labels), generator=g)]) for _ in range(20)]
    chance = max(shuffled)
    if share < MIN_SHARE or share <= chance or share < MIN_OVER_CHANCE * sum(shuffled) / len(shuffled):
        raise Wrong(f"Only {100 * share:.2f}% of your feature's variance lies between the digit averages; "
                    f"with the labels shuffled at random the same numbers reach up to {100 * chance:.2f}%. "
                    "So it says (almost) nothing about which digit it is: random numbers, or a measure "
                    "that is the same for every digit, look like this. Measure something about the ink: "
                    "where it is, how much, how tall.")
    verdict = ("a strong feature" if share > 0.3 else "a useful feature" if share > 0.1
               else "a weak feature on its own, but real")
    return correct(f"{100 * share:.0f}% of your feature's variance lies between the digit averages "
                   f"(shuffled labels: {100 * chance:.1f}%): {verdict}. (For comparison: left-right "
                   "symmetry about 10%, ink fraction about 35%, loops about 70%.)")


def _is_affine(model, x):
    """Whether `model` is one affine map (W x + b) on these inputs: the output of a mix
    of two inputs is the same mix of their outputs."""
    a, b = x[: len(x) // 2], x[len(x) // 2: 2 * (len(x) // 2)]
    with torch.no_grad():
        mix = model(0.3 * a + 0.7 * b)
        parts = 0.3 * model(a) + 0.7 * model(b)
    scale = float(parts.abs().max()) + 1.0
    return bool(torch.allclose(mix, parts, atol=1e-4 * scale, rtol=1e-4))


@exercise
def pixel_model(model, test, name="pixel_logistic"):
    """Logistic regression on raw pixels: a model with no hidden layer from 784 pixels
    to 10 scores (nn.Linear(784, 10), or a hand-written x @ W + b; a softmax or sigmoid
    on top is fine), trained (test accuracy above 80%). `name`: the notebook's variable."""
    if model is None or model is Ellipsis:
        raise BadInput(f"You have not filled in {name} yet: replace None with nn.Linear(784, 10), then train it.")
    if not callable(model):
        raise BadInput(f"{name} should be a PyTorch model such as nn.Linear(784, 10), not {value_text(model)}.")
    x, y = test
    x, y = torch.as_tensor(x, dtype=torch.float32), torch.as_tensor(y)
    params = list(model.parameters()) if isinstance(model, nn.Module) else []
    device = params[0].device if params else torch.device("cpu")
    own = copied(model)

    def scores(images):
        with torch.no_grad():
            out = call(own, images.to(device), name=f"{name}(images) (images: {len(images)} test images, "
                                                    f"a tensor of shape {tuple(images.shape)})")
        if not isinstance(out, torch.Tensor):
            raise BadInput(f"{name} should return a tensor of scores, not {value_text(out)}.")
        return out.detach().float().cpu()

    linear = [m for m in model.modules() if isinstance(m, nn.Linear)] if isinstance(model, nn.Module) else []
    if linear and linear[0].in_features != 784:
        raise Wrong(f"The first layer takes {linear[0].in_features} inputs; it should take the 784 pixels "
                    "and give 10 digit scores: nn.Linear(784, 10).")
    out = scores(x[:8])
    if tuple(out.shape) != (8, 10):
        raise Wrong(f"For 8 images the model gave {value_text(out)}; it should give 10 digit scores per "
                    "image, shape (8, 10): map the 784 pixels to 10 outputs, e.g. nn.Linear(784, 10).")
    if not _is_affine(scores, x[:64]) and sum(p.numel() for p in params) != 784 * 10 + 10:
        more = f"{len(linear)} linear layers and a" if len(linear) > 1 else "a"
        raise Wrong(f"The model has {more} non-linear step between input and output, so it has a hidden "
                    "layer: that is an MLP. Logistic regression is one linear map, nn.Linear(784, 10).")
    with torch.no_grad():
        accuracy = (scores(x).argmax(1) == y).float().mean().item()
    if accuracy < 0.8:
        raise Wrong(f"The model gets only {100 * accuracy:.0f}% of the test digits right: has it been "
                    "trained? Run train(model, mnist.train) on it.")
    return correct(f"Logistic regression on raw pixels: {100 * accuracy:.1f}% test accuracy.")
