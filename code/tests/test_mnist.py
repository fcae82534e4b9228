import gzip
import hashlib
import http.server
import struct
import threading
from functools import partial
from importlib import resources

import numpy as np
import pytest

from nnscratch.data import mnist
from nnscratch.data.mnist import (DownloadError, download, load_mnist,
                                  load_mnist_sample, read_idx)

# Worked out once with tools/make_mnist_sample.py from npm mnist 1.1.0;
# they are also the digit counts of the first 10,000 MNIST training labels.
COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]
NPZ_SHA256 = "a0e0814b0c4ef4f2697eb90909c9f1e387c056313130418e4868ce93cf620f3e"
# SHA-256 of images.tobytes() + labels.tobytes(): the same whatever zlib wrote the npz
CONTENT_SHA256 = "bc6b63550c8a82f6ecccd9458252069fb030ee802997b8242e71d5146b0cbf0e"


# The shipped sample ----------------------------------------------------------

def test_sample_file_is_the_one_recorded():
    data = (resources.files("nnscratch.data") / "mnist_sample.npz").read_bytes()
    assert hashlib.sha256(data).hexdigest() == NPZ_SHA256
    X, y = load_mnist_sample(scale=False)
    assert y.dtype == np.int64  # stored as uint8 (one byte a label)
    content = X.tobytes() + y.astype(np.uint8).tobytes()
    assert hashlib.sha256(content).hexdigest() == CONTENT_SHA256


