"""axe-core accessibility checks for the browser tests (Playwright, sync API).

    from axe import violations, describe
    found = violations(page)                  # the serious and critical ones
    assert not found, describe(found)

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
    """The violations whose impact is one of `impacts` (by default serious and critical)."""
    result = run(page, context, options)
    return [v for v in result["violations"] if v["impact"] in impacts]


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
