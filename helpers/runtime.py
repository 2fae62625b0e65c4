"""Seeds, device choice, the environment check, and reading a number a student typed.

`REPRODUCIBLE_ENV` is the one place that fixes what the stored notebook outputs
depend on (data, threads, CPU kernels, progress bars); the test suite and
`scripts/regenerate.py` both use it.
"""
import math
import os
import platform
import random

import numpy as np
import torch

# What the stored outputs are about: forced for the tests and for scripts/regenerate.py.
CONTENT_ENV = {
    "COURSE_MNIST": "subset",     # the shipped real subset, never a download
    "COURSE_DEVICE": "cpu",       # stored outputs come from the CPU
    "TQDM_DISABLE": "1",          # progress bars show rates: keep them out of outputs
    "PYTHONHASHSEED": "0",
}
# How the floating-point work is done. scripts/regenerate.py pins it (same thread count:
# bit-identical reruns on one machine); the tests use it only where you set none of
# these yourself, because the stored outputs must hold on any CPU and thread count
# (CONTRIBUTING.md: "Portable outputs").
FLOAT_ENV = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MKL_CBWR": "AVX2",
}
REPRODUCIBLE_ENV = {**CONTENT_ENV, **FLOAT_ENV}
# "Another machine" on this one: PyTorch's portable kernels instead of AVX-512/AVX2,
# two threads, MKL free to choose its code path. tests/test_portability.py re-runs the
# notebooks under it.
PERTURBED_ENV = {"ATEN_CPU_CAPABILITY": "default", "OMP_NUM_THREADS": "2", "MKL_NUM_THREADS": "2"}


def environment_for_tests(environ):
    """The environment the tests run in, from `environ` (a dict): CONTENT_ENV always,
    FLOAT_ENV unless `environ` sets any of its keys itself."""
    env = dict(environ)
    env.update(CONTENT_ENV)
    if not any(key in environ for key in FLOAT_ENV):
        env.update(FLOAT_ENV)
    return env


def seed_everything(seed=0):
    """Seed Python, NumPy and PyTorch (CPU and CUDA). Returns the seed."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return seed


def finite_number(value, name):
    """`value` (a Python or NumPy number, or a one-element tensor or array) as a float.
    Anything else raises TypeError, NaN or infinity ValueError; both messages name
    `name` and say what to give instead."""
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        value = value.item()
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} should be a number such as 1 or -0.5, not {value!r}.")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} is {value}: use an ordinary finite number.")
    return value


def float_array(values, name):
    """`values` (a list, NumPy array or tensor) as a float64 NumPy array. Anything that
    is not numbers raises TypeError with a message that names `name`."""
    if values is None:                    # np.asarray(None, dtype=float) is a quiet NaN
        raise TypeError(f"{name} should be numbers (a list, NumPy array or tensor), not None.")
    if isinstance(values, torch.Tensor):
        values = values.detach().cpu().numpy()
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} should be numbers (a list, NumPy array or tensor), not {values!r}.") from None


def device():
    """The `torch.device` to train on: CUDA when available, else CPU.

    Set the environment variable COURSE_DEVICE=cpu (or cuda, or cuda:1 for a second
    GPU) to choose yourself; any other value is an error that says what to write.
    """
    raw = os.environ.get("COURSE_DEVICE", "")
    wanted = raw.strip().lower()
    if not wanted:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        chosen = torch.device(wanted)
    except (RuntimeError, ValueError):
        chosen = None
    if chosen is None or chosen.type not in ("cpu", "cuda"):
        hint = " (for a GPU write cuda)" if wanted == "gpu" else ""
        raise ValueError(f"COURSE_DEVICE={raw!r} is not a device the course trains on: set it to cpu or cuda{hint}, "
                         "or unset it to use the GPU when there is one.")
    if chosen.type == "cuda":
        if not torch.cuda.is_available():
            raise RuntimeError(f"COURSE_DEVICE={raw} is set but PyTorch sees no CUDA GPU. "
                               "Unset COURSE_DEVICE (or set it to cpu) to run on the CPU.")
        if chosen.index is not None and chosen.index >= torch.cuda.device_count():
            raise RuntimeError(f"COURSE_DEVICE={raw} is set but PyTorch sees {torch.cuda.device_count()} GPU(s), "
                               f"numbered from 0: use cuda:0 to cuda:{torch.cuda.device_count() - 1}.")
    return chosen


# The versions the course is tested with (requirements.txt pins the same).
TESTED_WITH = {"torch": "2.14.1", "torchvision": "0.29.1", "numpy": "2.4.6",
               "matplotlib": "3.11.2", "ipywidgets": "8.1.9", "tqdm": "4.70.1"}


def versions():
    """A dict package -> installed version ("missing" when absent) for the
    packages in TESTED_WITH, plus Python's own version."""
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for name in TESTED_WITH:
        try:
            found[name] = version(name).split("+")[0]
        except PackageNotFoundError:
            found[name] = "missing"
    return found


def check_environment():
    """Print each package's installed and tested version with a verdict, and
    return True when nothing is missing (other versions usually work too)."""
    found = versions()
    print(f"{'package':<12} {'installed':<10} {'tested with':<11}")
    for name, tested in TESTED_WITH.items():
        mark = "ok" if found[name] == tested else "MISSING" if found[name] == "missing" else "differs"
        print(f"{name:<12} {found[name]:<10} {tested:<11} {mark}")
    print(f"python       {found['python']}")
    return all(v != "missing" for v in found.values())


def gpu_name():
    """The GPU's name, or None when PyTorch sees no CUDA device."""
    return torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
