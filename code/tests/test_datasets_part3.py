"""Fashion-MNIST (shipped sample and download) and CIFAR-10 (download).

The downloads are tested against the local HTTP server of test_mnist.py
serving small fake files built here; no test touches the network.
"""

import hashlib
import io
import tarfile
from importlib import resources

import numpy as np
import pytest
from test_mnist import corrupt, publish, server, sha, tiny_mnist  # noqa: F401

from nnscratch import data
from nnscratch.data import cifar10, fashion_mnist, mnist
from nnscratch.data.cifar10 import load_cifar10, read_batch
from nnscratch.data.fashion_mnist import (CLASS_NAMES, load_fashion_mnist,
                                          load_fashion_mnist_sample)
from nnscratch.data.mnist import DownloadError

# Printed by tools/make_fashion_sample.py, which checks its source files
# against the published SHA-256 digests first.
NPZ_SHA256 = "33bfafd6059b0c380bd5620e819d33e5d767e2ae649281fdc6911f35609c45ad"
# SHA-256 of images.tobytes() + labels.tobytes() (uint8): the same whatever
# compressor wrote the npz
CONTENT_SHA256 = "ac26205ca9feb18eba35c190ccc2b15b18f92c5986eeb8a7e66dc98a5fbc36aa"


# The shipped Fashion-MNIST sample ---------------------------------------------

def test_sample_file_is_the_one_recorded():
    ref = resources.files("nnscratch.data") / "fashion_mnist_sample.npz"
    raw = ref.read_bytes()
    assert len(raw) <= 4_000_000
    assert hashlib.sha256(raw).hexdigest() == NPZ_SHA256
    X, y = load_fashion_mnist_sample(scale=False)
    content = X.tobytes() + y.astype(np.uint8).tobytes()
    assert hashlib.sha256(content).hexdigest() == CONTENT_SHA256


