"""The benchmark code (benchmarks/) runs, and the course's helpers hold none of it."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import widget_changes  # noqa: E402


@pytest.mark.parametrize("name", list(widget_changes.BENCHMARKS))
def test_each_widget_benchmark_makes_one_real_change_per_call(name):
    change = widget_changes.BENCHMARKS[name]()
    change()
    change()        # each call must be a real change (no exception, nothing cached away)


def test_helpers_hold_no_benchmark_code():
    for path in (ROOT / "helpers").rglob("*.py"):
        text = path.read_text()
        assert "BENCHMARKS" not in text and "def _bench" not in text, path