def test_sample_shapes_dtypes_and_range():
    X, y = load_mnist_sample()
    assert X.shape == (10000, 28, 28) and X.dtype == np.float32
    assert y.shape == (10000,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0


def test_sample_counts_per_digit_and_grouped_order():
    _, y = load_mnist_sample()
    assert np.bincount(y).tolist() == COUNTS
    starts = np.cumsum([0] + COUNTS[:-1])
    assert np.all(np.diff(y) >= 0)  # all 0s, then all 1s, ...
    assert y[starts].tolist() == list(range(10))


def test_sample_known_pixels():
    X, y = load_mnist_sample(scale=False)
    # image 0 is the first 0 of the training set (training image 1)
    assert y[0] == 0
    assert X[0, 14, 7:10].tolist() == [198, 253, 190]
    # the first 5 is training image 0, the one every tutorial prints
    five = X[y == 5][0]
    assert five[5, 12:24].tolist() == [3, 18, 18, 18, 126, 136, 175, 26,
                                       166, 255, 247, 127]


def test_sample_flatten_and_scale_options():
    raw, _ = load_mnist_sample(scale=False)
    assert raw.dtype == np.uint8 and raw.shape == (10000, 28, 28)
    flat, _ = load_mnist_sample(flatten=True)
    assert flat.shape == (10000, 784) and flat.dtype == np.float32
    assert flat[0, 14 * 28 + 7] == np.float32(198 / 255)
    flat_raw, _ = load_mnist_sample(flatten=True, scale=False)
    assert flat_raw.shape == (10000, 784) and flat_raw.dtype == np.uint8


def test_sample_returns_fresh_writable_arrays():
    X, _ = load_mnist_sample()
    X[0] = 5.0
    assert load_mnist_sample()[0][0].max() == 1.0


# read_idx ------------------------------------------------------------------

def idx_bytes(arr, code=0x08):
    """IDX bytes of arr, written by hand from the format's definition."""
    header = bytes([0, 0, code, arr.ndim])
    header += b"".join(struct.pack(">I", n) for n in arr.shape)
    return header + arr.tobytes()


def test_read_idx_of_bytes_file_and_gzip(tmp_path):
    arr = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    raw = bytes([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4]) + bytes(range(24))
    assert idx_bytes(arr) == raw
    assert np.array_equal(read_idx(raw), arr)
    path = tmp_path / "a.gz"
    path.write_bytes(gzip.compress(raw))
    out = read_idx(path)
    assert out.dtype == np.uint8 and np.array_equal(out, arr)
    assert np.array_equal(read_idx(str(path)), arr)


def test_read_idx_big_endian_int32_becomes_native():
    raw = bytes([0, 0, 0x0C, 1, 0, 0, 0, 2]) + bytes([0, 0, 1, 0, 255, 255, 255, 255])
    out = read_idx(raw)
    assert out.tolist() == [256, -1] and out.dtype == np.int32
    assert out.dtype.isnative


def test_read_idx_bad_magic_number():
    with pytest.raises(ValueError, match="bad magic number.*two zero bytes"):
        read_idx(b"\x01\x00\x08\x01\x00\x00\x00\x00")
    with pytest.raises(ValueError, match="bad magic number"):
        read_idx(b"\x00")


def test_read_idx_unsupported_type_code():
    with pytest.raises(ValueError, match="unsupported type code 0x07; expected one of 0x08"):
        read_idx(b"\x00\x00\x07\x01\x00\x00\x00\x00")


def test_read_idx_truncated_data_and_header():
    header = bytes([0, 0, 8, 3]) + struct.pack(">3I", 60000, 28, 28)
    msg = r"expected 47040000 bytes of data from the header \(60000, 28, 28\), got 1000"
    with pytest.raises(ValueError, match=msg):
        read_idx(header + bytes(1000))
    with pytest.raises(ValueError, match="expected 0 bytes .* got 1"):
        read_idx(bytes([0, 0, 8, 1, 0, 0, 0, 0, 7]))
    with pytest.raises(ValueError, match="header needs 16 bytes for 3 dimensions, got 8"):
        read_idx(header[:8])


def test_read_idx_truncated_gzip():
    data = gzip.compress(idx_bytes(np.zeros((5, 28, 28), np.uint8)))
    with pytest.raises(ValueError, match="gzip data is corrupt or truncated"):
        read_idx(data[:-20])


# Downloads against a local server --------------------------------------------

class Server:
    """A local HTTP server on 127.0.0.1 serving `root`; counts requests."""

    def __init__(self, root):
        self.paths = []
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self):
                server.paths.append(self.path)
                if self.path.endswith("/cut.bin"):  # an interrupted download
                    self.send_response(200)
                    self.send_header("Content-Length", "1000")
                    self.end_headers()
                    self.wfile.write(b"only the first bytes")
                    self.close_connection = True
                    return
                super().do_GET()

            def log_message(self, *args):
                pass

        handler = partial(Handler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        serve = partial(self.httpd.serve_forever, poll_interval=0.01)
        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()
        self.running = True

    def stop(self):
        if self.running:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.running = False


@pytest.fixture
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("www")  # apart from each test's tmp_path
    srv = Server(root)
    srv.root = root
    yield srv
    srv.stop()


def sha(data):
    return hashlib.sha256(data).hexdigest()


def tiny_mnist(m_train=5, m_test=3):
    """The four .gz files of a tiny MNIST: name -> bytes (pixel = index)."""
    out = {}
    for split, m in (("train", m_train), ("t10k", m_test)):
        images = (np.arange(m * 784) % 256).astype(np.uint8).reshape(m, 28, 28)
        labels = np.arange(m, dtype=np.uint8) % 10
        out[f"{split}-images-idx3-ubyte.gz"] = gzip.compress(idx_bytes(images), mtime=0)
        out[f"{split}-labels-idx1-ubyte.gz"] = gzip.compress(idx_bytes(labels), mtime=0)
    return out


def publish(server, folder, files):
    """Put files (name -> bytes) under server.root/folder; return its URL."""
    (server.root / folder).mkdir(exist_ok=True)
    for name, data in files.items():
        (server.root / folder / name).write_bytes(data)
    return server.url + folder + "/"


def corrupt(data):
    return data[:-1] + bytes([data[-1] ^ 0xFF])


@pytest.fixture
def tiny(monkeypatch):
    files = tiny_mnist()
    monkeypatch.setattr(mnist, "MNIST_FILES", {n: sha(d) for n, d in files.items()})
    return files


def test_load_mnist_downloads_caches_and_loads(server, tiny, tmp_path):
    good = publish(server, "good", tiny)
    cache = tmp_path / "cache"
    X, y, Xt, yt = load_mnist(cache_dir=cache, mirrors=[good])
    assert X.shape == (5, 28, 28) and X.dtype == np.float32
    assert Xt.shape == (3, 28, 28) and y.dtype == yt.dtype == np.int64
    assert y.tolist() == [0, 1, 2, 3, 4] and yt.tolist() == [0, 1, 2]
    assert X[0, 0, 3] == np.float32(3 / 255) and X[1, 0, 0] == np.float32(16 / 255)
    assert sorted(p.name for p in cache.iterdir()) == sorted(tiny)
    Xf, _, _, _ = load_mnist(cache_dir=cache, mirrors=[good], flatten=True, scale=False)
    assert Xf.shape == (5, 784) and Xf.dtype == np.uint8 and Xf[1, 0] == 16


def test_second_call_uses_the_cache(server, tiny, tmp_path):
    good = publish(server, "good", tiny)
    load_mnist(cache_dir=tmp_path, mirrors=[good])
    assert len(server.paths) == 4
    server.stop()
    X, y, _, _ = load_mnist(cache_dir=tmp_path, mirrors=[good])
    assert X.shape == (5, 28, 28) and len(server.paths) == 4


def test_cache_dir_from_environment(server, tiny, tmp_path, monkeypatch):
    monkeypatch.setenv("NNSCRATCH_DATA", str(tmp_path / "data"))
    load_mnist(mirrors=[publish(server, "good", tiny)])
    assert len(list((tmp_path / "data" / "mnist").iterdir())) == 4


def test_corrupt_mirror_is_reported_and_the_next_one_used(server, tmp_path):
    data = b"the real file"
    bad = publish(server, "bad", {"f.bin": corrupt(data)})
    good = publish(server, "good", {"f.bin": data})
    with pytest.warns(RuntimeWarning, match="bad/f.bin failed.*SHA-256 mismatch"):
        path = download([bad, good], "f.bin", sha(data), tmp_path)
    assert path == tmp_path / "f.bin" and path.read_bytes() == data
    assert server.paths == ["/bad/f.bin", "/good/f.bin"]
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]


