"""Build the course as a static website from the stored notebooks (nothing is run).

    python scripts/build_site.py              # -> build/site/; open build/site/index.html
    python scripts/build_site.py OUTDIR       # OUTDIR outside the course, or under build/

The generator is Sphinx with MyST-NB and sphinx-book-theme (the engine of Jupyter
Book 1), pinned in requirements-test.txt; MathJax comes from the pip package
sphinx-mathjax-offline, so the site loads nothing from the network and works from a
folder opened in a browser (search included).

The notebooks are copied to a temporary folder and prepared there; notebooks/ is only
read. The preparation:

- every notebook is a page, in course order (the file names' order), after a start page
  with the contents table; the autograd playground (interactive_comp_graph.html and
  its presets) is a page after notebook 07;
- the navigation cells (tag `navigation`) are dropped: the site has its own sidebar and
  previous/next links; a link to interactive_comp_graph.html points to the playground's
  page instead;
- under each title, a box links to the stored notebook (download) and says how to run it;
- solution cells (tag `solution`) are collapsed behind "Show solution", code and check
  together; instructor notes (tag `instructor-notes`) are boxed as "Instructor notes";
- a live widget's output (no widget state is stored) becomes a box that says the cell is
  interactive in JupyterLab, with a still picture: a figure the notebook itself stores,
  named in WIDGET_STILLS below (one entry per widget: a notebook with several widgets has
  a tuple of them). A widget with no entry there stops the build.

Sphinx runs with warnings as errors, so a broken cross-reference stops the build too.
"""
import argparse
import base64
import html
import json
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
DEFAULT_OUT = ROOT / "build" / "site"
MARKER = ".course-site"             # written into OUTDIR: a folder with it may be rebuilt
AUTOGRAD_PAGE = "autograd_playground"
AUTOGRAD_FILES = ["interactive_comp_graph.html", "interactive_comp_graph_presets.js"]
AUTOGRAD_PICTURE = ROOT / "figures" / "interactive_comp_graph.png"   # a screenshot of the page
AUTOGRAD_AFTER = "07_"              # the playground's page follows this notebook
TITLE = re.compile(r"^# (\d\d[a-z]?) · (.+)$", re.M)
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


@dataclass(frozen=True)
class Still:
    """What the site shows in place of one live widget.

    `call`: a piece of the widget cell's source that identifies it; `figure`: the name
    the notebook stores its still picture under (a cell whose metadata names the figure; the picture is
    taken from that cell's stored output), or None for `html`, a picture drawn in HTML;
    `caption`: what the still picture shows; `alt`: what the picture is, the start of its text
    alternative, which goes on with the stored figure's own (written from its data)."""
    call: str
    caption: str
    alt: str
    figure: str | None = None
    html: str | None = None