def test_sample_shapes_dtypes_and_range():
    X, y = data.load_fashion_mnist_sample()
    assert X.shape == (10000, 28, 28) and X.dtype == np.float32
    assert y.shape == (10000,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0


def test_sample_has_1000_per_class_sorted_by_class():
    _, y = load_fashion_mnist_sample()
    assert np.bincount(y).tolist() == [1000] * 10
    assert np.all(np.diff(y) >= 0)
    assert y[:5].tolist() == [0] * 5 and y[-5:].tolist() == [9] * 5
    assert np.array_equal(y, np.repeat(np.arange(10), 1000))


def test_sample_known_pixels():
    X, y = load_fashion_mnist_sample(scale=False)
    # the first ankle boot is training image 0, the one tutorials print
    boot = X[y == 9][0]
    assert boot[3].tolist() == [0] * 12 + [1, 0, 0, 13, 73, 0, 0, 1, 4,
                                           0, 0, 0, 0, 1, 1, 0]
    assert boot[4, 14:18].tolist() == [36, 136, 127, 62]


def test_sample_flatten_and_scale_options():
    raw, _ = load_fashion_mnist_sample(scale=False)
    assert raw.dtype == np.uint8 and raw.shape == (10000, 28, 28)
    flat, _ = load_fashion_mnist_sample(flatten=True)
    assert flat.shape == (10000, 784) and flat.dtype == np.float32
    assert np.array_equal(flat[9000], raw[9000].ravel() / np.float32(255))


def test_sample_returns_fresh_writable_arrays():
    X, _ = load_fashion_mnist_sample()
    X[0] = 5.0
    assert load_fashion_mnist_sample()[0][0].max() <= 1.0


def test_class_names_and_digests():
    assert len(CLASS_NAMES) == 10 and len(set(CLASS_NAMES)) == 10
    assert CLASS_NAMES[0] == "T-shirt/top" and CLASS_NAMES[9] == "Ankle boot"
    files = fashion_mnist.FASHION_MNIST_FILES
    assert sorted(files) == sorted(mnist.MNIST_FILES)
    assert all(len(d) == 64 and int(d, 16) >= 0 for d in files.values())
    assert not set(files.values()) & set(mnist.MNIST_FILES.values())
    assert files["train-images-idx3-ubyte.gz"].startswith("3aede38d")


# Fashion-MNIST by download, from the local server ----------------------------

@pytest.fixture
def tiny_fashion(monkeypatch):
    files = tiny_mnist(m_train=4, m_test=2)
    monkeypatch.setattr(fashion_mnist, "FASHION_MNIST_FILES",
                        {n: sha(d) for n, d in files.items()})
    return files


def test_load_fashion_mnist_downloads_checks_and_loads(server, tiny_fashion, tmp_path):
    cache = tmp_path / "cache"
    X, y, Xt, yt = load_fashion_mnist(cache, [publish(server, "good", tiny_fashion)])
    assert X.shape == (4, 28, 28) and X.dtype == np.float32
    assert Xt.shape == (2, 28, 28) and y.dtype == yt.dtype == np.int64
    assert y.tolist() == [0, 1, 2, 3] and yt.tolist() == [0, 1]
    assert X[0, 0, 3] == np.float32(3 / 255)
    assert sorted(p.name for p in cache.iterdir()) == sorted(tiny_fashion)
    Xf, _, _, _ = load_fashion_mnist(cache, [server.url], flatten=True, scale=False)
    assert Xf.shape == (4, 784) and Xf.dtype == np.uint8


def test_load_fashion_mnist_second_call_uses_the_cache(server, tiny_fashion, tmp_path):
    good = publish(server, "good", tiny_fashion)
    load_fashion_mnist(tmp_path, [good])
    assert len(server.paths) == 4
    server.stop()
    X, _, _, _ = load_fashion_mnist(tmp_path, [good])
    assert X.shape == (4, 28, 28) and len(server.paths) == 4


def test_load_fashion_mnist_cache_dir_from_environment(server, tiny_fashion, tmp_path,
                                                       monkeypatch):
    monkeypatch.setenv("NNSCRATCH_DATA", str(tmp_path / "data"))
    load_fashion_mnist(mirrors=[publish(server, "good", tiny_fashion)])
    assert len(list((tmp_path / "data" / "fashion-mnist").iterdir())) == 4
    assert not (tmp_path / "data" / "mnist").exists()


def test_load_fashion_mnist_corrupt_file_names_both_digests(server, tiny_fashion, tmp_path):
    name = "t10k-labels-idx1-ubyte.gz"
    bad = dict(tiny_fashion, **{name: corrupt(tiny_fashion[name])})
    url = publish(server, "bad", bad)
    want, got = sha(tiny_fashion[name]), sha(bad[name])
    with pytest.warns(RuntimeWarning), pytest.raises(DownloadError) as info:
        load_fashion_mnist(tmp_path, [url])
    assert f"could not get {name} from any mirror" in str(info.value)
    assert f"SHA-256 mismatch: expected {want}, got {got}" in str(info.value)
    assert name not in [p.name for p in tmp_path.iterdir()]


def test_load_fashion_mnist_falls_back_to_the_next_mirror(server, tiny_fashion, tmp_path):
    name = "train-images-idx3-ubyte.gz"
    bad = publish(server, "bad", dict(tiny_fashion, **{name: corrupt(tiny_fashion[name])}))
    good = publish(server, "good", tiny_fashion)
    with pytest.warns(RuntimeWarning, match=f"bad/{name} failed.*SHA-256 mismatch"):
        X, _, _, _ = load_fashion_mnist(tmp_path, [bad, good])
    assert X.shape == (4, 28, 28)
    assert f"/good/{name}" in server.paths and f"/bad/{name}" in server.paths


# CIFAR-10 --------------------------------------------------------------------

def fake_batch(m, first_label):
    """m CIFAR records: label (first_label + i) % 10, red plane = pixel
    index % 256, green = 100 + i, blue = 200; (bytes, images, labels)."""
    labels = (first_label + np.arange(m)) % 10
    images = np.empty((m, 3, 32, 32), np.uint8)
    images[:, 0] = (np.arange(1024) % 256).reshape(32, 32)
    images[:, 1] = (100 + np.arange(m))[:, None, None]
    images[:, 2] = 200
    records = np.concatenate([labels[:, None].astype(np.uint8),
                              images.reshape(m, -1)], axis=1)
    return records.tobytes(), images, labels


def fake_tarball(members):
    """A cifar-10-binary.tar.gz (bytes) holding members (name -> bytes)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(f"cifar-10-batches-bin/{name}")
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buf.getvalue()


def fake_cifar():
    """name -> bytes of the six .bin files (2 records each, 3 for test)."""
    members = {f"data_batch_{i}.bin": fake_batch(2, 2 * (i - 1))[0]
               for i in range(1, 6)}
    members["test_batch.bin"] = fake_batch(3, 7)[0]
    members["batches.meta.txt"] = "\n".join(cifar10.CLASS_NAMES).encode()
    return members


@pytest.fixture
def tiny_cifar(monkeypatch):
    """The fake tarball's bytes, its digest set as the expected one."""
    tarball = fake_tarball(fake_cifar())
    monkeypatch.setattr(cifar10, "CIFAR10_SHA256", sha(tarball))
    return tarball


def publish_cifar(server, folder, tarball):
    return publish(server, folder, {"cifar-10-binary.tar.gz": tarball})


def test_cifar10_constants():
    assert cifar10.CIFAR10_SHA256 == (
        "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd")
    assert cifar10.CLASS_NAMES[0] == "airplane" and cifar10.CLASS_NAMES[9] == "truck"
    assert len(cifar10.CLASS_NAMES) == 10 and data.cifar10 is cifar10
    source = resources.files("nnscratch.data").joinpath("cifar10.py").read_text()
    assert "import pickle" not in source  # records are read, never unpickled


def test_read_batch_layout():
    raw, images, labels = fake_batch(4, 8)
    X, y = read_batch(raw)
    assert X.shape == (4, 3, 32, 32) and X.dtype == np.uint8
    assert y.dtype == np.int64 and y.tolist() == [8, 9, 0, 1]
    assert np.array_equal(X, images)
    assert X[0, 0, 1, 2] == 34 and X[3, 1, 5, 5] == 103 and X[2, 2, 31, 31] == 200
    X[0] = 0  # writable, not a view of the bytes


def test_read_batch_bad_sizes_and_labels():
    with pytest.raises(ValueError, match="whole number of 3073-byte records, got 3074"):
        read_batch(bytes(3074))
    with pytest.raises(ValueError, match="got 0 bytes"):
        read_batch(b"")
    with pytest.raises(ValueError, match="labels must be 0-9, got 42"):
        read_batch(bytes([42]) + bytes(3072))


def test_load_cifar10_downloads_checks_and_loads(server, tiny_cifar, tmp_path):
    X, y, Xt, yt = load_cifar10(tmp_path, [publish_cifar(server, "good", tiny_cifar)])
    assert X.shape == (10, 3, 32, 32) and X.dtype == np.float32
    assert Xt.shape == (3, 3, 32, 32) and Xt.dtype == np.float32
    assert y.dtype == yt.dtype == np.int64
    assert y.tolist() == list(range(10)) and yt.tolist() == [7, 8, 9]
    assert X.min() == 0.0 and X.max() == 1.0
    assert X[0, 0, 1, 2] == np.float32(34 / 255) and np.all(X[:, 2] == np.float32(200 / 255))
    Xr, _, Xtr, _ = load_cifar10(tmp_path, [server.url], scale=False)
    assert Xr.dtype == Xtr.dtype == np.uint8 and Xr[9, 1, 0, 0] == 101
    assert [p.name for p in tmp_path.iterdir()] == ["cifar-10-binary.tar.gz"]


def test_load_cifar10_second_call_uses_the_cache(server, tiny_cifar, tmp_path):
    good = publish_cifar(server, "good", tiny_cifar)
    load_cifar10(tmp_path, [good])
    assert server.paths == ["/good/cifar-10-binary.tar.gz"]
    server.stop()
    X, _, _, _ = load_cifar10(tmp_path, [good])
    assert X.shape == (10, 3, 32, 32) and len(server.paths) == 1


def test_load_cifar10_cache_dir_from_environment(server, tiny_cifar, tmp_path, monkeypatch):
    monkeypatch.setenv("NNSCRATCH_DATA", str(tmp_path / "data"))
    load_cifar10(mirrors=[publish_cifar(server, "good", tiny_cifar)])
    assert (tmp_path / "data" / "cifar-10" / "cifar-10-binary.tar.gz").exists()


def test_load_cifar10_corrupt_download_names_both_digests(server, tiny_cifar, tmp_path):
    url = publish_cifar(server, "bad", corrupt(tiny_cifar))
    want, got = sha(tiny_cifar), sha(corrupt(tiny_cifar))
    with pytest.warns(RuntimeWarning), pytest.raises(DownloadError) as info:
        load_cifar10(tmp_path, [url])
    assert f"SHA-256 mismatch: expected {want}, got {got}" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_load_cifar10_falls_back_to_the_next_mirror(server, tiny_cifar, tmp_path):
    bad = publish_cifar(server, "bad", corrupt(tiny_cifar))
    good = publish_cifar(server, "good", tiny_cifar)
    with pytest.warns(RuntimeWarning) as record:
        load_cifar10(tmp_path, [server.url + "missing", bad, good])
    messages = [str(w.message) for w in record]
    assert "missing/cifar-10-binary.tar.gz failed (HTTP Error 404" in messages[0]
    assert "bad/cifar-10-binary.tar.gz failed (SHA-256 mismatch" in messages[1]
    assert server.paths == ["/missing/cifar-10-binary.tar.gz",
                            "/bad/cifar-10-binary.tar.gz",
                            "/good/cifar-10-binary.tar.gz"]


def test_load_cifar10_archive_without_a_batch(server, tmp_path, monkeypatch):
    members = fake_cifar()
    del members["test_batch.bin"]
    tarball = fake_tarball(members)
    monkeypatch.setattr(cifar10, "CIFAR10_SHA256", sha(tarball))
    msg = "archive has no file cifar-10-batches-bin/test_batch.bin; expected the six"
    with pytest.raises(ValueError, match=msg):
        load_cifar10(tmp_path, [publish_cifar(server, "g", tarball)])
