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
from ..runtime import lazy_namespace

_MODULES = ("style", "boundaries", "curves", "bars", "images", "diagrams")
__getattr__, __dir__ = lazy_namespace(__name__, _MODULES, "figure or style")
