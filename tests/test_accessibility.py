"""A course everyone can use: colours that survive greyscale and colour-vision
deficiencies, figures that describe themselves, notebooks that read in order.
(The widgets by keyboard and axe-core in a real browser: test_jupyterlab.py,
test_comp_graph_page.py, test_site.py.)"""
import base64
import html
import io
import itertools
import json
import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from colorspacious import cspace_convert, deltaE
from PIL import Image

from helpers import plots, training
from helpers.plots import style

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"))
WHITE = "#ffffff"


def luminance(color):
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    c = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2])


def contrast(a, b):
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def seen_with(color, deficiency):
    rgb = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.clip(cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}, "sRGB1"), 0, 1)


def test_contrast_follows_wcag():
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast("#777777", WHITE) == pytest.approx(4.48, abs=0.01)


def test_the_two_classes_differ_in_lightness_and_reach_3_to_1_against_white():
    zero, one = style.CLASS_COLORS
    assert contrast(zero, one) >= 3
    assert min(contrast(zero, WHITE), contrast(one, WHITE)) >= 3


def test_every_line_colour_reaches_3_to_1_and_every_text_colour_4_5_to_1_against_white():
    assert all(contrast(c, WHITE) >= 3 for c in style.PALETTE + [style.GREY]), style.PALETTE
    assert all(contrast(c, WHITE) >= 4.5 for c in (style.INK, style.RIGHT, style.WRONG))


@pytest.mark.parametrize("deficiency", ["protanomaly", "deuteranomaly", "tritanomaly"])
def test_classes_and_series_stay_apart_without_full_colour_vision(deficiency):
    """Simulated protanopia, deuteranopia and tritanopia (severity 100): every pair of the
    class colours and of the series colours stays at least 10 apart in CIECAM02-UCS
    (about three just noticeable differences)."""
    colors = list(dict.fromkeys(style.CLASS_COLORS + style.PALETTE[:4]))
    for a, b in itertools.combinations(colors, 2):
        assert deltaE(seen_with(a, deficiency), seen_with(b, deficiency), input_space="sRGB1") >= 10, (a, b)


def test_right_and_wrong_are_told_by_a_symbol_as_well_as_colour():
    fig = plots.image_grid(torch.zeros(3, 784), labels=[1, 2, 3], predictions=[1, 5, 3])
    titles = [ax.get_title() for ax in fig.axes[:3]]
    assert titles == ["1 ✓", "5 ✗ (true 2)", "3 ✓"] and "2 predicted right, 1 wrong" in plots.describe(fig)


# ---------------------------------------------------------------- figures describe themselves

def test_a_figure_is_described_from_its_own_content():
    history = training.History()
    for loss in (2.1, 0.9, 0.35, 0.4):
        history.add(train=(loss * 0.8, 0.5), val=(loss, 0.5))
    text = plots.describe(plots.training_curves(history, title="Two runs"))
    assert text.startswith("Two runs.") and "loss against epoch" in text
    assert "validation: from 2.1 to 0.4 (lowest 0.35" in text and "train: from 1.68 to 0.32" in text
    history.best_epoch = 3                       # early stopping's marker: where, not a series from 0 to 1
    text = plots.describe(plots.training_curves(history))
    assert "best validation marked at epoch 3" in text and "best validation: from" not in text
    fig, ax = plt.subplots()                     # a boundary drawn upright is said; a grey guide is not
    ax.plot([0.5, 0.5], [-0.5, 1.5])
    ax.axvline(0, color=plots.style.GREY)
    ax.set(xlabel="x1", ylabel="x2")
    assert plots.describe(fig) == "x2 against x1, a vertical line at x1 0.5."
    fig, ax = plt.subplots()
    ax.bar([0, 1, 2], [3, 9, 4])
    ax.set(title="$x_1$ counts", xlabel="gate")
    assert plots.describe(fig) == "x1 counts, values against gate, 3 bars from 3 to 9."


def test_figures_written_as_pictures_of_data_say_what_they_show():
    weights = np.zeros((2, 784))
    weights[1, 5] = -0.5
    text = plots.describe(plots.weight_images(weights, names=["a", "b"], title="W"))
    assert text.startswith("W: 2 weight vectors drawn as 28 x 28 images (a, b)") and "0.5" in text
    text = plots.describe(plots.confusion_heatmap(torch.tensor([[5, 1], [3, 7]])))
    assert "12 of 16 on the diagonal" in text and "a true 1 read as 0, 3 times" in text
    text = plots.describe(plots.confusion_heatmap(torch.diag(torch.tensor([5, 6, 7]))))
    assert "18 of 18 on the diagonal (right); there is no mistake" in text
    graph = plots.describe(plots.computational_graph())
    assert "y-hat" in graph and "dL/dy-hat" in graph and "$" not in graph


def stored_figures(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                yield i, output["data"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_stored_figure_carries_a_text_alternative_from_its_data_on_an_opaque_background(path):
    for i, data in stored_figures(path):
        shown = "".join(data.get("text/html", ""))
        alt = re.search(r'<img src="data:image/png;base64,[^"]+" alt="([^"]*)"/>', shown)
        assert alt, f"{path.name} code cell {i}: a figure without a text alternative (helpers.start() shows them)"
        words = html.unescape(alt.group(1))
        assert len(words) >= 40 and not words.startswith("<Figure") and re.search(r"\d", words), \
            f"{path.name} code cell {i}: the text alternative says too little: {words!r}"
        picture = Image.open(io.BytesIO(base64.b64decode(data["image/png"])))
        assert picture.mode == "RGB" or np.asarray(picture.convert("RGBA"))[..., 3].min() == 255, \
            f"{path.name} code cell {i}: a transparent figure disappears on a dark theme"


# ---------------------------------------------------------------- notebooks read in order

@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_title_no_skipped_heading_levels_and_links_that_say_where_they_go(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    markdown = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    levels = [len(h) for text in markdown for h in re.findall(r"^(#{1,6}) ", re.sub(r"```.*?```", "", text, flags=re.S),
                                                               re.M)]
    assert levels.count(1) == 1 and levels[0] == 1, f"{path.name}: one # title, first"
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"{path.name}: a heading level is skipped"
    links = [text for md in markdown for text in re.findall(r"\[([^\]]+)\]\([^)]+\)", md)]
    vague = [t for t in links if t.strip().lower() in {"here", "this", "link", "click here", "more"} or "://" in t]
    assert not vague, f"{path.name}: link texts that do not say where they go: {vague}"
