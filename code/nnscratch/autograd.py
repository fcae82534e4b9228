"""A tiny scalar autograd engine: backpropagation by the computer.

Each ``Value`` holds one number (``data``), the gradient of the
final result with respect to it (``grad``), the Values it was made
from (``_prev``) and a closure ``_backward`` that passes ``grad`` on
to them by the chain rule: upstream gradient times local gradient.
Chapter 7 builds it step by step, after Andrej Karpathy's micrograd
(https://github.com/karpathy/micrograd, 2020). One Python object per
number makes it slow: layers work on whole arrays (``functional``).

    >>> x = Value(2.0)
    >>> y = x * x + 3 * x        # dy/dx = 2x + 3
    >>> y.backward(); x.grad
    7.0
"""

import math
import numbers


class Value:
    """One number, and d(output)/d(this number) in ``grad``.

    Combine with + - * / (Values or numbers), ** (a number
    exponent), exp, tanh, sigmoid, relu; then call ``backward()`` on
    the result. ``grad`` is *added* to (a Value used twice gets both
    parts), so build a fresh graph before calling ``backward()``
    again.
    """

    __array_ufunc__ = None  # NumPy defers to Value, which refuses

    def __init__(self, data, _prev=(), _op=""):
        if not isinstance(data, numbers.Real):  # nor a Value
            raise TypeError("Value holds one real number, "
                            f"got {type(data).__name__}")
        self.data = float(data)
        self.grad = 0.0
        self._prev = tuple(_prev)  # the Values it was made from
        self._op = _op             # the operation that made it
        self._backward = lambda: None  # a leaf passes nothing on

    def __repr__(self):
        return f"Value(data={self.data:.4f}, grad={self.grad:.4f})"

    @staticmethod
    def _lift(other, op):
        """A number becomes a Value; anything else is refused."""
        if isinstance(other, Value):
            return other
        if isinstance(other, numbers.Real):
            return Value(other)
        raise TypeError(f"unsupported operand for Value {op}: "
                        f"{type(other).__name__} "
                        "(use a Value or a number)")

    def __add__(self, other):
        other = self._lift(other, "+")
        out = Value(self.data + other.data, (self, other), "+")
        def _backward():            # d(a+b)/da = 1, d(a+b)/db = 1
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._lift(other, "*")
        out = Value(self.data * other.data, (self, other), "*")
        def _backward():            # d(ab)/da = b, d(ab)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        if not isinstance(k, numbers.Real):
            raise TypeError("unsupported operand for Value **: "
                            f"{type(k).__name__} (the exponent "
                            "must be an int or float)")
        if self.data < 0 and k != int(k):
            raise ValueError(f"Value ** {k}: a negative base "
                             f"({self.data}) has no real power {k}")
        out = Value(self.data ** k, (self,), f"**{k}")
        def _backward():            # d(a**k)/da = k a**(k-1)
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def _unary(self, value, local_grad, op):
        """out = f(self), where f'(self) = local_grad."""
        out = Value(value, (self,), op)
        def _backward():
            self.grad += local_grad * out.grad
        out._backward = _backward
        return out

    def exp(self):                  # (e^a)' = e^a
        e = math.exp(self.data)
        return self._unary(e, e, "exp")

    def tanh(self):                 # tanh' = 1 - tanh^2
        t = math.tanh(self.data)
        return self._unary(t, 1 - t * t, "tanh")

    def sigmoid(self):              # s' = s (1 - s)
        # exp of a number <= 0 cannot overflow
        e = math.exp(-abs(self.data))
        s = 1 / (1 + e) if self.data >= 0 else e / (1 + e)
        return self._unary(s, s * (1 - s), "sigmoid")

    def relu(self):                 # slope 1 for a > 0, else 0
        on = self.data > 0
        return self._unary(max(self.data, 0.0), float(on), "relu")

    # the rest is built from the operations above
    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-self._lift(other, "-"))

    def __truediv__(self, other):
        return self * self._lift(other, "/") ** -1

    __radd__ = __add__              # 2 + a is a + 2
    __rmul__ = __mul__              # 2 * a is a * 2

    def __rsub__(self, other):      # 2 - a
        return self._lift(other, "-") + (-self)

    def __rtruediv__(self, other):  # 2 / a
        return self._lift(other, "/") * self ** -1

    def backward(self):
        """Add d(self)/d(v) into ``grad`` of every Value v that self
        depends on.

        A topological sort lists each Value after the Values it was
        made from; then, from self back to the leaves, each one
        passes its finished gradient on. (Recursive: fine for the
        book's graphs.)
        """
        order, seen = [], set()
        def visit(v):
            if v not in seen:
                seen.add(v)
                for child in v._prev:
                    visit(child)
                order.append(v)     # after everything it depends on
        visit(self)
        self.grad = 1.0             # d(self)/d(self)
        for v in reversed(order):
            v._backward()
