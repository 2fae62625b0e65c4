"""The framework behind the "Your turn" exercises.

An exercise is a function decorated with `@exercise`. It validates the student's
answer with `number`, `array` or `call`, and either returns `correct(...)` or
raises `Wrong(hint)`. The decorator turns every outcome into a `Result`: its text
is what the notebook shows, and `bool(result)` says whether the answer is right.
Odd input (None, text, wrong shape) gives a friendly message, never a traceback.

Exercises for each notebook live in the modules of this package, e.g.
`from helpers.checks import gates as check; check.nand(w1, w2, b)`.
"""
import functools

import numpy as np

from ..runtime import finite_number, float_array


class Result:
    """The outcome of a check: `ok` (bool) and `message` (what the student reads)."""

    def __init__(self, ok, message):
        self.ok, self.message = bool(ok), message

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return self.message


class Wrong(Exception):
    """Raise inside an exercise when the answer is wrong; the text is the hint."""


class BadInput(Exception):
    """Raise inside an exercise when the answer is not the kind of thing expected."""


def correct(message="Well done."):
    return Result(True, f"✅ Correct! {message}")


def exercise(fn):
    """Make `fn` a checker: always returns a `Result`, never raises."""
    @functools.wraps(fn)
    def check(*args, **kwargs):
        try:
            result = fn(*args, **kwargs)
        except Wrong as hint:
            return Result(False, f"❌ Not yet. {hint}")
        except BadInput as problem:
            return Result(False, f"⚠️ {problem}")
        except Exception as err:  # a bug in the student's code, reached through our check
            return Result(False, f"⚠️ Checking your answer failed with {type(err).__name__}: {err}. "
                                 "Look at your code for that error, then run the check again.")
        return result if isinstance(result, Result) else correct()
    return check


def number(value, name):
    """`value` as a float, or a friendly BadInput for None, text, NaN or an array."""
    if value is None or value is Ellipsis:
        raise BadInput(f"You have not filled in {name} yet: replace the placeholder with a number.")
    try:
        return finite_number(value, name)
    except (TypeError, ValueError) as err:
        raise BadInput(str(err)) from None


def array(value, shape, name):
    """`value` as a float64 NumPy array of `shape` (None in shape = any size)."""
    if value is None or value is Ellipsis:
        raise BadInput(f"You have not filled in {name} yet.")
    try:
        out = float_array(value, name)
    except TypeError as err:
        raise BadInput(str(err)) from None
    if len(out.shape) != len(shape) or any(s is not None and s != o for s, o in zip(shape, out.shape)):
        want = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
        raise BadInput(f"{name} has shape {tuple(out.shape)}, but shape {want} is expected.")
    if not np.all(np.isfinite(out)):
        raise BadInput(f"{name} contains NaN or infinity.")
    return out


def call(fn, *args, name="your function"):
    """Call the student's function; a missing function or an error inside it
    becomes a friendly BadInput that names the error."""
    if fn is None or fn is Ellipsis:
        raise BadInput(f"You have not written {name} yet.")
    if not callable(fn):
        raise BadInput(f"{name} should be a function (def ...), not {type(fn).__name__}.")
    try:
        return fn(*args)
    except Exception as err:
        raise BadInput(f"{name} raised {type(err).__name__}: {err}. Fix it and run the check again.") from None


def close(a, b, tol=1e-6):
    """True when a and b agree to a relative/absolute tolerance."""
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=tol, atol=tol))
