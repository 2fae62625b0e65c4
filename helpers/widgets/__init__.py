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
from ..runtime import lazy_namespace

_MODULES = ("explorers", "playground_model", "playground_view", "drawing", "scene")
__getattr__, __dir__ = lazy_namespace(__name__, _MODULES, "widget or figure")
