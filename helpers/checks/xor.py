"""Exercises of notebook 03: XNOR with the product feature, and XOR from a hidden
layer of OR and NAND. The step function is the lecture's: 1 if z > 0, 0 if z <= 0."""
import numpy as np

from ..data import GATE_INPUTS as ROWS
from . import Wrong, array, correct, exercise, fmt, number
from .gates import TRUTH, step_rows, tie_advice

XOR = TRUTH["XOR"]
XNOR = tuple(1 - v for v in XOR)


@exercise
def xnor_with_product(w, b):
    """XNOR (1 when the inputs are equal) from the features (x1, x2, x1·x2): any
    three weights w and bias b whose perceptron step(w·f + b) outputs 1, 0, 0, 1."""
    w, b = array(w, (3,), "w", placeholder="three numbers"), number(b, "b")
    features = [(x1, x2, x1 * x2) for x1, x2 in ROWS]
    z, out = step_rows(features, w, b)
    if out == XNOR:
        return correct(f"z on the rows 00, 01, 10, 11 is {', '.join(fmt(v) for v in z)}: "
                       "one neuron computes XNOR once it sees x1·x2.")
    if out == XOR:
        raise Wrong("These weights compute XOR, the opposite of XNOR: flip the signs of all four numbers."
                    + tie_advice(ROWS, z, XOR))
    (x1, x2), f, zi, oi, want = next(row for row in zip(ROWS, features, z, out, XNOR) if row[-2] != row[-1])
    hint = (" With w3 = 0 the product feature is ignored and you are back to one line in "
            "(x1, x2), which cannot work: give x1·x2 a weight." if w[2] == 0 else "")
    raise Wrong(f"Row (x1, x2) = ({x1}, {x2}), features {f}: z = {fmt(zi)} so the neuron outputs "
                f"{oi} (step(z) = 1 only for z > 0), but XNOR({x1}, {x2}) = {want}.{hint}")


HIDDEN_OR_NAND = [(int(x1 or x2), int(not (x1 and x2))) for x1, x2 in ROWS]
HIDDEN_OR_AND = [(int(x1 or x2), int(x1 and x2)) for x1, x2 in ROWS]      # the lecture's hidden layer


@exercise
def xor_from_or_nand(v, c):
    """XOR from a hidden layer h1 = OR(x1, x2), h2 = NAND(x1, x2): any output weights
    v = (v1, v2) and bias c whose step(v1*h1 + v2*h2 + c) outputs 0, 1, 1, 0."""
    v, c = array(v, (2,), "v", placeholder="two numbers"), number(c, "c")
    z, out = step_rows(HIDDEN_OR_NAND, v, c)
    if out == XOR:
        return correct("The hidden points are (0, 1), (1, 1), (1, 1), (1, 0): the output neuron fires "
                       "only at (1, 1), so it is an AND of h1 and h2. XOR = OR AND NAND.")
    if step_rows(HIDDEN_OR_AND, v, c)[1] == XOR:
        which = ("the lecture's output neuron, step(h1 - 2*h2 - 0.5)" if np.allclose(v, (1, -2)) and c == -0.5
                 else "an output neuron for the lecture's OR/AND network (like its step(h1 - 2*h2 - 0.5))")
        raise Wrong(f"That is {which}: h1 but not h2. Here h2 is NAND, which is 1 unless both inputs "
                    "are 1: XOR needs h1 AND h2 now.")
    (x1, x2), h, zi, oi, want = next(row for row in zip(ROWS, HIDDEN_OR_NAND, z, out, XOR) if row[-2] != row[-1])
    raise Wrong(f"Row (x1, x2) = ({x1}, {x2}) goes to the hidden point (h1, h2) = {h}: "
                f"z = {fmt(zi)}, so the output is {oi} (step(z) = 1 only for z > 0), but "
                f"XOR({x1}, {x2}) = {want}. Look where "
                "the four hidden points lie: which one must be alone on its side?")