WIDGET_STILLS = {
    "00_setup_and_roadmap": Still(
        call="@interact(n=BoundedIntText(",
        caption="The number box at its start, n = 3, and the sentence it prints; changing it changes n "
                "from 1 to 10.",
        alt="A number box for n set to 3",
        html=('<p class="widget-mock"><label>neurons n <input type="number" min="1" max="10" value="3" disabled>'
              '</label></p>\n<pre class="widget-mock">A layer of 3 neurons with 2 inputs has 6 weights and '
              '3 biases.</pre>')),
    "02_perceptron_and_gates": Still(
        call="widgets.PerceptronExplorer(",
        figure="02_perceptron_explorer",
        caption="What the explorer draws for AND at w1 = w2 = 1, b = -1.5 (the figure of the next cell).",
        alt="The perceptron explorer's picture: the AND truth table's four points and the line "
            "w1 x1 + w2 x2 + b = 0 that separates them"),
    "03_xor_problem": Still(
        call="widgets.PerceptronExplorer(",
        figure="03_xor_explorer",
        caption="What the explorer draws on XOR for AND's weights, w1 = w2 = 1, b = -1.5 (the figure of the "
                "next cell): one row of four right.",
        alt="The perceptron explorer's picture on XOR: the four points, the line x1 + x2 = 1.5 and the "
            "truth table with one row right"),
    "04_mlps_and_activations": Still(
        call="widgets.ActivationExplorer(",
        figure="04_activation_explorer",
        caption="The explorer's three panels with tanh (the figure of the next cell): the activation "
                "and its gradient, the network without an activation, the network with tanh.",
        alt="The activation explorer's three panels for tanh"),
    "06_softmax_and_loss": Still(
        call="widgets.SoftmaxExplorer(",
        figure="06_softmax_explorer",
        caption="The explorer's starting view: the lecture's ten scores at T = 1 (the figure of the "
                "next cell).",
        alt="The softmax explorer's bars: ten scores and their probabilities at temperature 1"),
    "09a_network_playground": Still(
        call="playground()",
        figure="09a_circles",
        caption="What the playground shows after 100 epochs on the circles (the figure of section 1, "
                "below): the output over the plane, the loss curves and every unit's map.",
        alt="The playground's view after 100 epochs on the circles data"),
    "11_practical_recipe": (
        Still(call="bowl.OptimizerBowl(",
              figure="11_bowl_lr_005",
              caption="The widget's starting view: SGD and Adam, 30 steps each at learning rate 0.05 on the "
                      "bowl w1² + 10·w2² (the first figure of section 2).",
              alt="The optimizer bowl: the paths of SGD and Adam on the contour plot and their loss per step"),
        Still(call="widgets.digit_canvas(",
              figure="11_draw_digit",
              caption="Three digits drawn with the pad's pen, as the network sees them, and its probabilities "
                      "(the figure after the next paragraph).",
              alt="Three drawn digits, their 28 by 28 MNIST-style images and the network's probabilities")),
}

CONF_PY = '''\
project = {project!r}
author = "the course's authors"
copyright = "the course's authors; MNIST: LeCun, Cortes and Burges, CC BY-SA 3.0"
extensions = ["myst_nb"]
exclude_patterns = ["_notebooks", "_extra", "_static"]
master_doc = "index"
language = "en"

nb_execution_mode = "off"               # the stored outputs, as stored
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_dmath_double_inline = True         # $$...$$ inside a paragraph or list item, as JupyterLab shows it
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type"]

html_theme = "sphinx_book_theme"
html_title = {short_title!r}
html_static_path = ["_static", {mathjax_static!r}]   # its mathjax/ lands in _static/
mathjax_path = "mathjax/tex-svg.js"     # SVG: no web fonts to load (file:// pages may not load fonts)
html_css_files = ["course.css"]
html_extra_path = ["_extra"]
html_copy_source = False
html_show_sourcelink = False
html_show_search_summary = False   # summaries fetch() each page, which a page opened from a file may not
html_last_updated_fmt = None
html_context = {{"default_mode": "auto"}}   # the theme logs an error for an unset mode
html_theme_options = {{
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "navigation_with_keys": False,
    "navbar_persistent": [],              # the sidebar has the search field; no second one in a header
}}
'''

COURSE_CSS = """\
/* The course's additions to sphinx-book-theme. */
div.admonition.instructor-notes { border-color: #7c3aed; }
div.admonition.instructor-notes > .admonition-title { background-color: #ede9fe; }
div.admonition.instructor-notes > .admonition-title::after { color: #7c3aed; content: "\\f51c"; }
div.admonition.widget-still { border-color: #0f766e; }
div.admonition.widget-still > .admonition-title { background-color: #ccfbf1; }
div.admonition.widget-still > .admonition-title::after { color: #0f766e; content: "\\f1de"; }
div.admonition.run-notebook > .admonition-title::after { content: "\\f04b"; }
html[data-theme="dark"] div.admonition.instructor-notes > .admonition-title { background-color: #3b2a63; }
html[data-theme="dark"] div.admonition.instructor-notes > .admonition-title::after { color: #c4b5fd; }
html[data-theme="dark"] div.admonition.widget-still > .admonition-title { background-color: #134e4a; }
html[data-theme="dark"] div.admonition.widget-still > .admonition-title::after { color: #5eead4; }
div.admonition img { max-width: 100%; height: auto; }
pre.widget-mock { white-space: pre-wrap; }
p.autograd-open a { font-size: 1.25em; font-weight: 600; }
"""


