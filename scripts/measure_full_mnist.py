"""Measure, on full MNIST, every full-MNIST figure the course states, and record them.

    python scripts/measure_full_mnist.py                  # every measurement
    python scripts/measure_full_mnist.py nb11_recipe      # some of them (the others are kept)
    python scripts/measure_full_mnist.py --list           # what is registered
    python scripts/measure_full_mnist.py --seeds 0 1 2 3 --threads 2

Writes helpers/full_mnist_record.json (each entry: the recipe, data sizes, seeds, test
accuracy mean/min/max over the seeds, training seconds, machine, threads, torch version,
date) and prints a markdown table for the README. Notebooks read the record instead of
quoting numbers nobody measured (`helpers.record.record_entry(name)`).

Needs the full MNIST (60,000/10,000) in COURSE_DATA_DIR (default ~/.cache/nn-course)
in torchvision's layout MNIST/raw/<four uncompressed IDX files>; it never downloads.

Add a measurement: write `def f(data, seed)` that trains on `data.train` (an
`helpers.data.MNIST`), times only the training with `timed(...)`, and returns
`result(model_accuracy, timing, epochs=...)`; decorate it with
`@measurement("name", recipe="...", cited_in=[...], config={...})`.
"""
import argparse
import datetime
import json
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from torch import nn  # noqa: E402

from helpers import data as course_data  # noqa: E402
from helpers import training  # noqa: E402
from helpers.lecture import evaluate  # noqa: E402

RECORD = ROOT / "helpers" / "full_mnist_record.json"
FULL_SIZES = (60_000, 10_000)
DEFAULT_SEEDS = (0, 1, 2)


@dataclass
class Measurement:
    name: str
    recipe: str                      # one line a reader understands
    run: object                      # run(data, seed) -> dict from `result`
    cited_in: list = field(default_factory=list)
    config: dict = field(default_factory=dict)


REGISTRY = {}


def measurement(name, *, recipe, cited_in=(), config=None):
    """Register `run(data, seed)` under `name` (see the module docstring)."""
    def register(run):
        if name in REGISTRY:
            raise ValueError(f"A measurement named {name!r} is registered twice.")
        REGISTRY[name] = Measurement(name, recipe, run, list(cited_in), dict(config or {}))
        return run
    return register


