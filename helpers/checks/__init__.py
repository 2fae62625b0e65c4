"""The framework behind the "Your turn" exercises.

An exercise is a function decorated with `@exercise`. It reads the student's answer
with the one reader of this module (`number`, `whole_number`, `array`, `function`, `written`),
runs student code only through `call`, and either returns `correct(...)` or raises
`Wrong(hint)`. The decorator turns every outcome into a `Result`: its text is what
the notebook shows, and `bool(result)` says whether the answer is right.

- ✅ right; ❌ wrong, with a hint that names the mistake; ⚠️ the answer is not the kind
  of thing expected (None, text, a shape that cannot be meant, an error or a time-out
  in the student's code). A malformed answer never becomes a verdict.
- A failure inside the check itself (a bug in the course) is reported as the course's
  fault, never blamed on the student.
- Student code runs on copies of the check's data and under one time limit per
  check (`TIME_LIMIT` seconds for all its calls together; the check's own work does
  not count). The limit is kept by
  running the code in a daemon thread and waiting with `join(timeout)`: that works the
  same on Linux, macOS and Windows, also outside the main thread (signal.alarm works
  only on Unix and only in the main thread). A thread cannot be stopped from outside,
  so code that is still running when the limit passes finishes in the background;
  it only ever sees copies, and the check has already answered.
- Global state is the same after a check as before: the random number generators of
  Python, NumPy and PyTorch, PyTorch's default dtype and its grad mode. Checks that
  need random numbers use their own generators (`seeded`).

Exercises for each notebook live in the modules of this package, e.g.
`from helpers.checks import gates as check; check.nand(w1, w2, b)`.
"""
import contextlib
import copy
import dis
import functools
import math
import random
import threading
import time
import warnings

import numpy as np
import torch

#: Seconds all calls of the student's code in one check may take together.
TIME_LIMIT = 5.0

COURSE_FAULT = ("⚠️ Sorry, the check itself failed ({error}). This is a fault in the course, "
                "not in your answer. Please tell your instructor (copy this message); "
                "you can carry on with the next cell.")


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


# --------------------------------------------------------------------------- global state

@contextlib.contextmanager
def _kept_globals():
    """Run a block, then put back what a check must leave as it found it (CUDA's generators
    only when CUDA is already in use: the check does not start it)."""
    cuda = range(torch.cuda.device_count()) if torch.cuda.is_available() and torch.cuda.is_initialized() else []
    numpy_rng, python_rng, dtype = np.random.get_state(), random.getstate(), torch.get_default_dtype()
    with torch.random.fork_rng(devices=cuda), torch.set_grad_enabled(torch.is_grad_enabled()):
        try:
            yield
        finally:
            np.random.set_state(numpy_rng)
            random.setstate(python_rng)
            torch.set_default_dtype(dtype)


@contextlib.contextmanager
def seeded(seed):
    """Run a block with PyTorch's global generator seeded, then put its old state back
    (for library code such as nn.Linear's initialisation that only uses the global one)."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


_budget = threading.local()      # seconds the student's code may still run in this check


def exercise(fn):
    """Make `fn` a checker: always returns a `Result`, never raises, and leaves
    global state (RNGs, default dtype, grad mode) as it found it."""
    @functools.wraps(fn)
    def check(*args, **kwargs):
        outer = getattr(_budget, "left", None)
        _budget.left = TIME_LIMIT
        try:
            with _kept_globals():
                result = fn(*args, **kwargs)
        except Wrong as hint:
            return Result(False, f"❌ Not yet. {hint}")
        except BadInput as problem:
            return Result(False, f"⚠️ {problem}")
        except Exception as err:  # a bug in the check: the course's fault, not the student's
            return Result(False, COURSE_FAULT.format(error=f"{type(err).__name__}: {err}"))
        finally:
            _budget.left = outer
        return result if isinstance(result, Result) else correct()
    return check


# --------------------------------------------------------------------------- reading answers

def fmt(x, digits=4):
    """A number for a message: up to `digits` significant digits, never "-0"; a whole
    number or one of 10,000 and more below ten million in full, with thousands
    separators (101,770, not 1.018e+05), also when it is whole only once rounded (1,024
    for 1023.99999999, so that a result a last bit away on another CPU reads the same)."""
    x = float(x)
    if x == 0 or abs(x) < 0.5 * 10 ** -(digits + 6):
        return "0"
    if abs(x) < 1e7 and x.is_integer():
        return f"{int(x):,}"
    rounded = float(f"{x:.{digits}g}")
    if abs(rounded) < 1e7 and (abs(rounded) >= 10 ** digits or abs(rounded) >= 1000 and rounded.is_integer()):
        return f"{rounded:,.0f}"                 # rounded, then written in full (1023.9999 -> 1,024)
    text = f"{x:.{digits}g}"
    return "0" if float(text) == 0 else text


def shape_text(shape):
    """(2,) -> "(2,)", (None, 3) -> "(any, 3)"."""
    parts = ["any" if s is None else str(s) for s in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def value_text(value):
    """A short description of any value for a message (never a wall of numbers)."""
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {shape_text(tuple(value.shape))}" if value.numel() != 1 else \
            f"a one-element tensor ({fmt(value.item())})"
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {shape_text(value.shape)}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} items"
    text = repr(value)
    return text if len(text) <= 40 else f"a {type(value).__name__}"


def _missing(value):
    return value is None or value is Ellipsis


def _to_numpy(value, name, what="numbers"):
    """Any numbers (scalar, list, tuple, NumPy, tensor, lists of tensors) as a float64
    array; BadInput for text, None inside, ragged lists, complex numbers."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu()
        if value.is_complex():
            raise BadInput(f"{name} is complex; give real numbers.")
        return value.double().numpy()
    if isinstance(value, (str, bytes)):
        raise BadInput(f"{name} should be {what}, not the text {value!r}: remove the quotes.")
    if isinstance(value, (list, tuple)):
        value = [v.detach().cpu().double().numpy() if isinstance(v, torch.Tensor) else v for v in value]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = np.asarray(value)
    except (TypeError, ValueError):
        raw = None
    if raw is not None and raw.dtype.kind == "c":
        raise BadInput(f"{name} is complex; give real numbers.")
    if raw is None or raw.dtype.kind in "USVMm" or raw.dtype.kind == "O" and not all(
            isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in raw.ravel()):
        raise BadInput(f"{name} should be {what} (a number, list, NumPy array or tensor), "
                       f"not {value_text(value)}.")
    return raw.astype(float)


