"""Exercises of notebook 09a (notebooks/09a_network_playground.ipynb): the network playground."""
from . import BadInput, Wrong, answers, correct, exercise, function, value_text, whole_number
from .forward import parameters_of


def _feature_list(features):
    from ..widgets.playground_model import FEATURES

    if features is None or features is Ellipsis:
        raise BadInput("You have not filled in features yet: replace None with a list such as ['x1', 'x2'].")
    if isinstance(features, str):
        raise BadInput(f"features should be a list of names, e.g. [{features!r}], not the text {features!r}.")
    try:
        features = list(features)
    except TypeError:
        raise BadInput(f"features should be a list of names such as ['x1', 'x2'], not {features!r}.") from None
    unknown = [f for f in features if f not in FEATURES]
    if unknown:
        raise BadInput(f"Unknown feature(s) {unknown}: the playground has {', '.join(FEATURES)}.")
    if not features:
        raise BadInput("features is empty: a network needs at least one input.")
    if len(set(features)) != len(features):
        raise BadInput(f"features lists a feature twice: {features}.")
    return features


@exercise
def xor_features(features):
    """Inputs that let a network with NO hidden layer (one neuron) learn XOR:
    trained 100 epochs on the playground's XOR, its train loss must fall below 0.1."""
    from ..widgets.playground_model import Playground

    features = _feature_list(features)
    pg = Playground(dataset="xor", hidden=(), features=tuple(features), seed=0).train(100)
    if pg.train_loss < 0.1:
        return correct(f"With {', '.join(features)} one neuron reaches train loss {pg.train_loss:.3f}: "
                       "x1*x2 is positive in two opposite quadrants and negative in the other two, "
                       "so a single threshold on it separates XOR.")
    if "x1*x2" not in features:
        raise Wrong(f"Train loss is still {pg.train_loss:.3f}. With these inputs one neuron can only "
                    "cut the plane where they change sign, and no such cut separates XOR. Which feature "
                    "is positive in two opposite quadrants and negative in the other two?")
    raise Wrong(f"Train loss is {pg.train_loss:.3f}: x1*x2 is the right idea, but the other features "
                "you added slow it down. Try x1*x2 with fewer companions.")


@exercise
def count(fn):
    """fn(n_inputs, hidden) -> the number of weights and biases of a playground
    network with n_inputs features, hidden layers `hidden` (a tuple of units, maybe
    empty) and one output."""
    function(fn, "count", "def count(n_inputs, hidden): ...")
    cases = [(2, (4, 2)), (3, ()), (7, (8, 8, 8, 8, 8, 8)), (1, (5,)), (2, (1, 1, 1))]
    for (n_inputs, hidden), value in zip(cases, answers(fn, cases, "count", "your code")):
        if value is None:
            raise BadInput(f"count({n_inputs}, {hidden}) returned None: did you forget `return` in one case? "
                           "It should return a whole number.")
        try:
            got = whole_number(value, f"count({n_inputs}, {hidden})")
        except BadInput:
            raise BadInput(f"count({n_inputs}, {hidden}) returned {value_text(value)}: it should return "
                           "a whole number.") from None
        want = parameters_of([n_inputs, *hidden, 1])       # counted on a network built with those sizes
        if got == want:
            continue
        weights = want - sum(hidden) - 1
        if got == weights:
            raise Wrong(f"count({n_inputs}, {hidden}) gave {got}: that is the weights only. Every unit "
                        "(hidden and output) also has a bias.")
        if hidden == ():
            raise Wrong(f"count({n_inputs}, ()) gave {got}, expected {want}: with no hidden layer the "
                        "inputs go straight to the single output neuron.")
        raise Wrong(f"count({n_inputs}, {hidden}) gave {got}, expected {want}. A layer from a units "
                    "to b units has a*b weights and b biases; the sizes run inputs, hidden..., 1.")
    return correct("Inputs -> hidden layers -> 1 output: a*b weights plus b biases per layer. "
                   "(The export cell's state_dict has exactly these numbers.)")