def timed(train):
    """Run train() and return (what it returned, wall seconds, CPU seconds)."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = train()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def result(test_accuracy, wall, cpu, *, epochs, train_images, validation_images=0):
    return {"test_accuracy": float(test_accuracy), "train_seconds": float(wall), "train_cpu_seconds": float(cpu),
            "epochs": int(epochs), "train_images": int(train_images), "validation_images": int(validation_images)}


def lecture_mlp():
    return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


# ------------------------------------------------------------------ the measurements

@measurement("nb08_lecture_sgd",
             recipe="784-128-10 ReLU, CrossEntropyLoss, SGD lr 0.01, batch 64, 10 epochs (the lecture's loop)",
             cited_in=["notebooks/08_training_loop_mnist.ipynb", "notebooks/11_practical_recipe.ipynb"],
             config={"sizes": [784, 128, 10], "optimizer": "SGD", "lr": 0.01, "batch_size": 64, "epochs": 10,
                     "path": "helpers.training.fit (notebook 08's train_epoch, autograd)"})
def nb08_lecture_sgd(data, seed):
    torch.manual_seed(seed)
    model = lecture_mlp()
    _, wall, cpu = timed(lambda: training.fit(model, data.train, epochs=10, lr=0.01, batch_size=64))
    return result(evaluate(model, *data.test)[1], wall, cpu, epochs=10, train_images=len(data.train_y))


VALIDATION_FRACTION = 1 / 12     # 5,000 of the 60,000 training images


def split_validation(data):
    """The same held-out validation images for every seed, exactly as notebook 11
    splits them: data.split(..., test_fraction=1/12, seed=0)."""
    return course_data.split(data.train_x, data.train_y, test_fraction=VALIDATION_FRACTION, seed=0)


@measurement("nb11_recipe",
             recipe=("784-128-10 ReLU, CrossEntropyLoss, Adam lr 0.001, batch 64, at most 10 epochs, "
                     "stop when the validation loss has not improved for 2 epochs (best weights kept)"),
             cited_in=["notebooks/11_practical_recipe.ipynb"],
             config={"sizes": [784, 128, 10], "optimizer": "Adam", "lr": 0.001, "batch_size": 64, "max_epochs": 10,
                     "patience": 2, "validation": "1/12 of the training images (5,000 of 60,000), data.split(seed=0)",
                     "path": "helpers.training.fit with optimizer=Adam (autograd)"})
def nb11_recipe(data, seed):
    train, val = split_validation(data)
    torch.manual_seed(seed)
    model = lecture_mlp()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    history, wall, cpu = timed(lambda: training.fit(model, train, val=val, epochs=10, patience=2, batch_size=64,
                                                    optimizer=optimizer))
    return result(evaluate(model, *data.test)[1], wall, cpu, epochs=len(history["train_loss"]),
                  train_images=len(train[1]), validation_images=len(val[1]))


@measurement("nb11_slide_20_lines",
             recipe=("the slide's 'MNIST in 20 lines': torchvision MNIST + ToTensor, DataLoader(batch_size=64, "
                     "shuffle=True), Flatten-784-128-10, Adam lr 0.001, 5 epochs"),
             cited_in=["notebooks/11_practical_recipe.ipynb"],
             config={"sizes": [784, 128, 10], "optimizer": "Adam", "lr": 0.001, "batch_size": 64, "epochs": 5,
                     "path": "torchvision.datasets.MNIST + DataLoader + autograd, as on the slide"})
def nb11_slide_20_lines(data, seed):
    import torchvision
    from torch.utils.data import DataLoader, Subset
    from torchvision import transforms

    root = data.torchvision_root
    train_set = torchvision.datasets.MNIST(root, train=True, transform=transforms.ToTensor())
    test_set = torchvision.datasets.MNIST(root, train=False, transform=transforms.ToTensor())
    if len(train_set) > len(data.train_y):         # a stand-in smaller than the files: use its size
        train_set = Subset(train_set, range(len(data.train_y)))
        test_set = Subset(test_set, range(len(data.test_y)))
    torch.manual_seed(seed)
    loader = DataLoader(train_set, batch_size=64, shuffle=True)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    criterion, optimizer = nn.CrossEntropyLoss(), torch.optim.Adam(model.parameters(), lr=0.001)

    def train():
        for _ in range(5):
            for images, labels in loader:
                loss = criterion(model(images), labels)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()

    _, wall, cpu = timed(train)
    model.eval()
    correct = 0
    with torch.no_grad():
        for images, labels in DataLoader(test_set, batch_size=1000):
            correct += (model(images).argmax(1) == labels).sum().item()
    return result(correct / len(test_set), wall, cpu, epochs=5, train_images=len(train_set))


# ------------------------------------------------------------------ running and recording

def _stats(values):
    return {"mean": sum(values) / len(values), "min": min(values), "max": max(values), "per_seed": list(values)}


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "threads": torch.get_num_threads(), "torch": torch.__version__,
            "python": platform.python_version(), "system": f"{platform.system()} {platform.machine()}"}


def matmul_gflops(size=1024, seconds=0.3):
    """How fast this machine multiplies float32 matrices right now (GFLOP/s, torch's
    threads): measured beside each measurement, so that timings taken on a busy or
    slow machine can be compared with the README's reference machine."""
    a, b = torch.randn(size, size), torch.randn(size, size)
    a @ b                                           # warm-up
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        a @ b
        done += 1
    return round(2 * size ** 3 * done / (time.perf_counter() - start) / 1e9, 1)


def _load():
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except OSError:
        return None


def measure(names, data, seeds=DEFAULT_SEEDS, echo=print):
    """Run the named measurements on `data` (an MNIST with .train/.test and a
    `torchvision_root` attribute) for each seed; returns {name: record entry}."""
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise SystemExit(f"Unknown measurement(s) {', '.join(unknown)}; registered: {', '.join(REGISTRY)}.")
    if not seeds:
        raise SystemExit("Give at least one seed.")
    entries = {}
    for name in names:
        m = REGISTRY[name]
        load_before, rate_before = _load(), matmul_gflops()
        runs = []
        for seed in seeds:
            run = m.run(data, seed)
            echo(f"{name} seed {seed}: test accuracy {100 * run['test_accuracy']:.2f}%, "
                 f"{run['train_seconds']:.1f} s training ({run['train_cpu_seconds']:.1f} s CPU), "
                 f"{run['epochs']} epochs")
            runs.append(run)
        entries[name] = {
            "recipe": m.recipe, "cited_in": m.cited_in, "config": m.config,
            "data": {"source": data.source, "train_images": runs[0]["train_images"],
                     "validation_images": runs[0]["validation_images"], "test_images": len(data.test_y)},
            "seeds": list(seeds),
            "test_accuracy": _stats([r["test_accuracy"] for r in runs]),
            "train_seconds": _stats([r["train_seconds"] for r in runs]),
            "train_cpu_seconds": _stats([r["train_cpu_seconds"] for r in runs]),
            "epochs": [r["epochs"] for r in runs],
            "machine": dict(machine(), load_average_before=load_before, load_average_after=_load(),
                            matmul_gflops_before=rate_before, matmul_gflops_after=matmul_gflops()),
            "date": datetime.date.today().isoformat(),
        }
    return entries


