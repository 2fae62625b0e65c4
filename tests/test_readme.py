"""The README is the newcomer's entry: two set-up commands, every notebook linked."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_exactly_two_setup_commands_and_ci_runs_the_test_one():
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", setup, re.S)
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    assert "jupyterlab" in commands[0] and "requirements.txt" in commands[0]
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert commands[1] in ci


def test_every_notebook_is_linked_and_every_link_resolves():
    links = re.findall(r"\]\(((?:notebooks|figures|scripts)/[^)#]+)\)", README)
    for link in links:
        assert (ROOT / link).exists(), f"README links to missing {link}"
    for nb in (ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"):
        assert f"notebooks/{nb.name}" in links, f"{nb.name} is not in the README's table"


def test_data_credit():
    assert "LeCun" in README and "CC BY-SA 3.0" in README
