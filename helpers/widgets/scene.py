"""What a widget shows, written once and drawn twice.

A widget describes its picture as a *scene*: a list of panels, each with its axes
(limits, ticks, labels) and its marks (an image, lines, points, bars, texts, a table),
plus a text alternative. `scene.js` draws a scene in the browser as SVG (live: the
explorers, the playground, the drawing pad), and `draw` draws the same scene with
matplotlib (the static figures of the stored notebooks, the slides and the website).
So the explorers compute their pictures in Python, with the notebooks' own code, and
the browser only draws: a change costs one message and one SVG update.

    panel(title, x=axis(-1, 1, "x1"), y=axis(0, 1, "p"), lines=[line(xs, ys)], points=[...])
    scene([panel, ...], alt="what the picture shows")
"""
import base64
import io
from pathlib import Path

import anywidget
import matplotlib as mpl
import numpy as np
import traitlets
from matplotlib.ticker import MaxNLocator

from ..plots.style import GREY, INK
from ..runtime import one_thread

MARKERS = {"circle": "o", "square": "s", "triangle": "^", "diamond": "D"}


def axis(lo, hi, label="", ticks=None, fmt="{:g}", hidden=False):
    """An axis from lo to hi: about five round ticks (or `ticks`), labelled with `fmt`.
    hidden: only the limits count (a picture without axes, such as a mosaic of maps)."""
    lo, hi = float(lo), float(hi)
    if ticks is None:
        ticks = [] if hidden else [t for t in MaxNLocator(5).tick_values(lo, hi) if lo - 1e-9 <= t <= hi + 1e-9]
    return {"lim": [lo, hi], "label": label, "ticks": [float(t) for t in ticks], "hidden": hidden,
            "labels": [fmt.format(round(float(t), 10) + 0.0) for t in ticks]}


def image(values, extent, cmap, vmin=0.0, vmax=1.0):
    """A colour image of `values` (rows bottom to top) over extent (x0, x1, y0, y1);
    NaN is transparent."""
    values = np.asarray(values, dtype=float)
    normed = np.clip((values - vmin) / ((vmax - vmin) or 1.0), 0, 1)
    rgba = mpl.colormaps[cmap](normed) if isinstance(cmap, str) else cmap(normed)
    rgba[np.isnan(values)] = 0
    return {"rgba": (255 * rgba).astype(np.uint8), "extent": [float(v) for v in extent]}


def line(x, y, color=INK, width=2.0, dash=None, label=None):
    """A polyline; NaN values break it. dash: None, "dashed" or "dotted"."""
    return {"x": _floats(x), "y": _floats(y), "color": color, "width": width, "dash": dash, "label": label}


def points(x, y, color, shape="circle", size=60, edge="white", label=None):
    """Markers of one shape (circle, square, triangle, diamond); color: one or one per point."""
    return {"x": _floats(x), "y": _floats(y), "color": color if isinstance(color, str) else list(color),
            "shape": shape, "size": size, "edge": edge, "label": label}


def text(x, y, content, color=INK, size=10, anchor="middle", bold=False):
    return {"x": float(x), "y": float(y), "text": str(content), "color": color, "size": size,
            "anchor": anchor, "bold": bold}


def panel(title="", x=None, y=None, width=4.0, height=3.4, equal=False, **marks):
    """One plot: title, x and y axes (`axis`), size in inches, and its marks: image
    (one `image` or a list), lines, points, bars ({"x", "height", "color", "labels"}),
    texts, table ({"columns", "rows", "colors"}, drawn instead of axes), legend (bool),
    zero_line (bool: a thin line at y = 0)."""
    return {"title": title, "x": x, "y": y, "width": width, "height": height, "equal": equal, **marks}


def slider(name, lo, hi, step, digits=1, label=None):
    """A slider's spec for scene.js, from lo to hi in steps of `step`, its value shown with
    `digits` decimals; labelled `label` (default: its name)."""
    return {"kind": "slider", "name": name, "label": label or name, "min": lo, "max": hi, "step": step,
            "digits": digits}


def choice(name, options, label=None):
    """A spec for scene.js: one of `options` (buttons side by side); labelled `label` (default: its name)."""
    return {"kind": "choice", "name": name, "label": label or name, "options": list(options)}


def scene(panels, alt, title=""):
    """A picture: panels side by side, a title over them, and its text alternative."""
    return {"panels": panels, "alt": alt, "title": title}


def _floats(values):
    return [None if not np.isfinite(v) else float(v) for v in np.asarray(values, dtype=float).ravel()]


def _png(rgba):
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba[::-1])).save(buffer, format="png", compress_level=1)
    return base64.b64encode(buffer.getvalue()).decode()


def to_json(picture):
    """The scene as JSON for scene.js: every image as a base64 PNG (top row first)."""
    def convert(value):
        if isinstance(value, dict):
            if "rgba" in value:
                return {"png": _png(value["rgba"]), "extent": value["extent"]}
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value
    return convert(picture)


# ------------------------------------------------------------------ the static twin

_DASHES = {None: "-", "dashed": "--", "dotted": ":"}


