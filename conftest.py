"""Run every test, and every notebook kernel nbval starts, in the environment that
made the stored outputs (see helpers/runtime.py: REPRODUCIBLE_ENV)."""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from helpers.runtime import REPRODUCIBLE_ENV  # noqa: E402

os.environ.update(REPRODUCIBLE_ENV)
os.environ.pop("COURSE_FIGURES_DIR", None)    # running the tests never writes figures/
os.environ.pop("MPLBACKEND", None)            # an Agg backend would drop the stored figures
