"""The benchmark code (benchmarks/) runs, and each timed widget change changes the picture."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import widget_changes  # noqa: E402


@pytest.mark.parametrize("name", list(widget_changes.BENCHMARKS))
def test_each_widget_benchmark_makes_one_real_change_per_call(name):
    """A timed call that changes nothing (a slider set to the value it has) would make the
    benchmark report the cost of doing nothing: each call must send a new picture."""
    ui, change = widget_changes.BENCHMARKS[name]()
    for call in range(1, 4):
        before = ui.scene
        change()
        assert ui.scene != before, f"{name}: call {call} left the picture as it was"
