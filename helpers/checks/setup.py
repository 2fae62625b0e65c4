"""Exercises of notebook 00: getting used to how checks work."""
from . import Wrong, correct, exercise, number


@exercise
def warm_up(answer):
    """The warm-up: how many parameters has a neuron with 3 inputs (weights + bias)?"""
    n = number(answer, "answer")
    if n == 4:
        return correct("Three weights, one per input, plus one bias: 4.")
    if n == 3:
        raise Wrong("You counted the weights; a neuron also has a bias.")
    raise Wrong("Count one weight per input, then add the bias.")
