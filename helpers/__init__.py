"""Plumbing for the course notebooks: data, models, the training loop's packaging,
figures, widgets and exercise checks. The ideas themselves are written in the notebooks;
`helpers.lecture` is generated from their cells marked `#| export`.

    import helpers
    from helpers import data, plots, training     # import what a notebook needs
    device = helpers.start()                       # seed, figure style, device, in one line

Modules: `lecture` (generated: the step function, the perceptron rule, softmax, one
training epoch, ...), `runtime` (seeds, device, versions), `data` (MNIST, small sets,
names), `record` (the measured full-MNIST figures), `models` (activations, `mlp`,
parameter counts), `training` (batches, progress bar, `fit`), `gates` (truth tables),
`features` (notebook 01's hand-crafted features), `plots` (style and figures),
`widgets` (explorers, the playground, the drawing pad), `checks` (the exercises).
Each is imported only when used, so `import helpers` stays fast.
"""
import importlib

__all__ = ["start", "lecture", "runtime", "data", "record", "models", "training", "gates", "features", "plots",
           "widgets", "checks"]


def start(seed=0, device=None, projector=False):
    """Seed every generator, apply the course's figure style, choose the device and
    print it. Returns the `torch.device` the notebook should use.

    device: None (the GPU when PyTorch sees one, else the CPU), "cpu" or "cuda".
    projector: True enlarges the figures' and widgets' text and lines for a lecture
    hall (`plots.use_course_style`). In a notebook, every figure is then shown with its
    text alternative (`plots.show_alt_text`)."""
    from . import plots, runtime

    runtime.seed_everything(seed)
    plots.use_course_style(projector=projector)
    plots.show_alt_text()
    chosen = runtime.choose_device(device)
    print(f"helpers ready: seed {seed}, device {chosen.type}" + (", projector style" if projector else ""))
    return chosen


def __getattr__(name):
    if name in __all__:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
