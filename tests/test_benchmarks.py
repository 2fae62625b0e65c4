"""The benchmark code (benchmarks/) runs, and the course's helpers hold none of it."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import widget_changes  # noqa: E402

BUILDERS = [(widget_changes.widgets, "perceptron_explorer"), (widget_changes.widgets, "activation_explorer"),
            (widget_changes.widgets, "softmax_explorer"), (widget_changes.playground_ui, "playground")]


@pytest.mark.parametrize("name", list(widget_changes.BENCHMARKS))
def test_each_widget_benchmark_makes_one_real_change_per_call(name, monkeypatch):
    """A timed call that changes nothing (a slider set to the value it has, a cached
    picture) would make the benchmark report the cost of doing nothing: each call must
    redraw the explorer's picture into a different one."""
    built = []

    def keeping(factory):
        def keep(*args, **kwargs):
            built.append(factory(*args, **kwargs))
            return built[-1]
        return keep
    for module, name_of_factory in BUILDERS:
        monkeypatch.setattr(module, name_of_factory, keeping(getattr(module, name_of_factory)))
    change = widget_changes.BENCHMARKS[name]()
    assert len(built) == 1, f"{name}: expected one explorer built, got {len(built)}"
    ui = built[0]
    for call in range(1, 4):
        before = ui.image.value
        change()
        assert ui.image.value != before, f"{name}: call {call} left the picture as it was"


def test_helpers_hold_no_benchmark_code():
    for path in (ROOT / "helpers").rglob("*.py"):
        text = path.read_text()
        assert "BENCHMARKS" not in text and "def _bench" not in text, path
