"""Exercises of notebook 01: right answers pass, usual slips get their hint, odd input a message."""
import pytest
import torch
from feedback import hint, odd, ok
from torch import nn

from helpers.checks import paradigm as check

# ----------------------------------------------------------------- ink fraction

def test_ink_fraction_accepts_correct_versions():
    assert ok(check.my_ink_fraction(lambda im: (im > 0.5).float().mean(dim=1)))
    assert ok(check.my_ink_fraction(lambda im: (im > 0.5).sum(1) / 784))
    assert ok(check.my_ink_fraction(lambda im: (im > 0.5).float().mean(1, keepdim=True)))   # (N, 1) is fine
    assert ok(check.my_ink_fraction(lambda im: (im.numpy() > 0.5).mean(axis=1)))            # NumPy too


@pytest.mark.parametrize("fn,words", [
    (lambda im: 100 * (im > 0.5).float().mean(1), "percentages"),
    (lambda im: (im <= 0.5).float().mean(1), "white"),
    (lambda im: im.mean(1), "mean intensity"),
    (lambda im: (im > 0.5).float().sum(1), "divide"),
    (lambda im: (im > 0.5).float().mean(), "one number for all images"),
    (lambda im: (im > 0.5).float().mean(0), "784 numbers"),
    (lambda im: (im > 0.5).float(), "whole image"),
    (lambda im: (im > 0.3).float().mean(1), "Compare each pixel with 0.5"),
])
def test_ink_fraction_hints(fn, words):
    assert words in hint(check.my_ink_fraction(fn))


def test_an_untouched_template_gets_the_not_written_notice_and_a_forgotten_return_its_own():
    def my_ink_fraction(images):
        """A docstring does not make it written."""
        return None          # your code here: one number per image

    def forgot_return(images):
        (images > 0.5).float().mean(dim=1)          # computed, but not returned: the slip under test

    assert "You have not written my_ink_fraction yet" in odd(check.my_ink_fraction(my_ink_fraction))
    assert "did you forget `return`" in odd(check.my_ink_fraction(forgot_return))


def test_an_error_in_student_code_names_the_call_and_its_input():
    broken = odd(check.my_ink_fraction(lambda im: im.reshape(-1, 27, 27)))
    assert "my_ink_fraction(images) (images: the check's 24 test pictures" in broken
    assert "(24, 784)" in broken and "raised RuntimeError" in broken
    images, labels = digits()
    broken = odd(check.own_feature(lambda im: im.reshape(-1, 27, 27), images, labels))
    assert "my_feature(images) (images: the 200 images you passed, a tensor of shape (200, 784))" in broken
    broken = odd(check.pixel_model(lambda im: im.reshape(-1, 27, 27), easy_test_set()))
    assert "pixel_logistic(images) (images: 8 test images, a tensor of shape (8, 784)) raised" in broken


def test_ink_fraction_says_its_examples_are_the_checks_own_pictures():
    message = repr(check.my_ink_fraction(lambda im: (im > 0.5).float().mean(dim=1)))
    assert "the check's own test pictures (random ink blobs)" in message and "first test image" not in message


def test_ink_fraction_odd_input():
    assert "not written my_ink_fraction yet: replace `return None`" in odd(check.my_ink_fraction(lambda im: None))
    assert "not written" in odd(check.my_ink_fraction(None))
    assert "should be a function" in odd(check.my_ink_fraction(0.12))
    assert "ZeroDivisionError" in odd(check.my_ink_fraction(lambda im: 1 / 0))
    assert "shape" in odd(check.my_ink_fraction(lambda im: torch.zeros(3)))


# ----------------------------------------------------------------- own feature

def digits(n=200, seed=0):
    g = torch.Generator().manual_seed(seed)
    labels = torch.arange(n) % 10
    images = torch.rand(n, 784, generator=g) * (labels[:, None] + 1) / 10    # more ink for larger digits
    return images, labels


def between_share(values, labels):
    """Independent reference: the sum of squares between the digit averages over the total one."""
    v, y = values.double().numpy(), labels.numpy()
    between = sum((y == d).sum() * (v[y == d].mean() - v.mean()) ** 2 for d in set(y.tolist()))
    return between / ((v - v.mean()) ** 2).sum()


