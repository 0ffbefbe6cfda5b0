"""README tells the truth: its commands, parameters and server command match the code."""

import re
import shlex

from searchsvc.cli import main as cli
from searchsvc.schemas import SearchArgsSchema

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> str:
    return README.split("## Quick start", 1)[1].split("\n## ", 1)[0]


def test_docs_quick_start_gives_the_two_commands_and_the_makefile_has_them():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("serve", "test"):
        assert f"make {target}" in quick_start()
        assert re.search(rf"^{target}:", makefile, re.M)


def test_docs_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_docs_every_cli_command_is_in_readme():
    for name in cli.commands:
        assert f"searchsvc {name}" in README, name


def test_docs_every_search_parameter_is_in_readme():
    for name, field in SearchArgsSchema().fields.items():
        assert f"`{field.data_key or name}`" in README, name


def dockerfile_server_command() -> list[str]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    return eval(re.search(r"^CMD (\[.*\])$", text, re.M).group(1))  # a JSON-style list literal


def test_docs_dockerfile_serves_with_the_command_readme_documents():
    command = dockerfile_server_command()
    assert command[0] == "gunicorn" and command[-1] == "searchsvc.wsgi:app"
    assert shlex.join(command) in README
