"""How close is the course to what this machine allows? One run, side by side.

    python benchmarks/run.py            # everything (a few minutes)
    python benchmarks/run.py --quick    # skip running every notebook

Prints a table per measurement and, last, one JSON line with all the figures.
1. One epoch of the lecture's model (784-128-10, SGD, batch 64, cross-entropy) over
   60,000 MNIST-shaped images (the shipped real subset tiled and shifted): the course's
   path (notebook 08's `lecture.train_epoch` over `training.batches`: in-memory batches,
   autograd), the same with notebook 07's backward pass by hand (`lecture.backward_by_hand`
   and the SGD update, no autograd), `training.fit` (the same epoch plus its evaluation of
   the 60,000 images), vs torchvision.datasets.MNIST + ToTensor + DataLoader with the same
   epoch, and vs the arithmetic floor (the epoch's FLOPs at the measured matrix-multiply
   rate); and what limits each: the time per step above the floor (per-operation
   overhead) and, for the DataLoader, the time per image above the in-memory loop
   (decoding and converting one image at a time).
2. Examples per second against batch size (notebook 09's `lecture.examples_per_second`).
3. Every notebook top to bottom in a fresh kernel: seconds and peak memory.
4. Widget redraw latency, the kernel's share (the changes in benchmarks/widget_changes.py:
   new control values in, the new scene out): median ms per change. The whole way, from
   a key press in Chromium to the new picture on screen, is measured by
   benchmarks/browser.py.
5. Import time of helpers beyond `import torch`.
6. Threads for small networks: the playground's epochs per second with PyTorch on one
   thread and on two, idle and with a busy neighbour process (why `runtime.one_thread`
   trains the widgets' networks on one), and the MNIST epoch of 1. on each.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from helpers import data, models, training  # noqa: E402
from helpers.lecture import backward_by_hand, examples_per_second, train_epoch  # noqa: E402

N_EPOCH = 60_000


def timed(fn, repeat=3):
    """Best wall-clock seconds of `repeat` calls (after one warm-up call)."""
    fn()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def full_size_mnist(folder):
    """60,000 images: the subset's 4,000 real digits, each copy shifted by a pixel or two,
    written as MNIST IDX files in folder/MNIST/raw (so torchvision reads them)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from make_mnist_subset import write_idx
    subset = data.load_mnist("subset", verbose=False)
    images = (subset.train_x.reshape(-1, 28, 28) * 255).round().to(torch.uint8)
    shifts = [(dy, dx) for dy in (-1, 0, 1) for dx in (-2, -1, 0, 1, 2)]
    tiles = [torch.roll(images, s, dims=(1, 2)) for s in shifts][: N_EPOCH // len(images)]
    x, y = torch.cat(tiles), subset.train_y.repeat(len(tiles))
    raw = Path(folder) / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for split, (xs, ys) in {"train": (x, y), "t10k": (x[:1000], y[:1000])}.items():
        write_idx(raw / f"{split}-images-idx3-ubyte", xs.numpy())
        write_idx(raw / f"{split}-labels-idx1-ubyte", ys.numpy())
    return x.reshape(len(x), 784).float() / 255, y


def epoch_seconds(folder, x, y):
    import torchvision
    from torchvision import transforms

    def autograd_epoch(batches):
        """Notebook 08's epoch, the four steps with autograd, over `batches`."""
        torch.manual_seed(0)
        model = models.mlp([784, 128, 10])
        flat = ((xb.reshape(len(xb), -1), yb) for xb, yb in batches)
        train_epoch(model, flat, nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=0.01))

    def by_hand_epoch():
        """The same epoch with notebook 07's backward pass by hand and the SGD update."""
        torch.manual_seed(0)
        model = models.mlp([784, 128, 10])
        first, second = model[0], model[2]
        with torch.no_grad():
            for xb, yb in training.batches(x, y, 64):
                grads = backward_by_hand(xb, yb, first, second)
                for p, name in ((first.weight, "W1"), (first.bias, "b1"), (second.weight, "W2"), (second.bias, "b2")):
                    p -= 0.01 * grads[name]

    def fit_epoch():
        torch.manual_seed(0)
        training.fit(models.mlp([784, 128, 10]), (x, y), epochs=1, lr=0.01, batch_size=64)

    dataset = torchvision.datasets.MNIST(folder, train=True, transform=transforms.ToTensor())
    loader = torch.utils.data.DataLoader(dataset, batch_size=64, shuffle=True)
    in_memory = timed(lambda: autograd_epoch(training.batches(x, y, 64)))
    by_hand = timed(by_hand_epoch)
    fit_seconds = timed(fit_epoch)
    slow = timed(lambda: autograd_epoch(loader), repeat=1)

    a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
    rate = 2 * 2048 ** 3 / timed(lambda: a @ b, repeat=5)        # FLOP/s
    # per example: forward 2*(784*128 + 128*10); backward: weight grads of both layers
    # and the input grad of layer 2 (layer 1 needs none): 2*784*128 + 2*2*128*10
    flops = N_EPOCH * (2 * (784 * 128 + 128 * 10) + 2 * 784 * 128 + 4 * 128 * 10)
    floor = flops / rate
    steps = -(-N_EPOCH // 64)
    one_thread = on_one_thread(lambda: (timed(lambda: autograd_epoch(training.batches(x, y, 64))),
                                        timed(by_hand_epoch), timed(lambda: a @ b, repeat=5)))
    return {"one_thread": {"epoch_s": one_thread[0], "by_hand_s": one_thread[1],
                           "arithmetic_floor_s": flops / (2 * 2048 ** 3 / one_thread[2]),
                           "ratio_to_floor": one_thread[0] * 2 * 2048 ** 3 / one_thread[2] / flops,
                           "by_hand_ratio_to_floor": one_thread[1] * 2 * 2048 ** 3 / one_thread[2] / flops},
            "epoch_s": in_memory, "by_hand_s": by_hand, "fit_s": fit_seconds,
            "dataloader_s": slow, "speedup_vs_dataloader": slow / in_memory,
            "by_hand_speedup": in_memory / by_hand,
            "gflop_per_epoch": flops / 1e9, "matmul_gflops": rate / 1e9,
            "arithmetic_floor_s": floor, "ratio_to_floor": in_memory / floor,
            "by_hand_ratio_to_floor": by_hand / floor,
            "epoch_overhead_us_per_step": 1e6 * (in_memory - floor) / steps,
            "by_hand_overhead_us_per_step": 1e6 * (by_hand - floor) / steps,
            "dataloader_us_per_image": 1e6 * (slow - in_memory) / N_EPOCH}


def on_one_thread(fn):
    """fn() with torch on one thread (then the thread count is put back)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return fn()
    finally:
        torch.set_num_threads(threads)


def throughput(x, y, sizes=(1, 4, 16, 64, 256, 1024)):
    torch.manual_seed(0)
    return {b: examples_per_second(models.mlp([784, 128, 10]), x, y, b, steps=max(3, 8192 // b)) for b in sizes}


def notebooks():
    env = dict(os.environ, COURSE_MNIST="subset", TQDM_DISABLE="1", CUDA_VISIBLE_DEVICES="")
    rows = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]*.ipynb")):
        done = subprocess.run([sys.executable, str(Path(__file__).parent / "run_notebook.py"), str(path)],
                              env=env, capture_output=True, text=True)
        if done.returncode:
            tail = "\n".join(done.stderr.strip().splitlines()[-6:])
            sys.exit(f"{path.name} stopped with an error, so the notebook timings are incomplete:\n{tail}\n"
                     "Run it in JupyterLab to see the cell; if `helpers` is not found, run `pip install -e .` "
                     "in this checkout.")
        seconds, peak_mb = json.loads(done.stdout.strip().splitlines()[-1])
        rows[path.stem] = {"seconds": seconds, "peak_mb": peak_mb}
    return rows


def widget_latency():
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from widget_changes import BENCHMARKS

    out = {}
    for name, make in BENCHMARKS.items():
        _, change = make()
        change()
        samples = []
        for _ in range(15):
            start = time.perf_counter()
            change()
            samples.append(time.perf_counter() - start)
        out[name] = 1000 * statistics.median(samples)
    return out


def small_network_threads(x, y):
    """Epochs per second of the playground's default run, and seconds of the MNIST epoch,
    on 1 and 2 threads, idle and beside a process that keeps one core busy."""
    import contextlib

    from helpers.widgets import playground_model

    def playground_rate(threads):
        torch.set_num_threads(threads)
        chosen = playground_model.one_thread
        playground_model.one_thread = contextlib.nullcontext       # measure the thread count set here
        try:
            pg = playground_model.Playground()
            start = time.perf_counter()
            pg.train(50)
            return 50 / (time.perf_counter() - start)
        finally:
            playground_model.one_thread = chosen

    def mnist_epoch(threads):
        torch.set_num_threads(threads)
        torch.manual_seed(0)
        model = models.mlp([784, 128, 10])
        return timed(lambda: train_epoch(model, training.batches(x, y, 64), nn.functional.cross_entropy,
                                         torch.optim.SGD(model.parameters(), lr=0.01)), repeat=1)

    threads, out = torch.get_num_threads(), {}
    try:
        for load in ("idle", "busy neighbour"):
            busy = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if load != "idle" else None
            try:
                for n in (1, 2):
                    out[f"{load}, {n} thread(s)"] = {"playground_epochs_per_s": playground_rate(n),
                                                     "mnist_epoch_s": mnist_epoch(n)}
            finally:
                if busy:
                    busy.kill()
    finally:
        torch.set_num_threads(threads)
    return out


def import_time():
    code = ("import time, torch; t = time.perf_counter(); import helpers; "
            "from helpers import runtime, data, plots, models, training, checks, lecture; "
            "print(time.perf_counter() - t)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True, cwd=ROOT).stdout) for _ in range(3)]
    return min(runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip running every notebook")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)      # each table shows as soon as it is measured
    cpu = platform.processor() or platform.machine()
    print(f"machine: {os.cpu_count()} cores ({cpu}), torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads\n")
    result = {}
    with tempfile.TemporaryDirectory() as folder:
        x, y = full_size_mnist(folder)
        result["epoch"] = e = epoch_seconds(folder, x, y)
    print("1. one epoch, 60,000 images, 784-128-10, SGD, batch 64")
    rows = [("course path: train_epoch", e["epoch_s"], "in-memory batches, autograd: notebook 08's epoch"),
            ("backward pass by hand", e["by_hand_s"], "same batches, notebook 07's backward_by_hand + SGD"),
            ("training.fit, one epoch", e["fit_s"], "train_epoch + evaluate on all 60,000 images"),
            ("MNIST + ToTensor + DataLoader", e["dataloader_s"], "the usual pipeline + the same epoch")]
    for name, seconds, how in rows:
        print(f"   {name:<30} {seconds:6.2f} s   ({how})")
    print(f"   {'arithmetic floor':<30} {e['arithmetic_floor_s']:6.2f} s   ({e['gflop_per_epoch']:.1f} GFLOP at "
          f"{e['matmul_gflops']:.0f} GFLOP/s)")
    print(f"   -> the course's epoch {e['speedup_vs_dataloader']:.1f}x faster than the DataLoader pipeline "
          f"(target >= 5x), {e['ratio_to_floor']:.1f}x the arithmetic floor (target <= 5x); by hand "
          f"{e['by_hand_speedup']:.2f}x faster than autograd, {e['by_hand_ratio_to_floor']:.1f}x the floor")
    one = e["one_thread"]
    print(f"   on 1 thread: the epoch {one['epoch_s']:.2f} s, by hand {one['by_hand_s']:.2f} s, floor "
          f"{one['arithmetic_floor_s']:.2f} s -> {one['ratio_to_floor']:.1f}x and {one['by_hand_ratio_to_floor']:.1f}x "
          "the floor (the floor halves with a second thread; the cost per operation does not)")
    print(f"   what limits each: the epoch spends {e['epoch_overhead_us_per_step']:.0f} us per step above the floor "
          f"(autograd's graph, the optimizer, small-matrix kernels), by hand "
          f"{e['by_hand_overhead_us_per_step']:.0f} us (one kernel per operation, no graph); "
          f"the DataLoader {e['dataloader_us_per_image']:.0f} us per image above the in-memory loop "
          "(decoding and converting each image in Python)")
    result["examples_per_s"] = tp = throughput(x, y)
    print("\n2. examples per second against batch size")
    for size, rate in tp.items():
        print(f"   batch {size:>5}: {rate:>10,.0f} examples/s")
    if not args.quick:
        result["notebooks"] = nbs = notebooks()
        total = sum(r["seconds"] for r in nbs.values())
        peak = max(r["peak_mb"] for r in nbs.values())
        result["notebooks_total_s"], result["notebooks_peak_mb"] = total, peak
        print("\n3. every notebook top to bottom (fresh kernel, shipped subset)")
        for name, r in nbs.items():
            print(f"   {name:<36} {r['seconds']:6.1f} s  {r['peak_mb']:6.0f} MB")
        print(f"   {'total':<36} {total:6.1f} s  peak {peak:.0f} MB (targets: each < 30 s, all < 180 s, < 2048 MB)")
    result["widget_ms"] = wl = widget_latency()
    print("\n4. widget redraw in the kernel, median ms per change (end to end: benchmarks/browser.py)")
    for name, ms in wl.items():
        print(f"   {name:<52} {ms:7.1f} ms")
    result["helpers_import_s"] = imp = import_time()
    print(f"\n5. import of helpers beyond `import torch`: {1000 * imp:.0f} ms")
    result["threads"] = th = small_network_threads(x, y)
    print("\n6. threads: the playground (epochs per second) and the MNIST epoch of 1. (seconds)")
    for name, r in th.items():
        print(f"   {name:<28} playground {r['playground_epochs_per_s']:7.1f} epochs/s   "
              f"MNIST epoch {r['mnist_epoch_s']:5.2f} s")
    print(json.dumps(result, default=float))


if __name__ == "__main__":
    main()
