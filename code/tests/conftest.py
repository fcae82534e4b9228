import pytest


@pytest.fixture(autouse=True)
def _no_windows():
    """Figures in unit tests are drawn off-screen and closed afterwards."""
    try:
        import matplotlib
    except ImportError:
        yield
        return
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield
    plt.close("all")
