"""The stored notebook outputs hold on another floating-point path, not only on the
machine that stored them (CONTRIBUTING.md: "Portable outputs").

nbval re-runs every notebook under tests/environments.py: PERTURBED_ENV: PyTorch's portable
CPU kernels instead of the vectorised ones, two threads, MKL free to choose its path.
Those change the last bits of float results the way another CPU (an AMD laptop, an ARM
Mac, a CI runner) does; an output that depends on those bits fails here."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from environments import CONTENT_ENV, FLOAT_ENV, PERTURBED_ENV, environment_for_tests

ROOT = Path(__file__).resolve().parent.parent


def test_environment_for_tests_keeps_the_data_and_your_float_settings():
    assert environment_for_tests({})["OMP_NUM_THREADS"] == "1"
    env = environment_for_tests({"OMP_NUM_THREADS": "2", "COURSE_MNIST": "full"})
    assert env["OMP_NUM_THREADS"] == "2" and "MKL_CBWR" not in env      # yours, and no pinned MKL
    assert env["COURSE_MNIST"] == "subset" and env["CUDA_VISIBLE_DEVICES"] == ""   # the stored outputs' data, CPU
    assert set(CONTENT_ENV) <= set(env) and not set(FLOAT_ENV) & set(CONTENT_ENV)


def test_the_kernels_of_the_tests_see_no_gpu_and_the_subset():
    """The suite's own process (and so every kernel nbval starts) runs in CONTENT_ENV."""
    import torch

    assert os.environ["COURSE_MNIST"] == "subset" and not torch.cuda.is_available()


@pytest.mark.skipif(os.environ.get("ATEN_CPU_CAPABILITY") == PERTURBED_ENV["ATEN_CPU_CAPABILITY"],
                    reason="this run is already the perturbed one")
def test_notebooks_match_their_stored_outputs_on_another_floating_point_path():
    env = {k: v for k, v in os.environ.items() if k not in FLOAT_ENV}
    env.update(PERTURBED_ENV)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0",
                          "notebooks"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500)
    summary = run.stdout[-6000:]
    assert run.returncode == 0, ("Some stored outputs differ on another floating-point path "
                                 f"({PERTURBED_ENV}); see CONTRIBUTING.md, 'Portable outputs':\n{summary}")
    assert " passed" in summary.splitlines()[-1]
