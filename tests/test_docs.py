"""README and docs/ tell the truth: their commands, parameters, links and server command match the code."""

import json
import re
import shlex
import subprocess
import sys

import requests

from searchsvc.cli import main as cli
from searchsvc.config import ENVIRONMENT
from searchsvc.web.schemas import SearchArgsSchema
from tests.helpers import DOCS, ROOT, doc_section, read_doc

README = read_doc("README.md")
OPERATIONS = read_doc("operations.md")


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


def test_docs_every_search_parameter_is_in_the_api_page():
    api = read_doc("api.md")
    for name, field in SearchArgsSchema().fields.items():
        assert f"`{field.data_key or name}`" in api, name


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
    assert shlex.join(command) in OPERATIONS
    for name in ("ENTRYPOINT", "CMD"):
        line = re.search(rf"^{name} .*$", DOCKERFILE, re.M).group(0)
        assert line in OPERATIONS, name


def test_docs_dockerfile_entrypoint_is_the_script_it_copies():
    assert dockerfile_instruction("ENTRYPOINT") == ["docker-entrypoint.sh"]
    assert "COPY docker-entrypoint.sh /usr/local/bin/" in DOCKERFILE
    assert (ROOT / "docker-entrypoint.sh").stat().st_mode & 0o111


def test_docs_dockerfile_volume_port_user_and_healthcheck_match_the_operations_page():
    for line in ("VOLUME /srv/index", "EXPOSE 8000", "USER searchsvc"):
        assert line in DOCKERFILE, line
    assert re.search(r"^HEALTHCHECK .*\n.*/api/health", DOCKERFILE, re.M)
    for command in (
        "docker build -t searchsvc .",
        "-v searchsvc-index:/srv/index",
        "docker exec searchsvc searchsvc index /data --index /srv/index",
    ):
        assert command in OPERATIONS, command


def test_docs_dockerignore_keeps_the_image_lean():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "index/*", "tests", "bench", "screenshots", "**/__pycache__"} <= set(ignored)
    assert not {"searchsvc", "seeds", "docker-entrypoint.sh"} & set(ignored)


def test_docs_every_environment_variable_is_in_the_configuration_table():
    table = doc_section("operations.md", "Configuration")
    for variable in ENVIRONMENT:
        assert f"| `{variable}` |" in table, variable


def test_docs_every_record_field_name_is_in_the_article_files_section():
    from searchsvc.ingest import records

    section = doc_section("ingestion.md", "Article files")
    names = [
        name
        for attr in dir(records)
        if attr.endswith("_FIELDS") and attr != "RAW_DATE_FIELDS"
        for name in getattr(records, attr)
    ]
    assert names and [name for name in names if f"`{name}`" not in section] == []


PAGES = ["README.md", "ARCHITECTURE.md", *sorted(f"{path.name}" for path in DOCS.glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def anchors(text: str) -> set[str]:
    """Return the GitHub-style anchors of a page's headings."""
    return {
        re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        for line in text.splitlines()
        if line.startswith("#") and not line.startswith("#!")
    }


def test_docs_readme_is_short_and_reaches_every_page():
    assert len(README.splitlines()) < 150
    linked = set(LINK.findall(README))
    for path in DOCS.glob("*.md"):
        assert f"docs/{path.name}" in linked, path.name
    assert "ARCHITECTURE.md" in linked


def test_docs_every_link_between_pages_resolves():
    broken = []
    for page in PAGES:
        base = ROOT if page in ("README.md", "ARCHITECTURE.md") else DOCS
        for target in LINK.findall(read_doc(page)):
            if target.startswith(("http://", "https://")):
                continue
            name, _, anchor = target.partition("#")
            path = (base / name).resolve() if name else base / page
            if not path.exists():
                broken.append((page, target))
            elif anchor and path.suffix == ".md" and anchor not in anchors(path.read_text(encoding="utf-8")):
                broken.append((page, target))
    assert broken == []


CURL = re.compile(r"^curl '(http://127\.0\.0\.1:8000)(/[^']*)'$", re.M)
SEARCH = re.compile(r"^\.venv/bin/searchsvc (search .*)$", re.M)


def test_docs_every_curl_example_answers_on_the_seeds(live_server):
    examples = [path for page in PAGES for _base, path in CURL.findall(read_doc(page))]
    assert len(examples) >= 2
    for path in examples:
        response = requests.get(live_server + path, timeout=30)
        assert response.status_code == 200, path
        assert response.json()["total"] >= 1, path


def test_docs_every_search_command_example_finds_stories(seed_index):
    examples = [shlex.split(line) for page in PAGES for line in SEARCH.findall(read_doc(page))]
    assert examples
    for args in examples:
        args[args.index("--index") + 1] = str(seed_index)
        result = subprocess.run([sys.executable, "-m", "searchsvc", *args, "--json"], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["total"] >= 1, args
