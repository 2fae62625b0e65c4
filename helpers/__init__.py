"""Plumbing for the course notebooks, split by topic.

    from helpers import data, plots, training      # import what a notebook needs
    helpers.start()                                  # seed, style, device, in one line

Modules, by topic:
- `runtime` seeds, device, environment check; `data` MNIST and small 2-D sets;
- `plots` the course style and shared figures; `models` MLP builders, parameter counts,
  the step function (taught in 02);
- `training` batches, the fit loop of 08, evaluation, speed measurements; `backprop`
  07's backward pass in matrix form, offered by name: fit(..., backward="by hand");
- `checks` the "Your turn" exercises (one module per notebook topic);
- `widgets` the perceptron, activation and softmax explorers; `playground`,
  `playground_ui` the network playground (09a); `render` the widgets' figures as PNGs;
- notebook-specific figures and tools: `features` (01), `neurons` (02-03),
  `xor_plots` (03), `softmax_plots` (06), `graphs` (07), `training_plots` (09-10),
  `recipe` (11).
Each is imported only when used, so `import helpers` stays fast.
"""
import importlib

__all__ = ["start", "runtime", "data", "plots", "models", "training", "backprop", "checks", "widgets",
           "render", "playground", "playground_ui", "features", "neurons", "xor_plots", "softmax_plots", "graphs",
           "training_plots", "recipe"]


def start(seed=0):
    """Seed every generator, apply the course's figure style, and print the device.

    Returns the `torch.device` the notebook should use (CUDA when present).
    """
    from . import plots, runtime

    runtime.seed_everything(seed)
    plots.use_course_style()
    device = runtime.device()
    print(f"helpers ready: seed {seed}, device {device.type}")
    return device


def __getattr__(name):
    if name in __all__:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