class SiteError(RuntimeError):
    """The course cannot be built as a site; the message says what to change."""


def notebook_paths():
    return sorted(NOTEBOOKS.glob("[0-9][0-9]*.ipynb"))


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def source(cell):
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def title_of(path, nb):
    for cell in nb["cells"]:
        match = TITLE.search(source(cell)) if cell["cell_type"] == "markdown" else None
        if match:
            return match.group(1), match.group(2).strip()
    raise SiteError(f"{path.name}: no title cell '# NN · Title'.")


def setup_command():
    """The README's first set-up command (install, then open notebook 00 in JupyterLab)."""
    text = README.read_text(encoding="utf-8")
    setup = text.split("## Set up", 1)[-1].split("\n## ", 1)[0]
    match = re.search(r"```bash\n(.*?)\n```", setup, re.S)
    if not match or "jupyterlab notebooks/00_" not in match.group(1):
        raise SiteError("README.md: the site quotes the first command of 'Set up' (install and open "
                        "notebooks/00_... in JupyterLab); it was not found.")
    return match.group(1).strip()


def still_box(still, picture, alt=""):
    """The MyST markdown of a widget's still picture (`picture`: a path beside the page, `alt`:
    the stored figure's own text alternative, which follows `still.alt`)."""
    words = " ".join(f"{still.alt.rstrip('.')}. {alt}".split()) if alt else still.alt   # one line: an option's value
    body = still.html if picture is None else (
        f"```{{figure}} {picture}\n:alt: {words}\n\n{still.caption}\n```")
    caption = f"\n\n{still.caption}" if picture is None else ""
    return (f"::::{{admonition}} Interactive in JupyterLab\n:class: widget-still\n\n"
            f"This cell is a live widget: run the notebook in JupyterLab (see the top of this page) "
            f"to use it. A still picture of what it does:\n\n{body}{caption}\n::::\n")


STORED_ALT = re.compile(r'<img src="data:image/png;base64,[^"]+" alt="([^"]*)"')


