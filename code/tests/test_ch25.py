"""The speed page's checkers accept right answers (the reference and a
plain-loop alternative) and name the usual mistakes."""

from nnscratch.exercises import ch25
from reporting import failed_lines, words


def mlp_loops(sizes, m, need_input_grad):
    """A correct alternative: count every multiply-add of every product."""
    flops = 0
    for i in range(len(sizes) - 1):
        per_product = 2 * m * sizes[i] * sizes[i + 1]
        flops += per_product                   # x @ W
        flops += per_product                   # dW = x.T @ dout
        if i > 0 or need_input_grad:
            flops += per_product               # dx = dout @ W.T
    return flops


def conv_loops(N, C, H, W, F, k):
    outputs = N * F * (H - k + 1) * (W - k + 1)
    return outputs * C * k * k * 2


def test_right_answers_pass():
    for fn in (ch25.mlp_flops, mlp_loops):
        report = ch25.check_mlp_flops(fn)
        assert report, str(report)
    for fn in (ch25.conv_flops, conv_loops):
        report = ch25.check_conv_flops(fn)
        assert report, str(report)


def test_the_book_mlp_count_is_the_issue_number():
    # issue 12: "The necessary GEMMs of an epoch are 6.55 GFLOP"
    assert round(ch25.mlp_flops((784, 256, 10), 8000, False) / 1e9, 2) == 6.55


def test_mlp_mistakes_are_named():
    def first_layer_dx(s, m, g):
        return mlp_loops(s, m, True)

    def forward_only(s, m, g):
        return sum(2 * m * a * b for a, b in zip(s[:-1], s[1:]))

    def half(s, m, g):
        return mlp_loops(s, m, g) // 2

    for fn, text in ((first_layer_dx, "input gradient although it is not"),
                     (forward_only, "only the forward pass"),
                     (half, "one operation per multiply-add")):
        report = ch25.check_mlp_flops(fn)
        assert not report
        assert any(text in line for line in failed_lines(report)), \
            words(report)


def test_conv_mistakes_are_named():
    def same_size(N, C, H, W, F, k):
        return 2 * N * F * H * W * C * k * k

    def no_channels(N, C, H, W, F, k):
        return 2 * N * F * (H - k + 1) * (W - k + 1) * k * k

    for fn, text in ((same_size, "an output at every input pixel"),
                     (no_channels, "leaves out the input channels")):
        report = ch25.check_conv_flops(fn)
        assert not report
        assert any(text in line for line in failed_lines(report)), \
            words(report)


def test_stubs_and_missing_returns_are_reported():
    def stub(*args):
        raise NotImplementedError

    def no_return(*args):
        pass

    for check in (ch25.check_mlp_flops, ch25.check_conv_flops):
        assert "not written yet" in words(check(stub))
        assert "returned None" in words(check(no_return))
