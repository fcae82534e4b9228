import numpy as np
import pytest

plot = pytest.importorskip("nnscratch.plot")  # needs matplotlib

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
y = np.array([0, 0, 0, 1])


def test_neuron_diagram_draws_one_arrow_per_weight_coloured_by_sign():
    ax = plot.neuron_diagram([-0.5, 1.2], 0.3)
    arrows = [p for p in ax.patches if type(p).__name__ == "FancyArrowPatch"]
    assert len(arrows) == 3  # two synapses and the output
    assert arrows[0].get_edgecolor() != arrows[1].get_edgecolor()
    assert arrows[1].get_linewidth() > arrows[0].get_linewidth()  # |1.2| > |-0.5|


def test_neuron_diagram_wants_one_name_per_weight():
    with pytest.raises(ValueError, match="got 2 weights but 3 input names"):
        plot.neuron_diagram([1, 2], 0, input_names=["a", "b", "c"])


def test_decision_boundary_draws_the_half_level_line():
    ax = plot.decision_boundary(lambda P: (P.sum(axis=1) >= 1.5).astype(float), X, y)
    assert ax.collections and ax.get_legend() is not None


@pytest.mark.parametrize("bad_X, bad_y, message", [
    (np.zeros((4, 3)), y, r"X must have shape \(n, 2\), got \(4, 3\)"),
    (X, np.zeros(3), r"y must have shape \(4,\), got \(3,\)"),
])
def test_decision_boundary_names_wrong_shapes(bad_X, bad_y, message):
    with pytest.raises(ValueError, match=message):
        plot.decision_boundary(lambda P: P[:, 0], bad_X, bad_y)


def test_neuron_boundary_counts_correct_points_in_its_title():
    ax = plot.neuron_boundary([1, 1], -1.5, X, y)
    assert ax.get_title().endswith("4/4 right")
    ax = plot.neuron_boundary([1, 1], -0.5, X, y)
    assert ax.get_title().endswith("2/4 right")


def test_neuron_knobs_makes_one_panel_per_setting_and_hides_the_rest():
    fig = plot.neuron_knobs([(1, 1, -1.5), (1, 1, -0.5), (-1, 2, 0)], X, y, ncols=2)
    visible = [ax for ax in fig.axes if ax.axison]
    assert len(visible) == 3 and len(fig.axes) == 4
    titles = [ax.get_title() for ax in visible]
    assert titles[0].endswith("outputs: 0 0 0 1") and titles[1].endswith("outputs: 0 1 1 1")


def test_biological_neuron_is_labelled():
    ax = plot.biological_neuron()
    texts = " ".join(t.get_text() for t in ax.texts)
    for part in ("dendrites", "cell body", "axon", "synapses onto the\nnext neurons"):
        assert part in texts


def test_network_draws_weights_and_values():
    import matplotlib.pyplot as plt

    from nnscratch.plot import network

    rng = np.random.default_rng(0)
    ax = network([2, 3, 1], weights=[rng.normal(size=(2, 3)), rng.normal(size=(3, 1))],
                 values=[[1.0, 0.5], [0.3, 0.0, 1.2], [0.71]])
    texts = [t.get_text() for t in ax.texts]
    assert "0.71" in texts and "1.20" in texts and "inputs" in texts and "output" in texts
    assert len(ax.lines) == 2 * 3 + 3 * 1  # one line per weight
    plt.close("all")


def test_network_labels_nodes_without_values():
    import matplotlib.pyplot as plt

    from nnscratch.plot import network

    ax = network([3, 4, 4, 2])
    texts = [t.get_text() for t in ax.texts]
    assert "$x_3$" in texts and "$\\hat y_2$" in texts and "hidden layer 2" in texts
    plt.close("all")


def test_network_rejects_weights_and_values_of_the_wrong_shape():
    from nnscratch.plot import network

    with pytest.raises(ValueError, match=r"weights must have shapes \[\(2, 3\), \(3, 1\)\], got \[\(3, 2\), \(3, 1\)\]"):
        network([2, 3, 1], weights=[np.ones((3, 2)), np.ones((3, 1))])
    with pytest.raises(ValueError, match=r"values must have lengths \[2, 1\], got \[2, 2\]"):
        network([2, 1], values=[[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="at least 2 positive ints"):
        network([3])


def test_history_plot_draws_training_and_validation_curves():
    from nnscratch import plot
    from nnscratch.train import History
    h = History()
    for i in range(5):
        h.append({"loss": 1.0 / (i + 1), "val_loss": 1.2 / (i + 1),
                  "accuracy": 0.5 + 0.1 * i, "val_accuracy": 0.5})
    fig = plot.history(h, metric="accuracy")
    assert len(fig.axes) == 2
    assert [line.get_label() for line in fig.axes[0].lines] == ["training", "validation"]
    assert fig.axes[1].get_ylabel() == "accuracy"
    with pytest.raises(KeyError, match="nothing called 'f1' was logged"):
        plot.history(h, metric="f1")


def test_digits_marks_wrong_predictions_and_checks_lengths():
    from nnscratch import plot
    images = np.zeros((3, 784))
    fig = plot.digits(images, labels=[1, 2, 3], predictions=[1, 7, 3], ncols=3)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["1", "7 (2)", "3"]
    with pytest.raises(ValueError, match=r"not a square image"):
        plot.digits(np.zeros((2, 10)))
    with pytest.raises(ValueError, match=r"labels must have one entry per image \(3\), got 2"):
        plot.digits(np.zeros((3, 4, 4)), labels=[1, 2])
