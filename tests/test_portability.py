"""The stored notebook outputs hold on another floating-point path, not only on the
machine that stored them (CONTRIBUTING.md: "Portable outputs").

nbval re-runs every notebook under tests/environments.py: PERTURBED_ENV: PyTorch's portable
CPU kernels instead of the vectorised ones, two threads, MKL free to choose its path.
Those change the last bits of float results the way another CPU (an AMD laptop, an ARM
Mac, a CI runner) does; an output that depends on those bits fails here. The same run
measures the text of every figure the notebooks draw (tests/overlap.py): no two texts may
overlap."""
import json
import os
import subprocess
import sys
from pathlib import Path

import overlap
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


PERTURBED_ALREADY = pytest.mark.skipif(os.environ.get("ATEN_CPU_CAPABILITY") == PERTURBED_ENV["ATEN_CPU_CAPABILITY"],
                                       reason="this run is already the perturbed one")


@pytest.fixture(scope="module")
def perturbed_run(tmp_path_factory):
    """Every notebook re-run by nbval under PERTURBED_ENV, each kernel measuring the text
    of every figure it draws (tests/overlap.py): (the finished process, the overlap log)."""
    tmp = tmp_path_factory.mktemp("perturbed")
    startup = tmp / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    log = tmp / "overlaps.jsonl"
    (startup / "00-overlap.py").write_text(overlap.startup_file(log), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in FLOAT_ENV}
    env.update(PERTURBED_ENV, IPYTHONDIR=str(tmp / "ipython"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "tests"), os.environ.get("PYTHONPATH")])))
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "overlap", "notebooks"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500)
    return run, log


@PERTURBED_ALREADY
def test_notebooks_match_their_stored_outputs_on_another_floating_point_path(perturbed_run):
    run, _ = perturbed_run
    summary = run.stdout[-6000:]
    assert run.returncode == 0, ("Some stored outputs differ on another floating-point path "
                                 f"({PERTURBED_ENV}); see CONTRIBUTING.md, 'Portable outputs':\n{summary}")
    assert " passed" in summary.splitlines()[-1]


@PERTURBED_ALREADY
def test_no_notebook_draws_a_figure_with_overlapping_text(perturbed_run):
    run, log = perturbed_run
    assert " passed" in run.stdout, f"the notebooks did not run:\n{run.stdout[-3000:]}"
    found = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    lines = {f"  {f['notebook']} code cell [{f['cell']}] ({f['title'] or 'untitled'}): "
             + "; ".join(f"{a!r} over {b!r}" for a, b in f["pairs"]) for f in found}
    assert not found, ("Figures with overlapping text (move, shorten or drop one of each pair):\n"
                       + "\n".join(sorted(lines)))


def test_the_overlap_measure_finds_overlapping_text_and_passes_text_apart():
    import matplotlib.pyplot as plt
    reports = []
    stop = overlap.watch(lambda title, pairs: reports.append((title, pairs)))
    try:
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.set(xticks=[], yticks=[])            # only our texts: a style set by an earlier test (larger
        ax.set_title("apart")                   # tick labels) may make the two 0.0 ticks at the corner touch
        ax.text(0.1, 0.5, "left", transform=ax.transAxes)
        ax.text(0.7, 0.5, "right", transform=ax.transAxes)
        fig.canvas.draw()
        assert reports == []
        ax.text(0.12, 0.51, "on top of left", transform=ax.transAxes)
        fig.canvas.draw()
        assert reports == [("apart", [("left", "on top of left")])]
    finally:
        stop()