def draw(picture, fig=None):
    """The scene as a matplotlib figure (panels side by side); returns the figure."""
    import matplotlib.pyplot as plt

    panels = picture["panels"]
    width = sum(p["width"] for p in panels)
    height = max(p["height"] for p in panels) + 0.3 * bool(picture["title"])
    fig = fig or plt.figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(1, len(panels), squeeze=False, width_ratios=[p["width"] for p in panels])[0]
    for ax, p in zip(axes, panels):
        _draw_panel(ax, p)
    if picture["title"]:
        fig.suptitle(picture["title"], fontweight="bold")
    fig.alt_text = picture["alt"]
    return fig


def _draw_panel(ax, p):
    if p.get("table"):
        _draw_table(ax, p["table"])
    else:
        for im in ([p["image"]] if isinstance(p.get("image"), dict) else p.get("image") or []):
            ax.imshow(im["rgba"], extent=im["extent"], origin="lower", aspect="auto", interpolation="nearest",
                      zorder=0)
        for ln in p.get("lines", []):
            ax.plot(ln["x"], [np.nan if v is None else v for v in ln["y"]], _DASHES[ln["dash"]],
                    color=ln["color"], lw=ln["width"], label=ln["label"], zorder=2)
        for pt in p.get("points", []):
            ax.scatter(pt["x"], pt["y"], s=pt["size"], c=pt["color"], marker=MARKERS[pt["shape"]],
                       edgecolors=pt["edge"], linewidths=1, label=pt["label"], zorder=3)
        if p.get("bars"):
            b = p["bars"]
            bars = ax.bar(b["x"], b["height"], color=b["color"], width=0.7, zorder=2)
            ax.bar_label(bars, b.get("labels"), fontsize=8, padding=2)
        for t in p.get("texts", []):
            ax.text(t["x"], t["y"], t["text"], color=t["color"], fontsize=t["size"], zorder=4,
                    ha={"start": "left", "middle": "center", "end": "right"}[t["anchor"]],
                    fontweight="bold" if t["bold"] else "normal")
        if p["x"] and p["x"]["hidden"]:
            ax.axis("off")
        for name, a, setter in (("x", p["x"], ax.set_xticks), ("y", p["y"], ax.set_yticks)):
            if a:
                getattr(ax, f"set_{name}lim")(*a["lim"])
                setter(a["ticks"], a["labels"])
                getattr(ax, f"set_{name}label")(a["label"])
        if p.get("equal"):
            ax.set_aspect("equal")
        if p.get("legend"):
            ax.legend(fontsize=8, loc="best")
        ax.grid(False)
        if p.get("zero_line"):
            ax.axhline(0, color=GREY, lw=0.6, zorder=1)
    ax.set_title(p["title"], fontsize=11)


def _draw_table(ax, table):
    ax.axis("off")
    cells = ax.table(cellText=table["rows"], colLabels=table["columns"], loc="center", cellLoc="center")
    cells.scale(1, 1.7)
    cells.set_fontsize(11)
    for r, row in enumerate(table.get("colors", []), start=1):
        for c, color in enumerate(row):
            if color:
                cells[r, c].get_text().set_color(color)


# ------------------------------------------------------------------ the live widget

JS = Path(__file__).resolve().parent / "js"
LIBRARY = (JS / "scene.js").read_text(encoding="utf-8")


class SceneWidget(anywidget.AnyWidget):
    """A widget that shows a scene: its controls (`controls`: specs for scene.js) set
    `values`; a subclass recomputes `scene`, `text` (HTML: tables, messages) and
    `announce` (what a screen reader says) in `redraw()`, which runs when the widget is
    made and after every change of `values`. Buttons arrive as `click(name)`.

    From Python (tests, notebooks): `ui.set(w1=1.0)` moves a control as a student does,
    `ui.click("step")` presses a button; `ui.view` is the current scene (with its images
    as arrays, for `draw`)."""
    _esm = LIBRARY + "\nexport default { render({ model, el }) { mountScene(model, el); } };\n"
    _css = JS / "scene.css"
    controls = traitlets.List([]).tag(sync=True)
    values = traitlets.Dict({}).tag(sync=True)
    hidden = traitlets.List([]).tag(sync=True)          # controls not shown now
    labels = traitlets.Dict({}).tag(sync=True)          # buttons whose label changed (start / pause)
    scene = traitlets.Dict({}).tag(sync=True)
    text = traitlets.Unicode("").tag(sync=True)
    announce = traitlets.Unicode("").tag(sync=True)
    css_class = traitlets.Unicode("course-scene-widget").tag(sync=True)

    def __init__(self, controls, values, **kwargs):
        super().__init__(controls=controls, values=values, **kwargs)
        self.view = None
        self.observe(self._on_values, names="values")
        self.on_msg(self._on_message)
        self.redraw()

    def _on_values(self, change):
        with one_thread():                           # small networks: see runtime.one_thread
            self.redraw()

    def _on_message(self, widget, content, buffers):
        if "click" in content:
            with one_thread():
                self.click(content["click"])

    def set(self, **changes):
        """Change controls by name, as a student does; redraws once."""
        unknown = set(changes) - set(self.values)
        if unknown:
            raise ValueError(f"No control named {', '.join(sorted(unknown))}: the controls are "
                             f"{', '.join(self.values)}.")
        self.values = {**self.values, **changes}

    def show(self, view, text="", announce=""):
        """Send a new scene (and text, announcement) to the browser."""
        self.view = view
        with self.hold_sync():                       # one message to the browser, not three
            self.scene, self.text, self.announce = to_json(view), text, announce

    def click(self, name):
        raise ValueError(f"This widget has no button {name!r}.")

    def redraw(self):
        raise NotImplementedError
