"""The course's figures: its style and colours, and every figure the notebooks draw,
grouped by kind. Each function draws on a new figure and returns it; the notebook shows
it, and `scripts/regenerate.py` writes it to figures/ from the stored output (the cell's
metadata names the file).

    from helpers import plots
    fig = plots.image_grid(mnist.test_x[:20], labels, predicted)   # any figure, by name

- `style`: the style (`use_course_style`), colours, points by class, image grids;
- `boundaries`: classifiers on the plane (decision boundary, gates, XOR's spaces);
- `curves`: activations, training runs, losses, fits;
- `bars`: counts, probabilities, features and accuracies;
- `images`: digits, weights, activations, fields, the confusion matrix;
- `diagrams`: a network's neurons and weights, a computational graph.

`plots.<name>` finds the function in whichever of these modules defines it, importing
only that module.
"""
import importlib
import types

_MODULES = ("style", "boundaries", "curves", "bars", "images", "diagrams")


def __getattr__(name):
    if not name.startswith("_"):
        for module in _MODULES:
            found = getattr(importlib.import_module(f".{module}", __name__), name, None)
            if found is not None and _defined_here(found):
                return found
    raise AttributeError(f"helpers.plots has no figure or style named {name!r}.")


def _defined_here(value):
    """True for the course's own figures and constants, not for what a module imported (np, plt, ...)."""
    if isinstance(value, (types.FunctionType, type)):
        return value.__module__.startswith(__name__)
    return not isinstance(value, types.ModuleType)


def __dir__():
    names = {n for m in _MODULES for n, v in vars(importlib.import_module(f".{m}", __name__)).items()
             if not n.startswith("_") and _defined_here(v)}
    return sorted(names | set(_MODULES))