def number(value, name):
    """`value` as a float: Python, NumPy or torch numbers, and one-element arrays or
    tensors of any shape. BadInput for None, text, bools, NaN, several numbers."""
    if _missing(value):
        raise BadInput(f"You have not filled in {name} yet: replace the placeholder with a number.")
    if isinstance(value, (bool, np.bool_)):
        raise BadInput(f"{name} is {value}, a truth value; give a number.")
    out = _to_numpy(value, name, "a number")
    if out.size != 1:
        raise BadInput(f"{name} should be one number, but it holds {out.size} "
                       f"({value_text(value)}).")
    x = float(out.reshape(()))
    if not math.isfinite(x):
        raise BadInput(f"{name} is {x}: use an ordinary finite number.")
    return x


def whole_number(value, name):
    """`value` as an int, accepting 25, 25.0, np.int64(25), torch.tensor(25)."""
    x = number(value, name)
    if x != int(x):
        raise BadInput(f"{name} is {fmt(x, 8)}; a count should be a whole number.")
    return int(x)


def array(value, shape, name, finite=True, placeholder=None):
    """`value` as a float64 NumPy array of `shape` (None = any size). Size-1 dimensions
    are dropped or added where that makes the shape unambiguous: for shape (2,) a (1, 2)
    row and a (2, 1) column are read as the same two numbers. `placeholder`: what the
    notice for an answer not filled in yet asks for, e.g. "two numbers"."""
    if _missing(value):
        raise BadInput(f"You have not filled in {name} yet" +
                       (f": replace the placeholder with {placeholder}." if placeholder else "."))
    out = _to_numpy(value, name)
    shape = tuple(shape)
    if len(out.shape) != len(shape) or any(w is not None and w != h for h, w in zip(out.shape, shape)):
        core = [d for d in out.shape if d != 1]
        want = [d for d in shape if d != 1]
        if None not in shape and core == want and out.size == math.prod(shape):
            out = out.reshape(shape)
        elif len(shape) == 1 and shape[0] is None and len(core) <= 1:
            out = out.reshape(-1)
        else:
            raise BadInput(f"{name} has shape {shape_text(out.shape)}, but shape {shape_text(shape)} "
                           "is expected.")
    if finite and not np.all(np.isfinite(out)):
        raise BadInput(f"{name} contains NaN or infinity.")
    return out


def decimals_given(value):
    """How many decimals a typed number has (4.6 -> 1, 0.25 -> 2, 3 -> 0), also when
    it went through float32 (torch.tensor(4.6))."""
    def count(text):
        if "e" in text or "E" in text:
            mantissa, exp = text.lower().split("e")
            return max(0, count(mantissa) - int(exp))
        return len(text.split(".")[1].rstrip("0")) if "." in text else 0
    x = float(value)
    found = count(repr(x))
    if float(np.float32(x)) == x:
        found = min(found, count(np.format_float_positional(np.float32(x), unique=True)))
    return found


def near(value, want, decimals=2, tol=1e-3):
    """True when `value` is `want`, exactly (within tol) or rounded to as many decimals as
    the student typed, with at least `decimals` of them (4.6 for ln 100 = 4.605...)."""
    value, want = float(value), float(want)
    if abs(value - want) <= tol * max(1.0, abs(want)):
        return True
    given = max(decimals_given(value), decimals)
    return bool(abs(value - want) <= 0.5 * 10 ** -given + 1e-12)


def close(a, b, tol=1e-6):
    """True when a and b agree to a relative/absolute tolerance."""
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=tol, atol=tol))


# --------------------------------------------------------------------------- running student code

