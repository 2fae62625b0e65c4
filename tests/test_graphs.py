import pytest
from matplotlib.patches import Circle, FancyBboxPatch

from helpers import graphs


def texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def test_lecture_graph_has_six_values_and_five_operations():
    fig = graphs.computational_graph()
    ax = fig.axes[0]
    circles = sorted(p.center[0] for p in ax.patches if isinstance(p, Circle))
    boxes = sorted(p.get_x() + p.get_width() / 2 for p in ax.patches if isinstance(p, FancyBboxPatch))
    assert len(circles) == 6 and len(boxes) == 5
    assert all(a < box < b for a, box, b in zip(circles, boxes, circles[1:]))    # value, operation, value, ...
    at = {t.get_text(): t.get_position() for t in ax.texts}
    chain = [at[label][0] for pair in zip(graphs.LECTURE_VALUES, graphs.LECTURE_OPERATIONS) for label in pair]
    assert chain + [at["$L$"][0]] == sorted(chain + [at["$L$"][0]])             # x -> ... -> L, left to right
    assert [at[v][0] for v in graphs.LECTURE_VALUES] == pytest.approx(circles)   # each value in its circle
    assert [at[o][0] for o in graphs.LECTURE_OPERATIONS] == pytest.approx(boxes)  # each operation in its box
    for op, d in zip(graphs.LECTURE_OPERATIONS, graphs.LECTURE_BACKWARD):        # its local derivative under it
        assert at[d][0] == pytest.approx(at[op][0]) and at[d][1] < at[op][1]


def test_notes_and_no_backward():
    fig = graphs.computational_graph(values=["a", "b"], operations=["f"], backward=None,
                                     notes=["1.0", "2.0"], title="tiny")
    labels = texts(fig)
    assert {"a", "b", "f", "1.0", "2.0"} <= set(labels)
    assert not any("backward" in t for t in labels)
    at = {t.get_text(): t.get_position() for t in fig.axes[0].texts}
    assert at["a"][0] < at["f"][0] < at["b"][0]               # the chain runs left to right
    assert at["1.0"][0] == at["a"][0] and at["2.0"][0] == at["b"][0]   # each note over its own value
    assert at["1.0"][1] > at["a"][1]


@pytest.mark.parametrize("kwargs,match", [
    (dict(values=["a"], operations=[]), "at least two"),
    (dict(values=["a", "b", "c"], operations=["f"]), "need 2 operations"),
    (dict(values=["a", "b"], operations=["f"], backward=["g", "h"]), "one label per operation"),
    (dict(values=["a", "b"], operations=["f"], backward=None, notes=["1"]), "one text per value"),
])
def test_mismatched_labels_are_explained(kwargs, match):
    with pytest.raises(ValueError, match=match):
        graphs.computational_graph(**kwargs)


def test_a_string_instead_of_a_list_is_explained():
    with pytest.raises(TypeError, match="list of labels"):
        graphs.computational_graph(values="xyz")


def test_trajectories_one_line_per_run_and_target():
    fig = graphs.trajectories({"a": [1, 2, 3], "b": [3, 2, 1]}, target=3)
    ax = fig.axes[0]
    assert len(ax.lines) == 3
    assert list(ax.lines[0].get_xdata()) == [1, 2, 3] and list(ax.lines[1].get_ydata()) == [3, 2, 1]
    assert list(ax.lines[2].get_ydata()) == [3, 3]               # the target: a level line at 3
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["a", "b", "minimum (3)"]                   # each run named by its key, in order
    assert ax.lines[0].get_color() != ax.lines[1].get_color()


def test_trajectories_bad_input():
    with pytest.raises(TypeError, match="dict"):
        graphs.trajectories([1, 2, 3])
    with pytest.raises(ValueError, match="no values"):
        graphs.trajectories({"empty": []})
