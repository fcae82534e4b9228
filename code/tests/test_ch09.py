"""Chapter 9's checkers accept the reference answers and name the usual
mistakes; plot.decision_regions draws any number of classes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnscratch import plot  # noqa: E402
from nnscratch.exercises import ch09  # noqa: E402
from nnscratch.layers import Layer, Parameter  # noqa: E402
from nnscratch.train import Callback  # noqa: E402
from reporting import words  # noqa: E402


# check_scale_layer ----------------------------------------------------------

class Scale(Layer):
    def __init__(self, n, dtype=np.float64):
        self.s = Parameter(np.ones(n, dtype), name="s")
        self._x = None

    def forward(self, x):
        self._x = x
        return x * self.s.data

    def backward(self, dout):
        self.s.accumulate((dout * self._x).sum(axis=0))
        return dout * self.s.data


class ScaleGradPlusEquals(Scale):
    """Adding into .grad directly is just as right."""

    def backward(self, dout):
        self.s.grad += np.sum(dout * self._x, axis=0)
        return dout * self.s.data


@pytest.mark.parametrize("answer", [Scale, ScaleGradPlusEquals])
def test_check_scale_layer_accepts_the_reference(answer):
    report = ch09.check_scale_layer(answer)
    assert report and report.total == 18, str(report)


class Stub(Layer):
    def __init__(self, n, dtype=np.float64):
        self.s = Parameter(np.ones(n, dtype), name="s")
        self._x = None

    def forward(self, x):
        raise NotImplementedError

    def backward(self, dout):
        raise NotImplementedError


def test_check_scale_layer_reports_a_stub_as_not_implemented():
    report = ch09.check_scale_layer(Stub)
    text = str(report)
    assert not report and text.count("✗") == 1, text
    assert "✓" not in text, text
    assert "✗ not implemented yet" in text
    assert text.endswith("0/18 checks passed: the answer is not written yet.")


class BackwardStub(Scale):
    def backward(self, dout):
        raise NotImplementedError


def test_check_scale_layer_counts_every_check_when_backward_is_a_stub():
    report = ch09.check_scale_layer(BackwardStub)
    assert not report and report.total == 18, str(report)
    assert "not written yet" in str(report)


class Replaces(Scale):
    def backward(self, dout):
        self.s.grad = (dout * self._x).sum(axis=0)   # not added
        return dout * self.s.data


class WrongAxis(Scale):
    def backward(self, dout):
        self.s.grad += (dout * self._x).sum(axis=1)
        return dout * self.s.data


class WrongAxisAccumulate(Scale):
    def backward(self, dout):
        self.s.accumulate((dout * self._x).sum(axis=1))
        return dout * self.s.data


class NoReturn(Scale):
    def backward(self, dout):
        self.s.accumulate((dout * self._x).sum(axis=0))


class PassesDoutThrough(Scale):
    def backward(self, dout):
        self.s.accumulate((dout * self._x).sum(axis=0))
        return dout


class InPlace(Scale):
    def backward(self, dout):
        self.s.accumulate((dout * self._x).sum(axis=0))
        dout *= self.s.data
        return dout


@pytest.mark.parametrize("broken, failing, named", [
    (Replaces, "a second backward adds to s.grad",
     "add into the gradient, do not replace it"),
    (WrongAxis, "s.grad = sum over rows", "wrong axis"),
    (WrongAxisAccumulate, "raised ValueError", "wrong axis or no sum"),
    (NoReturn, "backward returned None", "`return dx`"),
    (PassesDoutThrough, "returns dL/dx = dout * s", "forgot the factor s"),
    (InPlace, "leaves dout unchanged", "do not change dout in place"),
])
def test_check_scale_layer_names_common_mistakes(broken, failing, named):
    report = ch09.check_scale_layer(broken)
    text = words(report)
    assert not report
    assert failing in text and named in text, text


def test_check_scale_layer_wants_a_layer_class():
    report = ch09.check_scale_layer(Scale(3))
    assert not report and "pass the class itself" in words(report)


def test_check_scale_layer_names_a_missing_parameter():
    class NoParameter(Layer):
        def __init__(self, n, dtype=np.float64):
            self.s = np.ones(n, dtype)

        def forward(self, x):
            return x * self.s

    report = ch09.check_scale_layer(NoParameter)
    assert not report and "keep the scale in a Parameter" in words(report)


# check_stop_at_accuracy ---------------------------------------------------

class StopAtAccuracy(Callback):
    def __init__(self, target, monitor="accuracy"):
        self.target, self.monitor = target, monitor
        self.stopped_epoch = None

    def on_epoch_end(self, epoch, logs, model):
        if logs[self.monitor] >= self.target:
            self.stopped_epoch = epoch
            return True
        return False


def test_check_stop_at_accuracy_accepts_the_reference():
    report = ch09.check_stop_at_accuracy(StopAtAccuracy)
    assert report and report.total == 6, str(report)


def test_check_stop_at_accuracy_reports_a_stub_once():
    class CallbackStub(StopAtAccuracy):
        def on_epoch_end(self, epoch, logs, model):
            raise NotImplementedError

    report = ch09.check_stop_at_accuracy(CallbackStub)
    text = str(report)
    assert not report and text.count("✗") == 1 and "not implemented" in text
    assert text.endswith("0/6 checks passed: the answer is not written yet.")


class Strict(StopAtAccuracy):
    def on_epoch_end(self, epoch, logs, model):
        if logs[self.monitor] > self.target:
            self.stopped_epoch = epoch
            return True
        return False


class NeverStops(StopAtAccuracy):
    def on_epoch_end(self, epoch, logs, model):
        if logs[self.monitor] >= self.target:
            self.stopped_epoch = epoch


class AlwaysAccuracy(StopAtAccuracy):
    def on_epoch_end(self, epoch, logs, model):
        if logs["accuracy"] >= self.target:
            self.stopped_epoch = epoch
            return True
        return False


class NoStoppedEpoch(StopAtAccuracy):
    def on_epoch_end(self, epoch, logs, model):
        return logs[self.monitor] >= self.target


@pytest.mark.parametrize("broken, failing, named", [
    (Strict, "exactly the target: stop", "compare with >=, not >"),
    (NeverStops, "above the target: stop", "must return True to stop"),
    (AlwaysAccuracy, "monitor='val_accuracy'", "logs[self.monitor]"),
    (NoStoppedEpoch, "stopped_epoch is the epoch",
     "self.stopped_epoch = epoch"),
])
def test_check_stop_at_accuracy_names_common_mistakes(broken, failing,
                                                      named):
    report = ch09.check_stop_at_accuracy(broken)
    text = words(report)
    assert not report
    assert f"✗ {failing}" in text or failing in text, text
    assert named in text, text


def test_check_stop_at_accuracy_in_fit_runs_until_the_first_perfect_epoch():
    report = ch09.check_stop_at_accuracy(NeverStops)
    assert "ran 60 epochs" in words(report)


# plot.decision_regions ----------------------------------------------------

def spiral_like():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    y = np.arange(30) % 3
    return X, y


def nearest_centre(P):
    centres = np.array([[0.0, 1.0], [1.0, -1.0], [-1.0, -1.0]])
    d = ((P[:, None, :] - centres[None]) ** 2).sum(axis=2)
    return d.argmin(axis=1)


def test_decision_regions_returns_axes_with_one_legend_entry_per_class():
    X, y = spiral_like()
    ax = plot.decision_regions(nearest_centre, X, y, title="three")
    assert isinstance(ax, matplotlib.axes.Axes)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["class 0", "class 1", "class 2"]
    assert ax.get_title() == "three" and ax.get_xlabel() == "$x_1$"
    plt.close("all")


def test_decision_regions_draws_on_a_given_axes_with_names():
    X, y = spiral_like()
    fig, ax = plt.subplots()
    out = plot.decision_regions(nearest_centre, X, y, ax=ax,
                                class_names=["a", "b", "c"],
                                resolution=20)
    assert out is ax
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["a", "b", "c"]
    plt.close(fig)


def test_decision_regions_works_for_two_classes_in_the_part1_colours():
    X, y = spiral_like()
    y = y % 2
    ax = plot.decision_regions(lambda P: (P[:, 0] > 0).astype(int), X, y,
                               resolution=20)
    colours = [tuple(c.get_facecolor()[0]) for c in ax.collections[-2:]]
    assert colours[0] == matplotlib.colors.to_rgba(plot.NEGATIVE)
    assert colours[1] == matplotlib.colors.to_rgba(plot.POSITIVE)
    plt.close("all")


def test_decision_regions_rejects_scores_with_a_clear_message():
    X, y = spiral_like()
    with pytest.raises(ValueError, match=r"argmax\(axis=1\)"):
        plot.decision_regions(lambda P: np.zeros((len(P), 3)), X, y,
                              resolution=10)
    with pytest.raises(ValueError, match="integer class labels"):
        plot.decision_regions(lambda P: np.full(len(P), 0.3), X, y,
                              resolution=10)
    plt.close("all")


def test_decision_regions_rejects_bad_data():
    X, y = spiral_like()
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\)"):
        plot.decision_regions(nearest_centre, X[:, :1], y)
    with pytest.raises(ValueError, match=r"y must have shape \(30,\)"):
        plot.decision_regions(nearest_centre, X, y[:5])
    with pytest.raises(ValueError, match="integer class labels"):
        plot.decision_regions(nearest_centre, X, y.astype(float))
    with pytest.raises(ValueError, match="class_names needs 3"):
        plot.decision_regions(nearest_centre, X, y, class_names=["a"],
                              resolution=10)
    plt.close("all")


# The checker audit: correct alternatives pass, and each realistic mistake
# gets its own hint (and is not reported twice).

class ScaleEinsum(Layer):
    """Other names, a copy of x, einsum and explicit broadcasting."""

    def __init__(self, n, dtype=np.float64):
        self.scale = Parameter(np.ones(n, dtype=dtype), name="scale")

    def forward(self, x):
        self.cache = np.array(x, copy=True)
        return np.multiply(self.scale.data, x)

    def backward(self, dout):
        self.scale.grad += np.einsum("ij,ij->j", dout, self.cache)
        return self.scale.data[None, :] * dout


def test_check_scale_layer_accepts_another_correct_layer():
    report = ch09.check_scale_layer(ScaleEinsum)
    assert report and report.total == 18, str(report)


class ForgetsX(Scale):
    def backward(self, dout):
        self.s.accumulate(dout.sum(axis=0))
        return dout * self.s.data


class MeanNotSum(Scale):
    def backward(self, dout):
        self.s.accumulate((dout * self._x).mean(axis=0))
        return dout * self.s.data


class DxUsesX(Scale):
    def backward(self, dout):
        self.s.accumulate((dout * self._x).sum(axis=0))
        return dout * self._x


class StartsAtZero(Scale):
    def __init__(self, n, dtype=np.float64):
        self.s = Parameter(np.zeros(n, dtype), name="s")
        self._x = None


class IgnoresDtype(Scale):
    def __init__(self, n, dtype=np.float64):
        self.s = Parameter(np.ones(n), name="s")
        self._x = None


class ForgetsToCache(Scale):
    def forward(self, x):
        return x * self.s.data


@pytest.mark.parametrize("broken, failing, named", [
    (ForgetsX, "s.grad = sum over rows", "forgot the factor x"),
    (MeanNotSum, "s.grad = sum over rows", "a mean instead of a sum"),
    (DxUsesX, "returns dL/dx = dout * s", "dx has x where it needs s"),
    (StartsAtZero, "the scales start at 1", "start at ones"),
    (IgnoresDtype, "float32 input and parameters", "with the dtype argument"),
    (ForgetsToCache, "raised TypeError", "forward must remember its input"),
])
def test_check_scale_layer_names_more_mistakes(broken, failing, named):
    report = ch09.check_scale_layer(broken)
    text = words(report)
    assert not report
    assert failing in text and named in text, text


@pytest.mark.parametrize("broken", [ForgetsX, MeanNotSum])
def test_a_wrong_gradient_that_is_added_is_not_blamed_on_adding(broken):
    report = ch09.check_scale_layer(broken)
    adding = [ok for ok, what, _ in report.lines if "second backward" in what]
    assert adding and all(adding), str(report)


def test_check_scale_layer_shows_values_when_dx_has_the_right_shape():
    text = words(ch09.check_scale_layer(DxUsesX))
    assert "in the first row, expected" in text and "got shape" not in text


class StopAtAccuracyAlt(Callback):
    """Resets itself, reads logs with .get, returns a NumPy bool."""

    def __init__(self, target, monitor="accuracy"):
        self.target = target
        self.monitor = monitor
        self.stopped_epoch = None

    def on_train_begin(self, model):
        self.stopped_epoch = None

    def on_epoch_end(self, epoch, logs, model):
        stop = np.asarray(logs.get(self.monitor, -np.inf)) >= self.target
        if stop:
            self.stopped_epoch = epoch
        return stop


def test_check_stop_at_accuracy_accepts_another_correct_callback():
    report = ch09.check_stop_at_accuracy(StopAtAccuracyAlt)
    assert report and report.total == 6, str(report)


class Inverted(StopAtAccuracy):
    def on_epoch_end(self, epoch, logs, model):
        if logs[self.monitor] >= self.target:
            self.stopped_epoch = epoch
        return logs[self.monitor] < self.target


class OffByOne(StopAtAccuracy):
    def on_epoch_end(self, epoch, logs, model):
        if logs[self.monitor] >= self.target:
            self.stopped_epoch = epoch - 1
            return True
        return False


class NoMonitorArgument(Callback):
    def __init__(self, target):
        self.target, self.stopped_epoch = target, None

    def on_epoch_end(self, epoch, logs, model):
        if logs["accuracy"] >= self.target:
            self.stopped_epoch = epoch
            return True
        return False


class NotACallback:
    def __init__(self, target, monitor="accuracy"):
        self.target, self.monitor = target, monitor
        self.stopped_epoch = None

    def on_epoch_end(self, epoch, logs, model):
        return logs[self.monitor] >= self.target


@pytest.mark.parametrize("broken, failing, named", [
    (OffByOne, "stopped_epoch is the epoch", "self.stopped_epoch = epoch"),
    (NoMonitorArgument, "monitor='val_accuracy'", "keep the signature"),
    (NotACallback, "has on_train_begin", "derive from Callback"),
])
def test_check_stop_at_accuracy_names_more_mistakes(broken, failing, named):
    report = ch09.check_stop_at_accuracy(broken)
    text = words(report)
    assert not report
    assert failing in text and named in text, text


def test_check_stop_at_accuracy_says_once_that_the_answer_is_inverted():
    text = str(ch09.check_stop_at_accuracy(Inverted))
    assert text.count("hint:") == 1 and "wrong way round" in words(text)
