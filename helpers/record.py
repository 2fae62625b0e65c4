"""The measured full-MNIST figures: `scripts/measure_full_mnist.py` trains on the full
60,000/10,000 set and writes `helpers/full_mnist_record.json`; notebooks 08 and 11 read
it here instead of typing numbers."""
import json
from pathlib import Path

RECORD_PATH = Path(__file__).resolve().parent / "full_mnist_record.json"


def full_mnist_record():
    """The measured full-MNIST figures: a dict with "measurements" (name -> entry) and
    how and where they were measured."""
    if not RECORD_PATH.exists():
        raise FileNotFoundError(f"No full-MNIST record at {RECORD_PATH}: run `python scripts/measure_full_mnist.py` "
                                "on a machine with full MNIST to write it (or reinstall the course).")
    return json.loads(RECORD_PATH.read_text(encoding="utf-8"))


def record_entry(name):
    """One measurement of the record by name, e.g. "nb11_recipe"."""
    entries = full_mnist_record()["measurements"]
    if name not in entries:
        raise KeyError(f"The full-MNIST record has no measurement {name!r}; it has {', '.join(entries)}.")
    return entries[name]


def describe_entry(entry):
    """One line for a notebook: the recipe's test accuracy on full MNIST over its seeds,
    its training time (wall clock and processor time) and where it was measured."""
    acc, machine = entry["test_accuracy"], entry["machine"]
    load = machine.get("load_average_before")
    return (f"{entry['recipe']}: {100 * acc['mean']:.1f}% test accuracy on full MNIST "
            f"(mean of {len(acc['per_seed'])} seeds, {100 * acc['min']:.1f}-{100 * acc['max']:.1f}%); "
            f"training {entry['train_seconds']['mean']:.0f} s wall clock, "
            f"{entry['train_cpu_seconds']['mean']:.0f} s processor time, {machine['threads']} thread(s) of "
            f"{machine['cpu']}" + (f", load average {load[0]:.1f}" if load else "") + f" ({entry['date']})")