def function(fn, name, example="def ...(...): ..."):
    """`fn` if it is a function; BadInput when it is missing or not callable."""
    if _missing(fn):
        raise BadInput(f"You have not written {name} yet ({example}).")
    if not callable(fn):
        raise BadInput(f"{name} should be a function ({example}), not {value_text(fn)}.")
    return fn


def untouched(fn, template=lambda *args: None):
    """True when `fn` runs the same instructions as `template` (by default a body that only
    returns None: `return None   # your code here`, with or without a docstring, or `pass`):
    the student has not changed the exercise's code."""
    def steps(code):
        return [(i.opname, i.argval) for i in dis.get_instructions(code) if i.opname not in ("RESUME", "NOP")]

    code = getattr(fn, "__code__", None)
    return code is not None and not code.co_freevars and steps(code) == steps(template.__code__)


def written(fn, name, example, replacement="your code"):
    """`fn` if it is a function the student has written; BadInput when it is missing,
    not callable, or still the exercise's template that returns None."""
    function(fn, name, example)
    if untouched(fn):
        raise BadInput(f"You have not written {name} yet: replace `return None` with {replacement}.")
    return fn


def copied(value):
    """A copy of `value` for the student's code to work on (a tensor detached); the value
    itself when it cannot be copied."""
    if isinstance(value, torch.Tensor):
        return value.detach().clone()
    if isinstance(value, np.ndarray):
        return value.copy()
    try:
        return copy.deepcopy(value)
    except Exception:       # something that cannot be copied is passed as it is
        return value


def call(fn, *args, name="your function", copies=True):
    """Call the student's function on copies of `args`, within what is left of the
    check's time limit. An error inside it, or running out of time, becomes a BadInput
    that names what happened. `copies=False` passes the objects themselves (for a
    check that looks at what the function did to them)."""
    fn = function(fn, name)
    args = [copied(a) for a in args] if copies else list(args)
    limit = getattr(_budget, "left", None)
    limit = TIME_LIMIT if limit is None else limit
    if limit <= 0:
        raise BadInput(_too_slow(name))
    box = {}
    grad = torch.is_grad_enabled()

    def run():
        try:
            with torch.set_grad_enabled(grad), np.errstate(all="ignore"):
                box["value"] = fn(*args)
        except BaseException as err:       # reported in the check's thread
            box["error"] = err

    worker = threading.Thread(target=run, name=f"course check: {name}", daemon=True)
    with warnings.catch_warnings():        # overflow warnings: the check reports the NaN itself
        warnings.simplefilter("ignore", RuntimeWarning)
        started = time.monotonic()
        worker.start()
        worker.join(limit)
    if getattr(_budget, "left", None) is not None:
        _budget.left -= time.monotonic() - started
    if worker.is_alive():
        raise BadInput(_too_slow(name))
    if "error" in box:
        err = box["error"]
        if isinstance(err, (KeyboardInterrupt, SystemExit)):
            raise err
        text = str(err).strip().rstrip(".")
        raise BadInput(f"{name} raised {type(err).__name__}: {text}.{_FIX}")
    return box["value"]


_FIX = " Fix it and run the check again."


def call_on_either(fn, inputs, name, context=""):
    """fn called on the first of two `inputs`, (value, how it is said) pairs, that it runs
    on (a float, then a tensor for a function written with torch). When it raises on both,
    one BadInput names each input with its own error (once, when the two are the same)."""
    errors = []
    for value, how in inputs:
        try:
            return call(fn, value, name=name)
        except BadInput as err:
            text = str(err)
            if "took longer" in text:
                raise
            said = f"{name} raised "
            if text.startswith(said) and text.endswith(_FIX):
                text = text[len(said):-len(_FIX)].rstrip(".")
            errors.append((how, text))
    (how1, first), (how2, second) = errors
    if first == second:
        raise BadInput(f"{name} raised {first}{context}, both {how1} and {how2}.{_FIX}")
    raise BadInput(f"{name} raised an error{context} both {how1} ({first}) and {how2} ({second}).{_FIX}")


def answers(fn, cases, name, replacement):
    """What `fn` returns for each case, a tuple of its arguments (the call is named by `name`
    and the tuple: iterations(10000, 100)); BadInput with the "not written yet" notice when it
    returns None for every case (the template's `return None`)."""
    values = [call(fn, *case, name=f"{name}{case}") for case in cases]
    if all(v is None for v in values):
        raise BadInput(f"You have not written {name} yet: replace `return None` with {replacement} "
                       "(it should return a whole number).")
    return values


def _too_slow(name):
    return (f"{name} took longer than {TIME_LIMIT:g} s (the time a check gives your code in all), "
            "so the check stopped waiting. Look for a loop that never ends or a slow step "
            "(sleep, printing, a Python loop over every pixel), then run the check again.")


def returned(value, name, what="a number"):
    """BadInput when a student's function returned None (a forgotten `return`)."""
    if value is None:
        raise BadInput(f"{name} returned None: did you forget `return`? It should return {what}.")
    return value
