"""Exercises of notebook 02: a NAND perceptron, and one step of Rosenblatt's rule.

The step function is notebook 02's (`lecture.step`): step(z) = 1 if z > 0, 0 if z <= 0."""
import numpy as np

from ..data import GATE_INPUTS as ROWS
from ..data import GATES
from ..lecture import step
from . import Wrong, array, close, correct, exercise, fmt, number

TRUTH = {name: tuple(outputs) for name, outputs in GATES.items()}


def step_rows(inputs, w, b):
    """z and step(z) of the perceptron w·x + b on each input row (z rounded, so
    that 0.1 + 0.2 - 0.3 counts as 0; -0.0 becomes 0.0)."""
    z = [round(float(np.dot(w, x)) + b, 10) + 0.0 for x in inputs]
    return z, tuple(int(step(v)) for v in z)


@exercise
def nand(w1, w2, b):
    """NAND = NOT(AND): any w1, w2, b whose perceptron step(w1*x1 + w2*x2 + b)
    outputs 1, 1, 1, 0 on the rows 00, 01, 10, 11 is correct."""
    w1, w2, b = number(w1, "w1"), number(w2, "w2"), number(b, "b")
    z, out = step_rows(ROWS, (w1, w2), b)
    if out == TRUTH["NAND"]:
        return correct(f"z on the rows 00, 01, 10, 11 is {', '.join(fmt(v) for v in z)}: "
                       "only (1, 1) has z <= 0, so only (1, 1) gives 0.")
    if out == TRUTH["AND"]:
        raise Wrong("These weights compute AND (only (1, 1) fires). NAND is NOT(AND): "
                    "flip the signs of all three numbers." + tie_advice(ROWS, z, TRUTH["AND"]))
    for name in ("OR", "NOR"):
        if out == TRUTH[name]:
            raise Wrong(f"These weights compute {name}. NAND must fire on 00, 01 and 10 "
                        "and stay silent only on 11.")
    (x1, x2), zi, oi, want = next(row for row in zip(ROWS, z, out, TRUTH["NAND"]) if row[-2] != row[-1])
    relation = "> 0" if zi > 0 else "<= 0"
    raise Wrong(f"Row (x1, x2) = ({x1}, {x2}): z = {fmt(w1)}·{x1} + {fmt(w2)}·{x2} + {fmt(b)} = "
                f"{fmt(zi)} {relation}, so the neuron outputs {oi}, but NAND({x1}, {x2}) = {want}"
                " (step(z) = 1 only for z > 0). "
                + ("Negative weights make (1, 1) the row with the smallest z; then choose b "
                   "so that only that row has z <= 0." if (w1 >= 0 or w2 >= 0) else
                   "Move b so that only (1, 1) has z <= 0."))


def tie_advice(rows, z, fires):
    """What to add to "flip the signs" when the answer has a row with z exactly 0: step(0) = 0
    on both sides of the flip, so that row keeps giving 0 where the opposite gate wants 1.
    Raising b by more than 0 and at most the smallest flipped z of the rows that fired
    (whose z is then negative) fixes it. "" when no row has z = 0."""
    ties = [f"({x1}, {x2})" for (x1, x2), zi in zip(rows, z) if zi == 0]
    if not ties:
        return ""
    room = min(zi for zi, fired in zip(z, fires) if fired)
    rows_text = f"the row {ties[0]}" if len(ties) == 1 else "the rows " + " and ".join(ties)
    return (f" Mind {rows_text}: there your z is exactly 0, and step(0) = 0 gives 0 before and "
            f"after the flip. So after flipping, raise b a little (by more than 0 and at most "
            f"{fmt(room)}) so that {'it gets' if len(ties) == 1 else 'they get'} z > 0.")


# The exercise's situation, as the notebook states it
STEP = {"w": (0.2, -0.4), "b": 0.1, "x": (1, 1), "y": 1, "lr": 0.5}


@exercise
def rosenblatt_step(w_new, b_new, w=STEP["w"], b=STEP["b"], x=STEP["x"], y=STEP["y"], lr=STEP["lr"]):
    """One update of the perceptron rule: y_hat = step(w·x + b), then
    w_new = w + lr (y - y_hat) x and b_new = b + lr (y - y_hat)."""
    w_new, b_new = array(w_new, (2,), "w_new", placeholder="two numbers"), number(b_new, "b_new")
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    (z,), (y_hat,) = step_rows([x], w, b)
    error = y - y_hat
    want_w, want_b = w + lr * error * x, b + lr * error
    w_ok, b_ok = close(w_new, want_w, 1e-6), close(b_new, want_b, 1e-6)
    if w_ok and b_ok:
        return correct(f"z = {fmt(z)}, so ŷ = {y_hat} and the error y − ŷ = {fmt(error)}; "
                       f"w moves by lr·{fmt(error)}·x to ({fmt(want_w[0])}, {fmt(want_w[1])}), b to {fmt(want_b)}.")
    if error and close(w_new, w) and close(b_new, b):
        raise Wrong(f"Nothing changed, but the neuron was wrong here: z = {fmt(z)} "
                    f"{'>' if z > 0 else '<='} 0, so ŷ = {y_hat} while y = {y}. "
                    f"The error y − ŷ = {fmt(error)} is not zero, so the weights move.")
    if error and close(w_new, w - lr * error * x) and close(b_new, b - lr * error):
        raise Wrong("You moved the weights the wrong way: the rule ADDS lr·(y − ŷ)·x, "
                    "with y the label and ŷ the neuron's output.")
    if error and close(w_new, w + error * x) and close(b_new, b + error):
        raise Wrong(f"The step is too big: multiply it by the learning rate lr = {fmt(lr)}.")
    if w_ok:
        raise Wrong(f"w_new is right; now the bias: b ← b + lr·(y − ŷ) (the bias acts like a "
                    f"weight on an input that is always 1), so b_new = {fmt(b)} + {fmt(lr)}·{fmt(error)}.")
    if b_ok:
        raise Wrong("b_new is right; for w_new add lr·(y − ŷ)·x to w, one number per input.")
    raise Wrong(f"Go one step at a time: z = w·x + b (here {fmt(z)}), ŷ = step(z) (1 only if z > 0), "
                "then w ← w + lr·(y − ŷ)·x and b ← b + lr·(y − ŷ).")