def test_all_mirrors_corrupt_is_one_clear_error_and_an_empty_cache(server, tmp_path):
    data = b"the real file"
    urls = [publish(server, d, {"f.bin": corrupt(data)}) for d in ("a", "b")]
    cache = tmp_path / "cache"
    want, got = sha(data), sha(corrupt(data))
    with pytest.warns(RuntimeWarning), pytest.raises(DownloadError) as info:
        download(urls, "f.bin", want, cache)
    msg = str(info.value)
    assert "could not get f.bin from any mirror" in msg
    for url in urls:
        assert f"{url}f.bin: SHA-256 mismatch: expected {want}, got {got}" in msg
    assert list(cache.iterdir()) == []  # not even a temporary file


def test_corrupt_cached_file_is_detected_and_replaced(server, tmp_path):
    data = b"the real file"
    good = publish(server, "good", {"f.bin": data})
    (tmp_path / "f.bin").write_bytes(corrupt(data))
    with pytest.warns(RuntimeWarning, match=f"expected {sha(data)}; downloading it again"):
        path = download([good], "f.bin", sha(data), tmp_path)
    assert path.read_bytes() == data and server.paths == ["/good/f.bin"]


def test_interrupted_download_leaves_nothing_in_the_cache(server, tmp_path):
    with pytest.warns(RuntimeWarning), pytest.raises(DownloadError, match=r"\(20 bytes\)"):
        download([server.url], "cut.bin", sha(b"x" * 1000), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_good_cached_file_is_used_without_network(tmp_path):
    (tmp_path / "f.bin").write_bytes(b"abc")
    digest = sha(b"abc").upper()  # case does not matter
    assert download(["http://127.0.0.1:9/"], "f.bin", digest, tmp_path).read_bytes() == b"abc"


def test_404_and_unreachable_mirrors_are_skipped(server, tmp_path):
    data = b"the real file"
    good = publish(server, "good", {"f.bin": data})
    with pytest.warns(RuntimeWarning, match="missing/f.bin failed.*404"):
        path = download([server.url + "missing", good], "f.bin", sha(data), tmp_path)
    assert path.read_bytes() == data
    assert server.paths == ["/missing/f.bin", "/good/f.bin"]


def test_every_mirror_failing_lists_each_reason(server, tmp_path):
    server.stop()  # nothing listens on that port any more
    with pytest.warns(RuntimeWarning), pytest.raises(DownloadError) as info:
        download([server.url, "nowhere://x/"], "f.bin", sha(b""), tmp_path, timeout=2)
    lines = str(info.value).splitlines()
    assert lines[0] == "download: could not get f.bin from any mirror:"
    assert lines[1].startswith(f"  {server.url}f.bin: ") and "refused" in lines[1].lower()
    assert lines[2].startswith("  nowhere://x/f.bin: ") and "unknown url type" in lines[2]
    assert list(tmp_path.iterdir()) == []


def test_download_wants_a_list_of_urls(tmp_path):
    msg = "url_list must be a non-empty list of base URLs, got 'http"
    with pytest.raises(TypeError, match=msg):
        download("http://127.0.0.1/", "f.bin", sha(b""), tmp_path)
    with pytest.raises(TypeError, match=r"got \[\]"):
        download([], "f.bin", sha(b""), tmp_path)


def test_load_mnist_checks_images_and_labels_agree(server, tmp_path, monkeypatch):
    files = tiny_mnist()
    files["train-labels-idx1-ubyte.gz"] = gzip.compress(idx_bytes(np.zeros(4, np.uint8)))
    monkeypatch.setattr(mnist, "MNIST_FILES", {n: sha(d) for n, d in files.items()})
    msg = r"train images have shape \(5, 28, 28\) and labels \(4,\)"
    with pytest.raises(ValueError, match=msg):
        load_mnist(cache_dir=tmp_path, mirrors=[publish(server, "g", files)])


def test_load_mnist_files_argument(server, tmp_path):
    files = tiny_mnist(m_train=2, m_test=1)
    digests = {n: sha(d) for n, d in files.items()}
    X, y, Xt, yt = load_mnist(tmp_path, [publish(server, "f", files)], files=digests)
    assert X.shape == (2, 28, 28) and Xt.shape == (1, 28, 28)
    msg = r"four MNIST files; missing \['t10k-images-idx3-ubyte.gz', "
    with pytest.raises(ValueError, match=msg):
        load_mnist(tmp_path, [server.url], files={"train-images-idx3-ubyte.gz": "0" * 64})


def test_mnist_files_hold_sha256_digests():
    assert sorted(mnist.MNIST_FILES) == sorted(["train-images-idx3-ubyte.gz",
                                               "train-labels-idx1-ubyte.gz",
                                               "t10k-images-idx3-ubyte.gz",
                                               "t10k-labels-idx1-ubyte.gz"])
    assert all(len(d) == 64 and int(d, 16) >= 0 for d in mnist.MNIST_FILES.values())
    assert mnist.MNIST_FILES["train-labels-idx1-ubyte.gz"].startswith("3552534a")
