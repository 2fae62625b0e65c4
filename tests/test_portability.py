"""The stored notebook outputs hold on another floating-point path, not only on the
machine that stored them (CONTRIBUTING.md: "Portable outputs"), and no figure a notebook
draws has overlapping text.

nbval runs under tests/environments.py: PERTURBED_ENV (the root conftest.py):
PyTorch's portable CPU kernels instead of the vectorised ones, two threads, MKL free to
choose its path, where scripts/regenerate.py stored the outputs with the vectorised
kernels, one thread and MKL pinned. Those change the last bits of float results the way
another CPU (an AMD laptop, an ARM Mac, a CI runner) does, so nbval's run of every
notebook fails on an output that depends on those bits. The same run measures the text
of every figure (tests/overlap.py): a cell whose figure has overlapping text fails."""
import json
import os
import subprocess
import sys
from pathlib import Path

import environments as envs
import nbformat
import overlap
from environments import CONTENT_ENV, FLOAT_ENV, PERTURBED_ENV, environment_for_tests

TESTS = Path(__file__).resolve().parent


def test_the_tests_run_on_another_floating_point_path_unless_you_choose_one():
    env = environment_for_tests({"COURSE_MNIST": "full"})
    assert {k: env[k] for k in PERTURBED_ENV} == PERTURBED_ENV and "MKL_CBWR" not in env
    assert env["COURSE_MNIST"] == "subset" and env["CUDA_VISIBLE_DEVICES"] == ""   # the stored outputs' data, CPU
    assert set(CONTENT_ENV) <= set(env) and env["OMP_WAIT_POLICY"] == "PASSIVE"
    header = envs.floating_point_path(env)
    assert header == "floating-point path: ATEN_CPU_CAPABILITY=default, OMP_NUM_THREADS=2, MKL_NUM_THREADS=2"
    env = environment_for_tests({"OMP_NUM_THREADS": "1", "MKL_CBWR": "AVX2", "OMP_WAIT_POLICY": "ACTIVE"})
    assert (env["OMP_NUM_THREADS"], env["MKL_CBWR"], env["OMP_WAIT_POLICY"]) == ("1", "AVX2", "ACTIVE")  # yours
    assert env["ATEN_CPU_CAPABILITY"] == "default" and env["MKL_NUM_THREADS"] == "2"      # the rest still apply
    assert environment_for_tests(env) == env                          # pytest-xdist's workers: the same again
    header = envs.floating_point_path(env)
    assert "OMP_NUM_THREADS=1 (yours)" in header and "MKL_CBWR=AVX2 (yours)" in header
    mine = envs.floating_point_path(environment_for_tests({"ATEN_CPU_CAPABILITY": "avx2"}))
    assert "ATEN_CPU_CAPABILITY=avx2 (yours)" in mine and "the check on its portable kernels did not run" in mine
    unchecked = envs.comparing_no_number(environment_for_tests({}))        # student copies, JupyterLab
    assert "ATEN_CPU_CAPABILITY" not in unchecked and {k: unchecked[k] for k in FLOAT_ENV} == FLOAT_ENV
    assert unchecked["COURSE_MNIST"] == "subset"


def test_this_run_measures_figures_and_runs_where_the_environment_says(pytestconfig):
    """The suite's own process (and so every kernel nbval starts) runs in the environment
    the root conftest.py made, PyTorch on the CPU kernels it names, the overlap plugin
    loaded."""
    import torch

    assert pytestconfig.pluginmanager.has_plugin("overlap")
    assert environment_for_tests(dict(os.environ)) == dict(os.environ)
    assert os.environ["COURSE_MNIST"] == "subset" and not torch.cuda.is_available()
    assert torch.backends.cpu.get_cpu_capability() == os.environ["ATEN_CPU_CAPABILITY"].upper()


def _figure_cell(*texts, then=""):
    """A cell drawing a figure titled 'two words' with `texts` ((x, y, text) in axes
    fractions) on it, then running `then`; its output is not compared."""
    lines = ["# NBVAL_IGNORE_OUTPUT", "import matplotlib.pyplot as plt", "fig, ax = plt.subplots(figsize=(4, 3))",
             "ax.set(xticks=[], yticks=[])", "ax.set_title('two words')"]
    lines += [f"ax.text({x}, {y}, {text!r}, transform=ax.transAxes)" for x, y, text in texts]
    return nbformat.v4.new_code_cell("\n".join([*lines, "plt.show()", then]))


def test_a_notebook_cell_that_draws_overlapping_text_fails_under_nbval(tmp_path):
    """The plugin the suite loads (tests/overlap.py), on a notebook of three figures: the
    one with text apart passes, the one with text on top of other text fails, naming both;
    a cell that fails for another reason shows its overlapping text beside its failure."""
    nb = nbformat.v4.new_notebook(cells=[_figure_cell((0.1, 0.5, "left"), (0.7, 0.5, "right")),
                                         _figure_cell((0.1, 0.5, "left"), (0.12, 0.51, "on top of left")),
                                         _figure_cell((0.5, 0.5, "here"), (0.51, 0.5, "there"),
                                                      then="raise RuntimeError('another reason')")])
    nbformat.write(nb, tmp_path / "figures.ipynb")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")]))}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "overlap",
                          "--nbval", "--nbval-current-env", "figures.ipynb", "-rf"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    out = run.stdout
    assert "2 failed, 1 passed" in out, out[-3000:]
    assert "two words: 'left' over 'on top of left'" in out and "'left' over 'right'" not in out
    assert "Captured overlapping text call" in out and "two words: 'here' over 'there'" in out, out[-3000:]
    assert "another reason" in out                              # nbval's own report of the failure


def test_the_overlap_measure_finds_overlapping_text_and_passes_text_apart(tmp_path):
    import matplotlib.pyplot as plt
    log = tmp_path / "log.jsonl"
    stop = overlap.watch(overlap.log_to(log))
    try:
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.set(xticks=[], yticks=[])            # only our texts: a style set by an earlier test (larger
        ax.set_title("apart")                   # tick labels) may make the two 0.0 ticks at the corner touch
        ax.text(0.1, 0.5, "left", transform=ax.transAxes)
        ax.text(0.7, 0.5, "right", transform=ax.transAxes)
        fig.canvas.draw()
        assert not log.exists()
        ax.text(0.12, 0.51, "on top of left", transform=ax.transAxes)
        fig.canvas.draw()
        assert [json.loads(line) for line in log.read_text().splitlines()] == \
            [{"title": "apart", "pairs": [["left", "on top of left"]]}]
    finally:
        stop()