def saved_figure(nb, name):
    """(PNG in base64, text alternative) of the figure stored by the cell whose metadata names
    figure `name`; the text alternative is the one its stored <img alt> carries ("" if none)."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and cell.get("metadata", {}).get("figure") == name:
            for output in cell.get("outputs", []):
                if "image/png" in output.get("data", {}):
                    alt = STORED_ALT.search(source({"source": output["data"].get("text/html", "")}))
                    return output["data"]["image/png"], html.unescape(alt.group(1)) if alt else ""
    raise SiteError(f"no stored figure '{name}' (a code cell whose metadata names it, with a picture).")


def replace_widgets(stem, nb, stills_dir):
    """Replace every widget output with its still picture box; (count replaced)."""
    count, stills = 0, WIDGET_STILLS.get(stem, ())
    stills, used = (stills if isinstance(stills, tuple) else (stills,)), set()
    for cell in nb["cells"]:
        widget_outputs = [o for o in cell.get("outputs", []) if WIDGET_MIME in o.get("data", {})]
        if not widget_outputs:
            continue
        still = next((s for s in stills if s.call in source(cell)), None)
        if still is None:
            raise SiteError(f"{stem}.ipynb: a widget cell ({source(cell).strip().splitlines()[-1]!r}) has no "
                            "still picture: add it to WIDGET_STILLS in scripts/build_site.py.")
        used.add(still)
        picture, alt = None, ""
        if still.figure:
            picture = f"widget_stills/{still.figure}.png"
            png, alt = saved_figure(nb, still.figure)
            (stills_dir / f"{still.figure}.png").write_bytes(base64.b64decode(png))
        box = {"output_type": "display_data", "metadata": {},
               "data": {"text/markdown": still_box(still, picture, alt)}}
        first = widget_outputs[0]
        cell["outputs"] = [box if o is first else o for o in cell["outputs"]
                           if o is first or WIDGET_MIME not in o.get("data", {})]
        cell["metadata"].setdefault("mystnb", {})["markdown_format"] = "myst"   # MyST-NB's cell key for it
        count += 1
    for still in stills:
        if still not in used:
            raise SiteError(f"{stem}.ipynb: WIDGET_STILLS names a widget ({still.call!r}) that the "
                            "notebook no longer has: remove the entry.")
    return count


def instructor_box(text):
    body = "\n".join(line[2:] if line.startswith("> ") else line.lstrip(">") if line.startswith(">") else line
                     for line in text.strip().splitlines())
    return f":::{{admonition}} Instructor notes\n:class: instructor-notes\n\n{body}\n:::\n"


def run_box(path, nb, command):
    meta = nb.get("metadata", {}).get("course", {})
    here = command.replace(command.split("jupyterlab ", 1)[1].split()[0], f"notebooks/{path.name}")
    time_note = f" (about {meta['minutes']} minutes)" if meta.get("minutes") else ""
    you_will = f"**You will** {meta['you_will']}{time_note}.\n\n" if meta.get("you_will") else ""
    return (":::{admonition} Run this notebook\n:class: run-notebook\n\n"
            f"{you_will}This page shows the notebook as stored, outputs included; nothing on it runs. "
            f"Download it: {{download}}`{path.name} <_notebooks/{path.name}>`. To run it, in the course "
            "folder (the notebook needs the course's `helpers` package and data, so open it there):\n\n"
            f"```bash\n{here}\n```\n:::\n")


def prepare_notebook(path, nb, command, stills_dir):
    """The site's version of one notebook (a dict, changed in place and returned)."""
    cells = []
    for cell in nb["cells"]:
        cell_tags = tags(cell)
        if "navigation" in cell_tags:
            continue
        if cell["cell_type"] == "markdown":
            text = source(cell).replace("](interactive_comp_graph.html)", f"]({AUTOGRAD_PAGE}.md)")
            if "instructor-notes" in cell_tags:
                text = instructor_box(text)
            cell["source"] = text
        if cell["cell_type"] == "code" and "solution" in cell_tags:
            cell["metadata"]["tags"] = [*cell_tags, "hide-cell"]
            cell["metadata"].setdefault("mystnb", {}).update(
                code_prompt_show="Show solution", code_prompt_hide="Hide solution")
        cells.append(cell)
    title_at = next(i for i, c in enumerate(cells) if c["cell_type"] == "markdown" and TITLE.search(source(c)))
    cells.insert(title_at + 1, {"cell_type": "markdown", "id": "course-site-run-box", "metadata": {},
                                 "source": run_box(path, nb, command)})
    nb["cells"] = cells
    replace_widgets(path.stem, nb, stills_dir)
    return nb


def index_page(entries, command, project):
    rows = ["| # | notebook | you will | time |", "|---|---|---|---|"]
    for number, title, path, meta in entries:
        rows.append(f"| {number} | [{title}]({path.stem}.ipynb) | {meta.get('you_will', '')} | "
                    f"{meta.get('minutes', '?')} min |")
        if path.name.startswith(AUTOGRAD_AFTER):
            rows.append(f"| | [Autograd playground]({AUTOGRAD_PAGE}.md) | type an expression, watch the forward "
                        "and backward pass through its graph (with notebook 07) | |")
    toc = [path.stem if not path.name.startswith(AUTOGRAD_AFTER) else f"{path.stem}\n{AUTOGRAD_PAGE}"
           for _, _, path, _ in entries]
    return (f"# {project}\n\n"
            "An interactive Jupyter course that builds neural networks from a single neuron to a network "
            "that reads handwritten digits. This site is the course to read: every notebook with its text, "
            "code and stored outputs, in course order. Nothing here runs; the notebooks run in JupyterLab.\n\n"
            "## Notebooks\n\n" + "\n".join(rows) + "\n\n"
            "## Running the notebooks\n\n"
            "Get the course folder and, in it, install the packages and open the first notebook (the "
            "course's README says more):\n\n"
            f"```bash\n{command}\n```\n\n"
            "Each page links to its notebook. Solutions are collapsed under each exercise (\"Show solution\"); "
            "boxes marked *Instructor notes* are for whoever presents the course. Widgets (sliders, the "
            "playground, the drawing pad) are interactive in JupyterLab; here each shows a still picture.\n\n"
            "MNIST: Yann LeCun, Corinna Cortes and Christopher J.C. Burges, CC BY-SA 3.0. Lecture: Nipun Batra, "
            "IIT Gandhinagar.\n\n"
            "```{toctree}\n:hidden:\n:maxdepth: 1\n\n" + "\n".join(toc) + "\n```\n")


