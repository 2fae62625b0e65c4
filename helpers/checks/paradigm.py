"""Exercises of notebook 01: a hand-crafted feature, your own feature, and
logistic regression on raw pixels."""
import numpy as np
import torch
from torch import nn

from . import BadInput, Wrong, array, call, close, correct, exercise


def _test_images(n=24, seed=0):
    """Stand-in digits for checking feature functions: random ink blobs with
    different amounts of ink, plus an all-white and an all-black image. (N, 784)."""
    g = torch.Generator().manual_seed(seed)
    amount = torch.linspace(0.05, 0.6, n - 2)[:, None]
    images = (torch.rand(n - 2, 784, generator=g) < amount).float() * torch.rand(n - 2, 784, generator=g)
    images = torch.cat([images, torch.zeros(1, 784), torch.ones(1, 784)])
    return images.round(decimals=3).clamp(0, 1).add_(0.0005 * (images == 0.5))   # no pixel exactly 0.5


def _per_image(result, n, name):
    """The student's result as n numbers, with a hint for the usual shape slips."""
    if result is None:
        raise BadInput(f"{name} returned None: fill in its body so that it returns one number per image.")
    shape = tuple(np.shape(result.detach().cpu() if isinstance(result, torch.Tensor) else result))
    if shape in ((), (1,)):
        raise Wrong(f"{name} returned one number for all images together; it should return one "
                    "number per image. Average over the pixels only: `.mean(dim=1)`.")
    if shape == (784,):
        raise Wrong(f"{name} returned 784 numbers: you averaged over the images (dim=0). "
                    "Average over the pixels of each image instead: `.mean(dim=1)`.")
    if shape == (n, 784):
        raise Wrong(f"{name} returned a whole image per image; reduce each image to one number, "
                    "e.g. with `.mean(dim=1)`.")
    values = array(result, (n,) if len(shape) == 1 else (n, 1), f"what {name} returned")
    return values.reshape(n)


@exercise
def ink_fraction(fn):
    """`fn(images)` with images (N, 784) in [0, 1] must return, per image, the share of
    pixels darker than 0.5 (a fraction between 0 and 1)."""
    images = _test_images()
    got = _per_image(call(fn, images.clone(), name="my_ink_fraction"), len(images), "my_ink_fraction")
    want = (images > 0.5).float().mean(1).numpy()
    if close(got, want, 1e-5):
        return correct(f"For example, the first test image has {100 * want[0]:.1f}% ink, "
                       f"the all-black one {100 * want[-1]:.0f}%.")
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


@exercise
def own_feature(fn, images, labels):
    """Any feature is accepted when it gives one finite number per image and is not
    the same for every image. The message says how much it separates the digits:
    the share of its variance that lies between the digit averages (0 to 1)."""
    images = torch.as_tensor(images, dtype=torch.float32)
    labels = torch.as_tensor(labels)
    if images.ndim != 2 or images.shape[1] != 784 or len(images) != len(labels):
        raise BadInput("Pass MNIST images (N, 784) and their N labels, e.g. "
                       "check.own_feature(my_feature, mnist.train_x, mnist.train_y).")
    got = _per_image(call(fn, images.clone(), name="my_feature"), len(images), "my_feature")
    if np.ptp(got) < 1e-9:
        raise Wrong(f"my_feature gives the same value ({got[0]:g}) for every image, so it cannot tell "
                    "digits apart. Measure something that differs between images.")
    values = torch.as_tensor(got)
    means = torch.stack([values[labels == d].mean() for d in labels.unique()])
    counts = torch.stack([(labels == d).sum() for d in labels.unique()]).double()
    between = float((counts * (means - values.mean()) ** 2).sum() / len(values))
    share = between / float(values.var(unbiased=False))
    verdict = ("a strong feature" if share > 0.3 else "a useful feature" if share > 0.1
               else "a weak feature on its own")
    return correct(f"{100 * share:.0f}% of your feature's variance lies between the digit averages: "
                   f"{verdict}. (For comparison: left-right symmetry about 10%, ink fraction about 35%, "
                   "loops about 70%.)")


@exercise
def pixel_model(model, test):
    """Logistic regression on raw pixels: a model with one linear layer from 784
    pixels to 10 scores and no hidden layer, trained (test accuracy above 80%)."""
    if model is None:
        raise BadInput("You have not built the model yet: replace None with nn.Linear(784, 10), then train it.")
    if not isinstance(model, nn.Module):
        raise BadInput(f"model should be a PyTorch module such as nn.Linear(784, 10), not {type(model).__name__}.")
    layers = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if len(layers) == 0:
        raise Wrong("The model has no nn.Linear layer; logistic regression is nn.Linear(784, 10).")
    if len(layers) > 1:
        raise Wrong(f"The model has {len(layers)} linear layers, so it has a hidden layer: that is an MLP. "
                    "Logistic regression is a single nn.Linear(784, 10).")
    if layers[0].in_features != 784 or layers[0].out_features != 10:
        raise Wrong(f"The layer maps {layers[0].in_features} inputs to {layers[0].out_features} outputs; "
                    "it should take the 784 pixels and give 10 digit scores: nn.Linear(784, 10).")
    x, y = test
    device = next(model.parameters()).device
    with torch.no_grad():
        accuracy = (model(x.to(device)).argmax(1).cpu() == y).float().mean().item()
    if accuracy < 0.8:
        raise Wrong(f"The model gets only {100 * accuracy:.0f}% of the test digits right: has it been "
                    "trained? Run train(model, mnist.train) on it.")
    return correct(f"Logistic regression on raw pixels: {100 * accuracy:.1f}% test accuracy.")