def test_own_feature_accepts_any_real_feature_and_measures_separation():
    images, labels = digits()
    result = check.own_feature(lambda im: im.mean(1), images, labels)    # ink grows with the digit here
    assert ok(result) and "strong" in repr(result)
    few = check.own_feature(lambda im: im[:, :3].mean(1), images, labels)    # three pixels: a noisier feature
    share = between_share(images[:, :3].mean(1), labels)                     # the share it quotes, by hand
    assert ok(few) and f" {100 * share:.0f}% of your feature's variance" in few.message, (share, few.message)
    random = torch.rand(len(images), generator=torch.Generator().manual_seed(1))
    noise = check.own_feature(lambda im: random, images, labels)
    assert "shuffled" in hint(noise) and f"Only {100 * between_share(random, labels):.2f}%" in noise.message
    pixel = check.own_feature(lambda im: im[:, 400] * 0 + torch.arange(len(im)) % 7, images, labels)
    assert "says (almost) nothing" in hint(pixel)           # a number unrelated to the digit


@pytest.mark.parametrize("feature", [
    lambda im: im.mean(1), lambda im: (im > 0.5).float().sum(1),
    lambda im: im.numpy().std(axis=1), lambda im: im.max(dim=1).values.tolist(),
])
def test_own_feature_accepts_real_features_of_any_type(feature):
    images, labels = digits()
    assert ok(check.own_feature(feature, images, labels))


@pytest.mark.parametrize("feature,words", [
    (lambda im: torch.ones(len(im)), "same value"),
    (lambda im: torch.rand(len(im), generator=torch.Generator().manual_seed(2)), "says (almost) nothing"),
    (lambda im: (torch.arange(len(im)) % 3).float(), "says (almost) nothing"),      # unrelated to the digit
])
def test_own_feature_refuses_features_without_information(feature, words):
    images, labels = digits()
    assert words in hint(check.own_feature(feature, images, labels))


def test_own_feature_share_is_computed_right():
    images, labels = digits()
    result = repr(check.own_feature(lambda im: labels.float()[: len(im)], images, labels))
    assert result.split("✅ Correct! ")[1].startswith("100%")           # the label itself separates fully


def test_own_feature_rejects_constants_and_odd_input():
    images, labels = digits()
    assert "same value" in hint(check.own_feature(lambda im: torch.ones(len(im)), images, labels))
    untouched = odd(check.own_feature(lambda im: None, images, labels))
    assert "not written my_feature yet: replace `return None`" in untouched
    assert "Pass MNIST images" in odd(check.own_feature(lambda im: im.mean(1), images[:, :10], labels))
    assert "Pass MNIST images" in odd(check.own_feature(lambda im: im.mean(1), images, labels[:5]))
    assert "NaN" in odd(check.own_feature(lambda im: im.mean(1) / 0 * 0, images, labels))


# ----------------------------------------------------------------- pixel model

def easy_test_set():
    """Digit k lights pixel k: a linear layer with an identity block reads it perfectly."""
    y = torch.arange(100) % 10
    x = torch.zeros(100, 784)
    x[torch.arange(100), y] = 1.0
    return x, y


def reading_layer():
    layer = nn.Linear(784, 10)
    with torch.no_grad():
        layer.weight.zero_()
        layer.bias.zero_()
        layer.weight[:, :10] = torch.eye(10)
    return layer


def test_pixel_model_accepts_a_trained_linear_layer():
    assert ok(check.pixel_model(reading_layer(), easy_test_set()))
    assert "100.0%" in repr(check.pixel_model(nn.Sequential(reading_layer()), easy_test_set()))


def test_pixel_model_hints():
    torch.manual_seed(0)
    assert "trained" in hint(check.pixel_model(nn.Linear(784, 10), easy_test_set()))
    mlp = nn.Sequential(nn.Linear(784, 16), nn.ReLU(), nn.Linear(16, 10))
    assert "hidden layer" in hint(check.pixel_model(mlp, easy_test_set()))
    assert "784 pixels" in hint(check.pixel_model(nn.Linear(10, 10), easy_test_set()))
    assert "10 digit scores" in hint(check.pixel_model(nn.ReLU(), easy_test_set()))


def test_pixel_model_accepts_a_hand_written_linear_model_and_a_softmax_on_top():
    class Hand(nn.Module):
        def __init__(self):
            super().__init__()
            self.W = nn.Parameter(reading_layer().weight.detach().T.clone())
            self.b = nn.Parameter(torch.zeros(10))

        def forward(self, x):
            return x @ self.W + self.b

    assert ok(check.pixel_model(Hand(), easy_test_set()))
    assert ok(check.pixel_model(nn.Sequential(reading_layer(), nn.Softmax(dim=1)), easy_test_set()))


def test_pixel_model_odd_input():
    assert "not filled in pixel_logistic yet: replace None with nn.Linear(784, 10)" in odd(
        check.pixel_model(None, easy_test_set()))
    assert "PyTorch model" in odd(check.pixel_model("linear", easy_test_set()))
