"""axe-core accessibility checks for the browser tests (Playwright, sync API).

    from axe import violations, describe, split
    found = violations(page)                  # the serious and critical ones
    assert not found, describe(found)
    ours, theirs = split(page, found, "article")   # inside the course's own content, or not

axe-core is one pinned JavaScript file that tests/install.sh fetches from the npm
registry into the ignored folder tests/vendor/axe-core/ (it is not committed). Without
it the test is skipped, or fails on CI (CI=true), with the install hint of tests/browser.py.
It works on any page Playwright has open: the course's HTML pages, JupyterLab, the website.
"""

from pathlib import Path

from browser import skip_or_fail

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def run(page, context=None, options=None):
    """axe.run() on the page (or on `context`: a CSS selector or an axe context object);
    returns axe's result object: violations, passes, incomplete, inapplicable."""
    if not AXE_JS.exists():
        skip_or_fail(f"axe-core not found at {AXE_JS}")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "([context, options]) => window.axe.run(context ?? document, options ?? {})",
        [context, options],
    )


def violations(page, context=None, impacts=SERIOUS, options=None):
    """The violations whose impact is one of `impacts` (by default serious and critical).
    Only violations get their nodes listed (axe's resultTypes): on a large page (JupyterLab,
    a notebook's page with its figures) listing every passing node costs most of the time."""
    result = run(page, context, {"resultTypes": ["violations"], **(options or {})})
    return [v for v in result["violations"] if v["impact"] in impacts]


# For each violation, for each of its nodes: is the node inside an element matching `inside`?
# A node that cannot be found again (a stale selector) counts as inside: nothing is hidden by it.
INSIDE = """([found, inside]) => found.map(v => v.nodes.map(n => {
    const first = Array.isArray(n.target[0]) ? n.target[0][0] : n.target[0];
    let el = null;
    try { el = document.querySelector(first); } catch (e) { return true; }
    return !el || el.closest(inside) !== null;
}))"""


def split(page, found, inside):
    """(inside, outside): the violations `found` divided by where their nodes are, inside an
    element that matches the CSS selector `inside` or not. A violation with nodes on both
    sides is in both lists, each time with its own nodes."""
    marks = page.evaluate(INSIDE, [found, inside])
    parts = ([], [])
    for v, flags in zip(found, marks):
        for side, keep in ((0, True), (1, False)):
            nodes = [n for n, flag in zip(v["nodes"], flags) if flag is keep]
            if nodes:
                parts[side].append({**v, "nodes": nodes})
    return parts


def describe(found):
    """One readable block per violation: rule, impact, help, and the elements it concerns."""
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"][:8]:
            summary = node["failureSummary"].splitlines()[-1].strip()
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)
