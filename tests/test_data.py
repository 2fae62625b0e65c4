"""helpers.data: MNIST (which copy, its files, what a broken or missing file says), the small
sets, and notebook 11's names."""
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
import torchvision

from helpers import data, lecture


@pytest.fixture
def full_copy(tmp_path):
    """A data dir holding a 'full' MNIST: here the subset's files copied."""
    shutil.copytree(data.SUBSET_ROOT / "MNIST", tmp_path / "MNIST")
    return tmp_path


def test_subset_is_real_balanced_and_scaled():
    mnist = data.load_mnist("subset", verbose=False)
    assert mnist.train_x.shape == (4000, 784) and mnist.test_x.shape == (1000, 784)
    assert mnist.train_x.dtype == torch.float32 and mnist.train_y.dtype == torch.int64
    assert 0.0 == mnist.train_x.min() and mnist.train_x.max() == 1.0
    assert torch.bincount(mnist.train_y).tolist() == [400] * 10
    assert torch.bincount(mnist.test_y).tolist() == [100] * 10
    assert "subset" in mnist.source


def test_env_variable_forces_subset(full_copy, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(full_copy))
    monkeypatch.setenv("COURSE_MNIST", "subset")
    assert "subset" in data.load_mnist(verbose=False).source
    monkeypatch.delenv("COURSE_MNIST")
    assert data.load_mnist(verbose=False).source == "full MNIST"


def test_offline_falls_back_to_subset_and_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COURSE_MNIST", raising=False)
    monkeypatch.setattr(data, "_download", lambda root: False)
    mnist = data.load_mnist()
    assert "subset" in mnist.source
    assert "could not be downloaded" in capsys.readouterr().out


def test_full_requested_but_absent_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(data, "_download", lambda root: False)
    with pytest.raises(data.DataError, match="COURSE_MNIST=subset"):
        data.load_mnist("full")


@pytest.mark.parametrize("name, size, promised", [("train-images-idx3-ubyte", 1000, "3,136,016"),    # read first
                                                   ("t10k-labels-idx1-ubyte", 500, "1,008")])        # read last
def test_a_corrupt_file_is_named_and_kept(full_copy, monkeypatch, name, size, promised):
    bad = full_copy / "MNIST" / "raw" / name
    bad.write_bytes(bad.read_bytes()[:size])
    monkeypatch.setenv("COURSE_DATA_DIR", str(full_copy))
    for which in ("full", "auto"):                       # "auto" does not quietly fall back to the subset
        with pytest.raises(data.DataError, match=f"The MNIST file {bad} is corrupt: it has {size:,} bytes where "
                                                 f"its header promises {promised}"):
            data.load_mnist(which)
    assert bad.stat().st_size == size                    # nothing deleted


def test_permission_denied_is_not_called_corrupt(full_copy, monkeypatch):
    locked = full_copy / "MNIST" / "raw" / "train-images-idx3-ubyte"

    def refuse(*args, **kwargs):       # tests run as root, who can read a chmod 000 file
        raise PermissionError(13, "Permission denied", str(locked))

    monkeypatch.setattr(data, "read_idx", refuse)
    monkeypatch.setenv("COURSE_DATA_DIR", str(full_copy))
    with pytest.raises(data.DataError, match="permission denied") as err:
        data.load_mnist("full")
    assert str(locked) in str(err.value) and "corrupt" not in str(err.value)


def test_read_idx_reads_what_torchvision_reads():
    loaded = data.load_mnist("subset", verbose=False)
    for train, x, y in ((True, loaded.train_x, loaded.train_y), (False, loaded.test_x, loaded.test_y)):
        ds = torchvision.datasets.MNIST(str(data.SUBSET_ROOT), train=train, download=False)
        assert torch.equal(x, ds.data.reshape(len(ds.data), 784).float() / 255)
        assert torch.equal(y, ds.targets) and y.dtype == ds.targets.dtype


def test_tilde_in_the_data_dir_is_expanded(full_copy, monkeypatch):
    monkeypatch.setenv("HOME", str(full_copy.parent))
    monkeypatch.setenv("COURSE_DATA_DIR", f"~/{full_copy.name}")
    assert data.data_dir() == full_copy
    assert data.load_mnist("full", verbose=False).source == "full MNIST"


def test_an_empty_data_dir_variable_means_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("COURSE_DATA_DIR", "  ")
    assert data.data_dir() == tmp_path / ".cache" / "nn-course"


