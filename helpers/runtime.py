"""What the course runs on: seeds, the device, the installed versions, reading a number
a student typed into a widget or a helper, and the lazy namespaces of helpers.plots and
helpers.widgets."""
import contextlib
import importlib
import math
import platform
import types

import numpy as np
import torch

_chosen = {"device": None}   # set by helpers.start(device=...); None: the GPU when there is one


def seed_everything(seed=0):
    """Seed Python, NumPy and PyTorch (CPU and CUDA)."""
    import random

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def choose_device(name=None):
    """Make `name` ("cpu", "cuda", "cuda:1" or None for the GPU when there is one) the
    device `device()` returns, after checking that PyTorch can use it. Returns it.
    `helpers.start(device=...)` calls this; a wrong name is an error that says what to write."""
    if name is None:
        _chosen["device"] = None
        return device()
    try:
        chosen = torch.device(str(name).strip().lower())
    except (RuntimeError, ValueError):
        chosen = None
    if chosen is None or chosen.type not in ("cpu", "cuda"):
        hint = " (for a GPU write 'cuda')" if str(name).strip().lower() == "gpu" else ""
        raise ValueError(f"device={name!r} is not a device the course trains on: write 'cpu' or 'cuda'{hint}, "
                         "or leave it out to use the GPU when there is one.")
    if chosen.type == "cuda" and not torch.cuda.is_available():
        raise RuntimeError(f"device={name!r} but PyTorch sees no CUDA GPU: leave it out (or write 'cpu') "
                           "to run on the CPU.")
    if chosen.type == "cuda" and chosen.index is not None and chosen.index >= torch.cuda.device_count():
        raise RuntimeError(f"device={name!r} but PyTorch sees {torch.cuda.device_count()} GPU(s), numbered "
                           f"from 0: use cuda:0 to cuda:{torch.cuda.device_count() - 1}.")
    _chosen["device"] = chosen
    return chosen


def device():
    """The `torch.device` the course trains on: the one `helpers.start(device=...)`
    chose, else CUDA when PyTorch sees a GPU, else the CPU."""
    return _chosen["device"] or torch.device("cuda" if torch.cuda.is_available() else "cpu")


@contextlib.contextmanager
def one_thread():
    """Run the block with PyTorch on one thread, then put the thread count back. The
    course's small networks (the widgets, the playground) train several times faster so
    when the computer is busy (a browser beside the kernel): a few hundred numbers per
    step are too few to share between threads (README, "Speed", has the measurements)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def finite_number(value, name):
    """`value` (a Python or NumPy number, or a one-element tensor or array) as a float.
    Anything else raises TypeError, NaN or infinity ValueError; both messages name
    `name` and say what to give instead."""
    if (isinstance(value, torch.Tensor) and value.numel() == 1) or (isinstance(value, np.ndarray) and value.size == 1):
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


# The versions the course is tested with (requirements.txt pins the same).
TESTED_WITH = {"torch": "2.14.1", "torchvision": "0.29.1", "numpy": "2.4.6",
               "matplotlib": "3.11.2", "ipywidgets": "8.1.9", "tqdm": "4.70.1",
               "anywidget": "0.11.0"}      # every course widget is an anywidget (widgets/scene.py)


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


def lazy_namespace(package, modules, kind):
    """The module-level `__getattr__` and `__dir__` of a package (helpers.plots,
    helpers.widgets) whose `<package>.<name>` finds the name in whichever of `modules`
    defines it, importing only that module. Names a module imported (np, plt, ...) are
    not its own; a missing name is an AttributeError naming the `kind` of thing sought."""
    def own(module):
        found = vars(importlib.import_module(f".{module}", package))
        return {n: v for n, v in found.items() if not n.startswith("_") and not isinstance(v, types.ModuleType)
                and (v.__module__.startswith(package) if isinstance(v, (types.FunctionType, type)) else True)}

    def __getattr__(name):
        for module in () if name.startswith("_") else modules:     # Jupyter's probes import nothing
            found = own(module)
            if name in found:
                return found[name]
        raise AttributeError(f"{package} has no {kind} named {name!r}.")

    def __dir__():
        return sorted({n for m in modules for n in own(m)} | set(modules))
    return __getattr__, __dir__