def write_record(entries, path=RECORD):
    """Merge `entries` into the record at `path` (other measurements are kept)."""
    path = Path(path)
    record = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    record.setdefault("about", "Figures measured on full MNIST by scripts/measure_full_mnist.py; "
                               "the course quotes these and nothing else for full MNIST.")
    record.setdefault("measurements", {}).update(entries)
    path.write_text(json.dumps(record, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return record


def markdown_table(record):
    """The README's table: one row per measurement."""
    rows = ["| measurement | recipe | test accuracy, mean (min-max) | training time, mean | seeds | machine |",
            "|---|---|---|---|---|---|"]
    for name, e in record["measurements"].items():
        a, t, mach = e["test_accuracy"], e["train_seconds"], e["machine"]
        rows.append(f"| `{name}` | {e['recipe']} | {100 * a['mean']:.1f}% ({100 * a['min']:.1f}-{100 * a['max']:.1f}%) "
                    f"| {t['mean']:.1f} s | {len(e['seeds'])} | {mach['threads']} threads, {mach['cpu']}, "
                    f"torch {mach['torch']}, load {mach['load_average_before']}, "
                    f"matmul {mach['matmul_gflops_before']} GFLOP/s, {e['date']} |")
    return "\n".join(rows)


NOT_THERE = """Full MNIST is not in {raw}.
This script measures full-MNIST figures only, and never downloads. To get the data:
  * with internet: python -c "from helpers import data; data.load_mnist('full')"
    (torchvision downloads the 60,000/10,000 set into {root}), or
  * put the four uncompressed IDX files ({files}) into {raw},
    or point COURSE_DATA_DIR at a folder that has them in MNIST/raw/.
"""


def load_full():
    """Full MNIST from COURSE_DATA_DIR, or None (with the message printed) when it is not there."""
    root = course_data.data_dir()
    raw = root / "MNIST" / "raw"
    if not all((raw / f).exists() for f in course_data.MNIST_FILES):
        print(NOT_THERE.format(raw=raw, root=root, files=", ".join(course_data.MNIST_FILES)), file=sys.stderr)
        return None
    mnist = course_data.load_mnist("full", verbose=False)
    if (len(mnist.train_y), len(mnist.test_y)) != FULL_SIZES:
        print(f"The MNIST in {raw} has {len(mnist.train_y):,}/{len(mnist.test_y):,} images, not "
              f"60,000/10,000: this is not the full set.", file=sys.stderr)
        return None
    mnist.torchvision_root = str(root)
    return mnist


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="measurements to run (default: all)")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(DEFAULT_SEEDS))
    parser.add_argument("--threads", type=int, default=2, help="torch threads (default 2, a 2-core laptop)")
    parser.add_argument("--out", type=Path, default=RECORD)
    parser.add_argument("--list", action="store_true", help="list the measurements and stop")
    args = parser.parse_args(argv)
    if args.list:
        for m in REGISTRY.values():
            print(f"{m.name}: {m.recipe}")
        return 0
    if args.threads < 1:
        parser.error(f"--threads must be 1 or more, not {args.threads}")
    mnist = load_full()
    if mnist is None:
        return 2
    torch.set_num_threads(args.threads)
    os.environ["TQDM_DISABLE"] = "1"
    entries = measure(args.names or list(REGISTRY), mnist, tuple(args.seeds))
    record = write_record(entries, args.out)
    print(f"\nwritten: {args.out}\n")
    print(markdown_table(record))
    return 0


if __name__ == "__main__":
    sys.exit(main())
