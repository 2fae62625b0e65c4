"""helpers.record: the record scripts/measure_full_mnist.py writes (helpers/full_mnist_record.json).

Full MNIST is not needed: the registry runs on a small stand-in cut from the shipped
subset to check what a record entry holds; the stored record is checked for having been
measured on the full 60,000/10,000 set; and every full-MNIST figure that notebook 11's
text quotes must be one the record holds."""
import importlib.util
import json
import re
from pathlib import Path

import pytest
import torch

from helpers import data, record

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "11_practical_recipe.ipynb"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("measure_full_mnist", ROOT / "scripts" / "measure_full_mnist.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_entry(entry, seeds):
    """What every record entry must hold, and hold consistently."""
    assert isinstance(entry["recipe"], str) and entry["recipe"]
    for notebook in entry["cited_in"]:
        assert (ROOT / notebook).exists(), f"cited in a notebook that does not exist: {notebook}"
    assert entry["seeds"] == list(seeds)
    for key in ("test_accuracy", "train_seconds", "train_cpu_seconds"):
        stats = entry[key]
        values = stats["per_seed"]
        assert len(values) == len(seeds)
        assert stats["mean"] == pytest.approx(sum(values) / len(values))
        assert stats["min"] == min(values) and stats["max"] == max(values)
        assert all(v >= 0 for v in values)
    assert all(0 <= a <= 1 for a in entry["test_accuracy"]["per_seed"])
    assert len(entry["epochs"]) == len(seeds) and all(e >= 1 for e in entry["epochs"])
    d = entry["data"]
    assert d["train_images"] > 0 and d["test_images"] > 0 and d["validation_images"] >= 0
    m = entry["machine"]
    assert m["threads"] >= 1 and m["torch"] and m["cpu"] and m["cores"] >= 1
    assert m["matmul_gflops_before"] > 0 and m["matmul_gflops_after"] > 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", entry["date"])


@pytest.fixture(scope="module")
def stand_in():
    """A small MNIST cut from the shipped subset (not full MNIST, and labelled so).
    One torch thread while it is used: tiny batches gain nothing from two."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    subset = data.load_mnist("subset", verbose=False)
    small = data.MNIST(subset.train_x[:320], subset.train_y[:320], subset.test_x[:200], subset.test_y[:200],
                       source="stand-in: 320/200 images of the shipped subset")
    small.torchvision_root = str(data.SUBSET_ROOT)
    yield small
    torch.set_num_threads(threads)


def test_every_measurement_runs_and_records_its_format(script, stand_in, tmp_path):
    seeds = (0, 1)
    entries = script.measure(list(script.REGISTRY), stand_in, seeds, echo=lambda line: None)
    assert set(entries) == set(script.REGISTRY) >= {"nb08_lecture_sgd", "nb11_recipe", "nb11_slide_20_lines"}
    for name, entry in entries.items():
        check_entry(entry, seeds)
        assert entry["data"]["source"].startswith("stand-in")
        assert entry["data"]["test_images"] == 200
        assert entry["data"]["train_images"] + entry["data"]["validation_images"] == 320, name
    assert entries["nb11_recipe"]["data"]["validation_images"] == round(320 / 12)
    out = tmp_path / "record.json"
    record = script.write_record(entries, out)
    assert json.loads(out.read_text()) == record
    table = script.markdown_table(record).splitlines()
    assert len(table) == 2 + len(entries)
    for row, (name, entry) in zip(table[2:], entries.items()):      # each row: its entry's own numbers
        cells = [c.strip() for c in row.strip("|").split("|")]
        accuracy = [100 * a for a in entry["test_accuracy"]["per_seed"]]
        seconds = entry["train_seconds"]["per_seed"]
        assert cells[0] == f"`{name}`" and cells[1] == entry["recipe"]
        assert cells[2] == f"{sum(accuracy) / len(accuracy):.1f}% ({min(accuracy):.1f}-{max(accuracy):.1f}%)"
        assert cells[3] == f"{sum(seconds) / len(seconds):.1f} s" and cells[4] == str(len(seeds))


def test_the_same_seed_measures_the_same_accuracy(script, stand_in):
    run = script.REGISTRY["nb08_lecture_sgd"].run
    assert run(stand_in, 3)["test_accuracy"] == run(stand_in, 3)["test_accuracy"]


def test_write_record_keeps_the_other_measurements(script, tmp_path):
    out = tmp_path / "record.json"
    script.write_record({"a": {"x": 1}}, out)
    record = script.write_record({"b": {"x": 2}}, out)
    assert set(record["measurements"]) == {"a", "b"}
    assert json.loads(out.read_text())["measurements"]["a"] == {"x": 1}


def test_unknown_names_and_missing_seeds_are_refused(script, stand_in):
    with pytest.raises(SystemExit, match="registered: nb08_lecture_sgd"):
        script.measure(["nb99"], stand_in)
    with pytest.raises(SystemExit, match="at least one seed"):
        script.measure(["nb11_recipe"], stand_in, seeds=())


def test_refuses_without_full_mnist_and_says_how_to_get_it(script, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    (raw / data.MNIST_FILES[0]).write_bytes(b"")          # one of four files is not the set
    out = tmp_path / "record.json"
    assert script.main(["--out", str(out)]) == 2
    message = capsys.readouterr().err
    assert str(raw) in message and "load_mnist('full')" in message and "never downloads" in message
    assert not out.exists()
    assert sorted(p.name for p in raw.iterdir()) == [data.MNIST_FILES[0]]      # nothing touched


def test_refuses_a_set_that_is_not_60000_10000(script, tmp_path, monkeypatch, capsys):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name in data.MNIST_FILES:                           # the shipped subset under full MNIST's name
        (raw / name).write_bytes((data.SUBSET_ROOT / "MNIST" / "raw" / name).read_bytes())
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    assert script.main(["--out", str(tmp_path / "record.json")]) == 2
    assert "4,000/1,000 images, not 60,000/10,000" in capsys.readouterr().err


# ------------------------------------------------------------------ the stored record

@pytest.fixture(scope="module")
def stored():
    return record.full_mnist_record()


def test_the_stored_record_was_measured_on_full_mnist(script, stored):
    assert set(stored["measurements"]) == set(script.REGISTRY), "run scripts/measure_full_mnist.py for the new ones"
    for name, entry in stored["measurements"].items():
        check_entry(entry, entry["seeds"])
        assert len(entry["seeds"]) >= 3, f"{name}: measure over at least 3 seeds"
        d = entry["data"]
        assert d["source"] == "full MNIST", name
        assert (d["train_images"] + d["validation_images"], d["test_images"]) == (60_000, 10_000), name
        assert entry["recipe"] == script.REGISTRY[name].recipe, f"{name}: the recipe changed since it was measured"


def test_notebook_11s_recipe_reaches_97_5_percent_on_every_seed(stored):
    assert record.record_entry("nb11_recipe")["test_accuracy"]["min"] >= 0.975


def _quoted(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return text, re.findall(r"\b(\d{2}\.\d)%", text)


def test_every_full_mnist_figure_in_notebook_11_is_in_the_record(stored):
    text, quoted = _quoted(NOTEBOOK)
    recorded = {f"{100 * e['test_accuracy'][k]:.1f}" for e in stored["measurements"].values()
                for k in ("mean", "min", "max")}
    lecture = {"97.5"}                       # the target, not a measurement
    assert quoted, "notebook 11 quotes no full-MNIST figure"
    unknown = sorted(set(quoted) - recorded - lecture)
    assert not unknown, f"notebook 11 quotes {unknown}% but the record holds {sorted(recorded)}"
    seconds = {f"{e['train_cpu_seconds']['mean']:.0f}" for e in stored["measurements"].values()}
    quoted_seconds = re.findall(r"(\d+) s (?:of )?processor time", text)   # the prose may quote none
    assert set(quoted_seconds) <= seconds, f"notebook 11 quotes {quoted_seconds} s processor time; recorded: {seconds}"


def test_describe_entry_says_what_the_entry_holds(stored):
    entry = record.record_entry("nb11_recipe")
    acc, seconds, machine = entry["test_accuracy"], entry["train_seconds"], entry["machine"]
    line = record.describe_entry(entry)
    assert line.startswith(f"{entry['recipe']}: {100 * acc['mean']:.1f}% test accuracy on full MNIST (mean of "
                           f"{len(acc['per_seed'])} seeds, {100 * acc['min']:.1f}-{100 * acc['max']:.1f}%); training "
                           f"{seconds['mean']:.0f} s wall clock, {entry['train_cpu_seconds']['mean']:.0f} s processor "
                           f"time, {machine['threads']} thread(s) of {machine['cpu']}")
    assert line.endswith(f" ({entry['date']})")


def test_a_missing_record_or_measurement_says_what_to_do(tmp_path, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(record, "RECORD_PATH", tmp_path / "none.json")
        with pytest.raises(FileNotFoundError, match="run `python scripts/measure_full_mnist.py`"):
            record.full_mnist_record()
    with pytest.raises(KeyError, match="has no measurement 'nb99'; it has .*nb11_recipe"):
        record.record_entry("nb99")