AUTOGRAD_MD = """\
# Autograd playground

Goes with notebook 07: it draws the computational graph of an expression you type, with
the forward value and the gradient at every node, and steps through the backward pass,
one application of the chain rule at a time. It is one page that runs in your browser,
offline: in the course folder it is `notebooks/interactive_comp_graph.html`, which opens
by double-click, and this site has a copy.

<p class="autograd-open"><a href="interactive_comp_graph.html">Open the autograd playground</a></p>

It fits any window: on a laptop the graph and the chain-rule panel sit side by side, and
in a window narrower than 860 pixels (a phone, a small tablet) the panels stack in one
column and a wide graph scrolls sideways inside its box. It works by keyboard alone, and
its single-key shortcuts can be turned off. What it looks like on a laptop:

```{figure} interactive_comp_graph.png
:alt: The autograd playground after the backward pass through the lecture's 2-2-1 network: the graph with a
  value and a gradient at every node, the chain-rule panel and the table of the inputs' gradients
:target: interactive_comp_graph.html

The lecture's 2-2-1 network (preset 6) after the backward pass: every node shows its value (blue) and
the gradient of the output with respect to it (orange).
```
"""


# MyST-NB names a collapsed cell's toggle "Toggle hidden content" while it shows "Show solution": a
# name that is not the visible words fails WCAG 2.5.3 (a speech user says what they see). Without
# the aria-label the toggle is named by its visible words.
TOGGLE_NAME = '<summary aria-label="Toggle hidden content">'


def name_toggles_by_their_words(html):
    """Drop MyST-NB's aria-label from every collapsed cell's toggle (see TOGGLE_NAME)."""
    for page in html.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        if TOGGLE_NAME in text:
            page.write_text(text.replace(TOGGLE_NAME, "<summary>"), encoding="utf-8")


FONT_SRC = re.compile(r"src:([^;}]*)")
FONT_FILE = re.compile(r"""url\(\s*['"]?([^'")?#]+\.(woff2|woff|ttf|otf|eot))[^)]*\)""")
FONT_PRELOAD = re.compile(r'<link rel="preload" as="font"[^>]*>\n?')


def inline_fonts(css_text, folder):
    """`css_text` with each @font-face source list replaced by its woff2 file as a data URL
    (`folder`: where the style sheet lies; the other formats are dropped)."""
    def one(match):
        for entry in re.split(r",(?![^(]*\))", match.group(1)):
            found = FONT_FILE.search(entry)
            if found and found.group(2) == "woff2":
                data = base64.b64encode((folder / found.group(1)).read_bytes()).decode("ascii")
                return f'src:url(data:font/woff2;base64,{data}) format("woff2")'
        return match.group(0)
    return FONT_SRC.sub(one, css_text)


def make_offline(html):
    """Let the built site's web fonts load from a folder opened in a browser.

    A page opened from a file (file://) may not fetch a font file (Chromium refuses it as
    a cross-origin request), so the theme's icon fonts (Font Awesome) are put into the
    style sheets as data URLs and the pages' font preloads are removed. MathJax draws SVG
    and needs no fonts. Fails when a style sheet still names a font file afterwards."""
    for css in html.glob("_static/**/*.css"):
        text = css.read_text(encoding="utf-8")
        new = inline_fonts(text, css.parent)
        if FONT_FILE.search(new):
            raise SiteError(f"{css.relative_to(html)} still loads a font file, which a page opened from a file "
                            "cannot do: inline it in make_offline().")
        if new != text:
            css.write_text(new, encoding="utf-8")
    for page in html.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        if FONT_PRELOAD.search(text):
            page.write_text(FONT_PRELOAD.sub("", text), encoding="utf-8")


