"""README tells the truth: its commands, parameters and server command match the code."""

import json
import re
import shlex

from searchsvc.cli import main as cli
from searchsvc.config import ENVIRONMENT
from searchsvc.web.schemas import SearchArgsSchema
from tests.helpers import ROOT, documentation

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
    docs = documentation()
    for name, field in SearchArgsSchema().fields.items():
        assert f"`{field.data_key or name}`" in docs, name


DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def dockerfile_instruction(name: str) -> list[str]:
    """Return the exec-form list of a Dockerfile instruction (ENTRYPOINT, CMD)."""
    return json.loads(re.search(rf"^{name} (\[.*\])$", DOCKERFILE, re.M).group(1))


def dockerfile_server_command() -> list[str]:
    return dockerfile_instruction("CMD")


def test_docs_dockerfile_serves_with_the_command_readme_documents():
    command = dockerfile_server_command()
    assert command[:3] == ["gunicorn", "-c", "python:searchsvc.serve.gunicorn_conf"]
    assert command[-1] == "searchsvc.wsgi:app"
    assert shlex.join(command) in README
    for name in ("ENTRYPOINT", "CMD"):
        line = re.search(rf"^{name} .*$", DOCKERFILE, re.M).group(0)
        assert line in README, name


def test_docs_dockerfile_entrypoint_is_the_script_it_copies():
    assert dockerfile_instruction("ENTRYPOINT") == ["docker-entrypoint.sh"]
    assert "COPY docker-entrypoint.sh /usr/local/bin/" in DOCKERFILE
    assert (ROOT / "docker-entrypoint.sh").stat().st_mode & 0o111


def test_docs_dockerfile_volume_port_user_and_healthcheck_match_readme():
    for line in ("VOLUME /srv/index", "EXPOSE 8000", "USER searchsvc"):
        assert line in DOCKERFILE, line
    assert re.search(r"^HEALTHCHECK .*\n.*/api/health", DOCKERFILE, re.M)
    for command in (
        "docker build -t searchsvc .",
        "-v searchsvc-index:/srv/index",
        "docker exec searchsvc searchsvc index /data --index /srv/index",
    ):
        assert command in README, command


def test_docs_dockerignore_keeps_the_image_lean():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "index/*", "tests", "bench", "screenshots", "**/__pycache__"} <= set(ignored)
    assert not {"searchsvc", "seeds", "docker-entrypoint.sh"} & set(ignored)


def test_docs_every_environment_variable_is_in_the_configuration_table():
    table = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    for variable in ENVIRONMENT:
        assert f"| `{variable}` |" in table, variable


def test_docs_every_record_field_name_is_in_the_article_files_section():
    from searchsvc.ingest import records

    section = README.split("## Article files", 1)[1].split("\n## ", 1)[0]
    names = [
        name
        for attr in dir(records)
        if attr.endswith("_FIELDS") and attr != "RAW_DATE_FIELDS"
        for name in getattr(records, attr)
    ]
    assert names and [name for name in names if f"`{name}`" not in section] == []
