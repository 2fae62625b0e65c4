"""The environments the stored notebook outputs are made and checked in.

`REPRODUCIBLE_ENV` is the one place that fixes what the stored outputs depend on (data,
device, threads, CPU kernels, progress bars): `scripts/regenerate.py` runs the notebooks
in it, the test suite checks them in it (the root `conftest.py`), and
`tests/test_portability.py` re-runs them under `PERTURBED_ENV`.
"""

# What the stored outputs are about: forced for the tests and for scripts/regenerate.py.
CONTENT_ENV = {
    "COURSE_MNIST": "subset",     # the shipped real subset, never a download
    "CUDA_VISIBLE_DEVICES": "",   # stored outputs come from the CPU, also on a machine with a GPU
    "TQDM_DISABLE": "1",          # progress bars show rates: keep them out of outputs
    "PYTHONHASHSEED": "0",
}
# How the floating-point work is done. scripts/regenerate.py pins it (same thread count:
# bit-identical reruns on one machine); the tests use it only where you set none of
# these yourself, because the stored outputs must hold on any CPU and thread count
# (CONTRIBUTING.md: "Portable outputs").
FLOAT_ENV = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MKL_CBWR": "AVX2",
}
REPRODUCIBLE_ENV = {**CONTENT_ENV, **FLOAT_ENV}
# "Another machine" on this one: PyTorch's portable kernels instead of AVX-512/AVX2,
# two threads, MKL free to choose its code path.
PERTURBED_ENV = {"ATEN_CPU_CAPABILITY": "default", "OMP_NUM_THREADS": "2", "MKL_NUM_THREADS": "2"}


def environment_for_tests(environ):
    """The environment the tests run in, from `environ` (a dict): CONTENT_ENV always,
    FLOAT_ENV unless `environ` sets any of its keys itself."""
    env = dict(environ)
    env.update(CONTENT_ENV)
    if not any(key in environ for key in FLOAT_ENV):
        env.update(FLOAT_ENV)
    return env
