"""The course's widgets: the perceptron, activation and softmax explorers (notebooks 02,
04, 06), the network playground (09a) and the draw-a-digit pad (11). Each has a static
twin that draws the same view as a figure, for the stored notebooks and the slides.

    from helpers import widgets
    widgets.perceptron_explorer(gate="AND")     # any widget or figure, by name

- `explorers`: the three explorers and their figures;
- `playground_model`: the playground's logic (`Playground`), without a widget;
- `playground_view`: the playground widget (`playground`) and its figures;
- `drawing`: the drawing pad (`digit_canvas`), MNIST-style preprocessing, its figure;
- `scene`: what a widget shows, drawn live in the browser and as a static figure.

`widgets.<name>` finds the name in whichever of these modules defines it, importing only
that module (and ipywidgets only for the widgets themselves).
"""
import importlib
import types

_MODULES = ("explorers", "playground_model", "playground_view", "drawing", "scene")


def _defined_here(value):
    if isinstance(value, (types.FunctionType, type)):
        return value.__module__.startswith(__name__)
    return not isinstance(value, types.ModuleType)


def __getattr__(name):
    if not name.startswith("_"):
        for module in _MODULES:
            found = getattr(importlib.import_module(f".{module}", __name__), name, None)
            if found is not None and _defined_here(found):
                return found
    raise AttributeError(f"helpers.widgets has no widget or figure named {name!r}.")


def __dir__():
    names = {n for m in _MODULES for n, v in vars(importlib.import_module(f".{m}", __name__)).items()
             if not n.startswith("_") and _defined_here(v)}
    return sorted(names | set(_MODULES))
