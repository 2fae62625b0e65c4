"""Reading a drawn figure back, for the tests of helpers.plots: the colour shown at a
point, which of a few colours it is, a colour as RGB."""
import matplotlib
import numpy as np


def rgb(colour):
    """A colour (a name, "#rrggbb" or an RGB(A) tuple) as an RGB array."""
    return np.asarray(matplotlib.colors.to_rgb(colour))


def pixels_at(ax, points):
    """The RGB colours (0-1) the drawn figure shows at the data points (x, y) of `ax`."""
    ax.figure.canvas.draw()
    buf = np.asarray(ax.figure.canvas.buffer_rgba())
    px, py = ax.transData.transform(np.asarray(points, dtype=float).reshape(-1, 2)).T
    return buf[np.round(buf.shape[0] - py).astype(int), np.round(px).astype(int), :3] / 255


def nearest(colour, candidates):
    """Index of the candidate colour closest to the RGB `colour`."""
    return int(np.argmin([np.abs(rgb(c) - colour).sum() for c in candidates]))