def test_a_failed_download_leaves_no_folders(tmp_path, monkeypatch, capsys):
    def offline(root, *args, download=False, **kwargs):
        if download:                  # as torchvision does: the folders first, then the download fails
            (Path(root) / "MNIST" / "raw").mkdir(parents=True, exist_ok=True)
            raise OSError("network unreachable")
        raise AssertionError("nothing to read")

    monkeypatch.setattr(torchvision.datasets, "MNIST", offline)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for chosen in ("", str(tmp_path / "data")):
        monkeypatch.setenv("COURSE_DATA_DIR", chosen)
        assert data._download(data.data_dir()) is False
    assert list(tmp_path.iterdir()) == []


def test_three_of_four_files_names_the_missing_one(full_copy, monkeypatch, capsys):
    gone = full_copy / "MNIST" / "raw" / "t10k-labels-idx1-ubyte"
    gone.unlink()
    monkeypatch.setenv("COURSE_DATA_DIR", str(full_copy))
    monkeypatch.delenv("COURSE_MNIST", raising=False)
    monkeypatch.setattr(data, "_download", lambda root: False)
    assert "subset" in data.load_mnist().source
    assert "lacks t10k-labels-idx1-ubyte and it could not be downloaded" in capsys.readouterr().out
    with pytest.raises(data.DataError, match="lacks t10k-labels-idx1-ubyte"):
        data.load_mnist("full")


def test_gz_files_get_the_command_to_unpack_them_and_are_kept(full_copy, monkeypatch, capsys):
    import gzip
    raw = full_copy / "MNIST" / "raw"
    for name in data.MNIST_FILES:
        (raw / f"{name}.gz").write_bytes(gzip.compress((raw / name).read_bytes()))
        (raw / name).unlink()
    before = {p.name: p.read_bytes() for p in raw.iterdir()}
    monkeypatch.setenv("COURSE_DATA_DIR", str(full_copy))
    monkeypatch.setattr(data, "_download", lambda root: pytest.fail("no download when the .gz files are there"))
    with pytest.raises(data.DataError, match=r"gunzip -k train-images-idx3-ubyte.gz"):
        data.load_mnist("full")
    assert "subset" in data.load_mnist("auto").source
    assert "but not the unpacked files" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in raw.iterdir()} == before


@pytest.mark.parametrize("name,expected", [("AND", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]),
                                           ("XOR", [0, 1, 1, 0]), ("NAND", [1, 1, 1, 0])])
def test_gate_truth_tables(name, expected):
    X, y = data.gate(name)
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert y.tolist() == expected


def test_not_gate_and_unknown_gate():
    X, y = data.gate("NOT")
    assert X.shape == (2, 1) and y.tolist() == [1.0, 0.0]
    with pytest.raises(ValueError, match="choose one of"):
        data.gate("XNOR")


@pytest.mark.parametrize("name", sorted(data.DATASETS_2D))
def test_2d_sets_are_seeded_and_balanced(name):
    X1, y1 = data.dataset_2d(name, n=100, seed=1)
    X2, y2 = data.dataset_2d(name, n=100, seed=1)
    X3, _ = data.dataset_2d(name, n=100, seed=2)
    assert X1.shape == (100, 2) and torch.equal(X1, X2) and torch.equal(y1, y2)
    assert not torch.equal(X1, X3)
    assert set(y1.tolist()) == {0.0, 1.0} and abs(y1.mean().item() - 0.5) < 0.15


def test_circles_separate_by_radius():
    X, y = data.circles(n=200, noise=0.0)
    r = X.norm(dim=1)
    assert torch.all(r[y == 1] < 0.6) and torch.all(r[y == 0] > 0.9)


def test_split_and_mismatch():
    X, y = data.xor(n=100)
    (Xtr, ytr), (Xte, yte) = data.split(X, y, test_fraction=0.2)
    assert len(Xtr) == 80 and len(Xte) == 20
    label_of = {tuple(row): label for row, label in zip(X.tolist(), y.tolist())}
    rows = Xtr.tolist() + Xte.tolist()
    assert sorted(rows) == sorted(X.tolist())                     # every point once: none lost, none twice
    assert [label_of[tuple(r)] for r in rows] == ytr.tolist() + yte.tolist()   # each keeps its label
    assert Xtr.tolist() != X[:80].tolist()                        # shuffled, not the first 80
    (again, _), _ = data.split(X, y, test_fraction=0.2)
    (other, _), _ = data.split(X, y, test_fraction=0.2, seed=1)
    assert torch.equal(again, Xtr) and not torch.equal(other, Xtr)
    with pytest.raises(ValueError, match="must match"):
        data.split(X, y[:10])