def mathjax_folder():
    """The folder that holds MathJax 3 (mathjax/tex-chtml.js ...) in the pip package
    sphinx-mathjax-offline. Only its files are used, not the package's Sphinx extension
    (which does not declare itself safe for Sphinx's parallel reading)."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        folder = Path(distribution("sphinx-mathjax-offline").locate_file("sphinx-mathjax-offline/static"))
    except PackageNotFoundError:
        folder = None
    if folder is None or not (folder / "mathjax" / "tex-chtml.js").exists():
        raise SiteError("MathJax not found: install the site's packages with "
                        "`python -m pip install -r requirements-test.txt`.")
    return folder


def check_outdir(out):
    """The resolved output folder; refused when it is or holds the course folder, lies in
    the course anywhere but under build/, or is a non-empty folder this script did not write."""
    out, root = Path(out).expanduser().resolve(), ROOT.resolve()
    build = root / "build"
    if out == root or out in root.parents or (root in out.parents and build not in out.parents):
        raise SiteError(f"Refusing to write the site to {out}: choose a folder under {build} or outside the course.")
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SiteError(f"Refusing to write the site to {out}: it holds files this script did not write.")
    return out


def prepare_source(src):
    """Write the Sphinx project (pages, conf.py, assets) into the empty folder `src`."""
    command = setup_command()
    project = README.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    (src / "_notebooks").mkdir()
    (src / "_extra").mkdir()
    (src / "_static").mkdir()
    stills_dir = src / "widget_stills"
    stills_dir.mkdir()
    entries = []
    for path in notebook_paths():
        nb = json.loads(path.read_text(encoding="utf-8"))
        number, title = title_of(path, nb)
        entries.append((number, title, path, nb.get("metadata", {}).get("course", {})))
        shutil.copyfile(path, src / "_notebooks" / path.name)
        (src / path.name).write_text(json.dumps(prepare_notebook(path, nb, command, stills_dir), ensure_ascii=False),
                                     encoding="utf-8")
    for name in AUTOGRAD_FILES:
        shutil.copyfile(NOTEBOOKS / name, src / "_extra" / name)
    (src / "index.md").write_text(index_page(entries, command, project), encoding="utf-8")
    (src / f"{AUTOGRAD_PAGE}.md").write_text(AUTOGRAD_MD, encoding="utf-8")
    shutil.copyfile(AUTOGRAD_PICTURE, src / AUTOGRAD_PICTURE.name)
    (src / "_static" / "course.css").write_text(COURSE_CSS, encoding="utf-8")
    (src / "conf.py").write_text(CONF_PY.format(project=project, short_title="Neural networks: perceptron to MLP",
                                               mathjax_static=str(mathjax_folder())),
                                 encoding="utf-8")


def build(out=DEFAULT_OUT, jobs="auto", quiet=True):
    """Build the site into `out` (replaced as a whole); returns the folder.

    Sphinx and MyST-NB write into a temporary folder (MyST-NB puts its image files beside
    the HTML folder), and the finished HTML is copied to `out`."""
    from sphinx.cmd.build import build_main

    out = check_outdir(out)
    with tempfile.TemporaryDirectory(prefix="course-site-") as tmp:
        src, html = Path(tmp) / "source", Path(tmp) / "html"
        src.mkdir()
        prepare_source(src)
        args = ["-b", "html", "-W", "--keep-going", "-j", str(jobs), "-d", str(Path(tmp) / "doctrees"),
                str(src), str(html)]
        if build_main((["-q"] if quiet else []) + args) != 0:
            raise SiteError("Sphinx reported errors or warnings (above); the site was not written.")
        make_offline(html)
        name_toggles_by_their_words(html)
        (html / MARKER).write_text("written by scripts/build_site.py\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(html, out)
    return out


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", nargs="?", default=str(DEFAULT_OUT), help="where the site goes (default: build/site)")
    parser.add_argument("-j", "--jobs", default="auto", help="Sphinx's parallel jobs (default: auto)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show Sphinx's progress")
    options = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        out = build(options.outdir, options.jobs, quiet=not options.verbose)
    except SiteError as err:
        print(err, file=sys.stderr)
        return 2
    print(f"Site written to {out} in {time.perf_counter() - start:.1f} s: open {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
