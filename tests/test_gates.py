"""helpers.gates: reading a gate's inputs (bits only), truth tables, the line as text."""
import numpy as np
import pytest
import torch

from helpers import gates, lecture


def step_gate(w, b):
    """A gate written out here independently of the lecture's step: 1 if w·x + b > 0."""
    return lambda *x: float(np.dot(w, x) + b > 0)


@pytest.mark.parametrize("bits", [(0, 1), (1.0, 0.0), (True, False), (torch.tensor(1.0),), (np.array([0, 1]),)])
def test_require_bits_accepts_bits(bits):
    assert gates.require_bits(*bits) is None


@pytest.mark.parametrize("bad,shown", [((2, 1), "but got 2."), ((0, 0.5), "but got 0.5."), ((-1,), "but got -1."),
                                       ((torch.tensor([0.0, 3.0]),), "but got [3.]."),
                                       ((np.array([]),), "but got []."), ((None,), "but got None.")])
def test_require_bits_names_the_bad_input(bad, shown):
    with pytest.raises(ValueError) as err:
        gates.require_bits(*bad)
    assert str(err.value) == (f"Logic gates read bits: every input must be 0 or 1, {shown} "
                              "Call the neuron itself for other numbers.")


def test_require_bits_names_what_is_not_a_number():
    with pytest.raises(ValueError, match="Logic gates read bits, 0 or 1; got 'a', which is not a number."):
        gates.require_bits(1, "a")


def test_truth_table_is_true_only_when_every_row_matches(capsys):
    assert gates.truth_table(step_gate([1, 1], -1.5), "AND")
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["x1", "x2", "|", "AND", "expected"] and len(out) == 2 + 4
    assert [line.split() for line in out[2:]] == [["0", "0", "|", "0", "0", "✓"], ["0", "1", "|", "0", "0", "✓"],
                                                  ["1", "0", "|", "0", "0", "✓"], ["1", "1", "|", "1", "1", "✓"]]
    assert not gates.truth_table(step_gate([1, 1], -0.5), "AND")      # that is OR: wrong on rows 01 and 10
    assert [line.split()[-1] for line in capsys.readouterr().out.splitlines()[2:]] == ["✓", "✗", "✗", "✓"]
    assert gates.truth_table(lambda x: float(x == 0), "NOT", show=False)
    assert capsys.readouterr().out == ""
    assert gates.truth_table(lambda a, b: torch.tensor(float(a != b)), "xor", show=False)


def test_truth_table_runs_the_lectures_perceptron_and_shows_other_outputs_as_numbers(capsys):
    assert gates.truth_table(lambda a, b: lecture.perceptron([a, b], [1, 1], -1.5), "AND", show=False)
    assert not gates.truth_table(lambda a, b: lecture.neuron([a, b], [1, 1], -1.5, lecture.sigmoid), "AND")
    assert "0.182" in capsys.readouterr().out                           # sigmoid(-1.5), not a bit


def test_truth_table_rejects_a_gate_returning_several_numbers():
    with pytest.raises(ValueError, match="the gate returned 2 numbers for one row; it should return one."):
        gates.truth_table(lambda a, b: torch.tensor([a, b]), "AND", show=False)


@pytest.mark.parametrize("w,b,text", [([1, 1], -1.5, "$x_1 + x_2 - 1.5 = 0$"), ([-1], 0.5, "$-x + 0.5 = 0$"),
                                      ([2, -1], 0, "$2x_1 - x_2 = 0$"), ([0, 0], 1, "$1 = 0$ (no line)"),
                                      ([0, -0.5], 2, "$-0.5x_2 + 2 = 0$"),
                                      ([1, 1, -2], -0.5, "$x_1 + x_2 - 2x_3 - 0.5 = 0$")])
def test_line_equation(w, b, text):
    assert gates.line_equation(w, b) == text


@pytest.mark.parametrize("w,b,text", [([1, 1], -1.5, "x1 + x2 - 1.5 = 0"), ([-1], 0.5, "-x + 0.5 = 0"),
                                      ([2, 1], -2, "2·x1 + x2 - 2 = 0"), ([0, 0], 1, "1 = 0 (no line)"),
                                      ([0, -0.5], 2, "-0.5·x2 + 2 = 0")])
def test_line_text_is_the_equation_without_latex(w, b, text):
    assert gates.line_text(w, b) == text
