"""Run one notebook in a fresh kernel; print [seconds, peak memory of the kernel in MB]."""
import json
import resource
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

path = Path(sys.argv[1])
nb = nbformat.read(path, as_version=4)
start = time.perf_counter()
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
seconds = time.perf_counter() - start
# the kernel was our child process and has exited: its peak resident memory is in RUSAGE_CHILDREN (KiB)
print(json.dumps([seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))
