"""Run every test, and every notebook kernel nbval starts, on the data and device that
made the stored outputs (tests/environments.py: CONTENT_ENV), with one thread and pinned
MKL unless you set OMP_NUM_THREADS, MKL_NUM_THREADS or MKL_CBWR yourself (FLOAT_ENV):
the stored outputs must hold either way."""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "tests"))
from environments import environment_for_tests  # noqa: E402

os.environ.update(environment_for_tests(os.environ))
os.environ.pop("MPLBACKEND", None)            # an Agg backend would drop the stored figures
