"""The environments the stored notebook outputs are made and checked in.

`REPRODUCIBLE_ENV` fixes what the stored outputs depend on (data, device, threads, MKL's
code path, progress bars): `scripts/regenerate.py` runs the notebooks in it, on the
kernels PyTorch picks for the machine (it drops an exported ATEN_CPU_CAPABILITY). The test suite (the root
`conftest.py`) checks them on the same data and device but on another floating-point
path, `PERTURBED_ENV`: nbval's run of every notebook is also the check that the stored
outputs are portable.
"""

# What the stored outputs are about: forced for the tests and for scripts/regenerate.py.
CONTENT_ENV = {
    "COURSE_MNIST": "subset",     # the shipped real subset, never a download
    "CUDA_VISIBLE_DEVICES": "",   # stored outputs come from the CPU, also on a machine with a GPU
    "TQDM_DISABLE": "1",          # progress bars show rates: keep them out of outputs
    "PYTHONHASHSEED": "0",
}
# How the floating-point work is done when the outputs are stored. scripts/regenerate.py
# pins it (same thread count: bit-identical reruns on one machine).
FLOAT_ENV = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MKL_CBWR": "AVX2",
}
REPRODUCIBLE_ENV = {**CONTENT_ENV, **FLOAT_ENV}
# "Another machine" on this one, where the tests run: PyTorch's portable kernels instead
# of AVX-512/AVX2, two threads, MKL free to choose its code path. These change the last
# bits of float results the way another CPU (an AMD laptop, an ARM Mac, a CI runner)
# does, so an output that depends on those bits fails (CONTRIBUTING.md: "Portable outputs").
PERTURBED_ENV = {"ATEN_CPU_CAPABILITY": "default", "OMP_NUM_THREADS": "2", "MKL_NUM_THREADS": "2"}
# Two test workers share the two cores: an OpenMP thread that spins while it waits takes
# the other worker's core (the notebooks ran four times slower). Waiting changes no result.
SHARED_CORES_ENV = {"OMP_WAIT_POLICY": "PASSIVE"}


def environment_for_tests(environ):
    """The environment the tests run in, from `environ` (a dict): CONTENT_ENV always; each
    variable of PERTURBED_ENV and SHARED_CORES_ENV unless `environ` sets it itself (then
    the tests run with your value)."""
    return {**SHARED_CORES_ENV, **PERTURBED_ENV, **environ, **CONTENT_ENV}


def floating_point_path(environ):
    """One line for the test report's header: the floating-point settings of `environ` (an
    environment made by `environment_for_tests`), each that differs from PERTURBED_ENV
    marked as yours."""
    keys = [*PERTURBED_ENV, *(k for k in FLOAT_ENV if k in environ and k not in PERTURBED_ENV)]
    settings = ", ".join(f"{k}={environ[k]}" + ("" if environ[k] == PERTURBED_ENV.get(k) else " (yours)")
                         for k in keys)
    kernels = environ["ATEN_CPU_CAPABILITY"]
    return "floating-point path: " + settings + ("" if kernels == PERTURBED_ENV["ATEN_CPU_CAPABILITY"] else
                                                 f"; PyTorch's kernels are your choice ({kernels}): the check "
                                                 "on its portable kernels did not run")


def comparing_no_number(environ):
    """`environ` for notebook runs that compare no printed number with a stored one (the
    student copies, JupyterLab's runs): always the path that stored the outputs (FLOAT_ENV,
    whatever you chose for the tests), whose vectorised kernels on one thread run the
    notebooks about 15% faster."""
    return {**{k: v for k, v in environ.items() if k not in PERTURBED_ENV}, **FLOAT_ENV}