def test_function_1d_default():
    x, y = data.function_1d(n=50)
    assert x.shape == (50, 1) and torch.allclose(y, torch.sin(2 * x) + 0.3 * x)


def test_train_size_samples_the_full_set_and_leaves_the_subset_alone(full_copy, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(full_copy))
    full = data.load_mnist("full", verbose=False, train_size=1000)
    assert full.train_x.shape == (1000, 784) and len(full.test_y) == 1000
    assert set(full.train_y.tolist()) == set(range(10)) and "sample of 1,000" in full.source
    again = data.load_mnist("full", verbose=False, train_size=1000)
    assert torch.equal(full.train_y, again.train_y)
    whole = data.load_mnist("subset", verbose=False)
    capped = data.load_mnist("subset", verbose=False, train_size=4000)
    assert torch.equal(whole.train_x, capped.train_x) and capped.source == whole.source
    with pytest.raises(ValueError, match="train_size"):
        data.load_mnist("subset", train_size=0)


def test_which_mnist_reads_the_argument_else_course_mnist(monkeypatch):
    monkeypatch.setenv("COURSE_MNIST", " Subset ")
    assert data.which_mnist() == "subset" and data.which_mnist("FULL") == "full"
    monkeypatch.delenv("COURSE_MNIST")
    assert data.which_mnist() == "auto"
    with pytest.raises(ValueError, match="COURSE_MNIST / which must be 'full', 'subset' or unset, not 'everything'"):
        data.which_mnist("everything")


def test_torchvision_root_is_the_copy_load_mnist_reads(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COURSE_MNIST", raising=False)
    assert data.torchvision_root() == str(data.SUBSET_ROOT)          # nothing there yet
    shutil.copytree(data.SUBSET_ROOT / "MNIST", tmp_path / "MNIST")
    assert data.torchvision_root() == str(tmp_path)
    monkeypatch.setenv("COURSE_MNIST", "subset")
    assert data.torchvision_root() == str(data.SUBSET_ROOT)


def test_as_images_gives_numpy_images_for_drawing():
    x = torch.arange(2 * 784, dtype=torch.float32).reshape(2, 784)
    images = data.as_images(x)
    assert isinstance(images, np.ndarray) and images.shape == (2, 28, 28)
    assert np.array_equal(images[1, 3], x[1, 3 * 28:4 * 28].numpy())      # row 3 of image 1


# ---------------------------------------------------------------- names (notebook 11)

def test_names_are_lower_case_letters_unique_and_sorted():
    names = data.load_names()
    assert len(names) == 5163 and names == sorted(set(names))
    assert all(n.isascii() and n.isalpha() and n.islower() for n in names)
    assert {"mary", "james", "zoe"} <= set(names)


def test_next_char_data_are_the_lectures_context_pairs_as_numbers():
    names = ["ann", "bo"]
    X, y = data.next_char_data(names, block=3)
    pairs = [p for n in names for p in lecture.context_pairs(n, block=3)]
    assert X.shape == (len("ann") + 1 + len("bo") + 1, 3) and X.dtype == y.dtype == torch.long
    assert [(data.decode(x), data.decode([t])) for x, t in zip(X, y)] == pairs
    assert data.decode(X[3]) == "ann" and data.decode(y[:4]) == "ann."          # "." ends the name
    rows = data.one_hot(X)
    assert rows.shape == (7, 3 * 27) and rows.sum(1).eq(3).all()
    assert torch.equal(rows.reshape(7, 3, 27).argmax(2), X)
    assert [data.INDEX[c] for c in data.ALPHABET] == list(range(27)) and data.ALPHABET[0] == "."


def test_load_names_explains_a_missing_or_bad_file(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "NAMES_PATH", tmp_path / "none.txt")
    with pytest.raises(FileNotFoundError, match="none.txt is missing: reinstall the course"):
        data.load_names()
    bad = tmp_path / "names.txt"
    bad.write_text("anna\nJo-Ann\n")
    monkeypatch.setattr(data, "NAMES_PATH", bad)
    with pytest.raises(ValueError, match="holds names with characters other than a-z, e.g. 'Jo-Ann'"):
        data.load_names()
