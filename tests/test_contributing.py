"""What contributors and CI rely on: the workflows, the issue form, the link checker, the
pre-commit hook and the editor settings."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import subprocess
import sys
import threading

import pytest
import yaml

from conftest import FIXTURES, ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def check_jsonschema(schema: str, *files) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema,
         *map(str, files)], capture_output=True, text=True, timeout=120)


def test_workflows_are_valid_github_workflows():
    result = check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pin_their_actions_and_run_the_readme_commands():
    text = "\n".join(path.read_text("utf-8") for path in WORKFLOWS)
    uses = [line.split("uses:")[1].strip() for line in text.splitlines() if "uses:" in line]
    # Pinned to a commit, the release named beside it (tests/test_workflows.py runs zizmor).
    assert uses and all(re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", u) for u in uses), uses
    assert "scripts/test" in text and "lumbung validate --format github" in text
    assert "actions/deploy-pages@" in text and "actions/upload-pages-artifact@" in text
    assert "mkdocs build --strict" in text


def test_issue_form_is_a_valid_github_issue_form():
    form = ROOT / ".github" / "ISSUE_TEMPLATE" / "studi-kasus.yml"
    result = check_jsonschema("vendor.github-issue-forms", form)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_hook_runs_the_validator():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert hook["entry"] == "lumbung validate"
    assert "case_studies" in hook["files"] and "regulations" in hook["files"]


def test_editor_settings_map_the_schema_to_case_files():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))
    assert settings["yaml.schemas"]["./lumbung/schema/case-study.schema.json"] == [
        "case_studies/**/*.yml"]


class _Links(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(200 if self.path == "/ada" else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


@pytest.fixture
def link_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Links)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_link_checker_reports_dead_sources_and_never_fails(tmp_path, link_server):
    case = yaml.safe_load((FIXTURES / "valid" / "minimal-case.yml").read_text("utf-8"))
    case["sources"] = [{"title": "A", "publisher": "P", "url": f"{link_server}/ada"},
                       {"title": "B", "publisher": "P", "url": f"{link_server}/hilang"}]
    folder = tmp_path / "case_studies" / "aceh"
    folder.mkdir(parents=True)
    (folder / "minimal-case.yml").write_text(yaml.safe_dump(case), "utf-8")
    shutil.copytree(ROOT / "regulations", tmp_path / "regulations",
                    ignore=shutil.ignore_patterns("*.yml"))
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_links.py"), "--root", str(tmp_path),
         "--format", "github", "--timeout", "5"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        f"::warning file=case_studies/aceh/minimal-case.yml::dead source link "
        f"{link_server}/hilang (HTTP 404)"]
    assert "1 dead of 2 source links checked" in result.stderr


GUIDE = ROOT / "docs" / "kirim.md"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"


def _section(text: str, heading: str) -> str:
    """The text under ``## heading`` up to the next ``## ``."""
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else None]


def _paragraph(text: str, opening: str) -> str:
    start = text.index(opening)
    return " ".join(text[start:text.index("\n\n", start)].split())


def test_guide_and_contributing_md_agree():
    guide, contributing = GUIDE.read_text("utf-8"), CONTRIBUTING.read_text("utf-8")
    # The same ways in, in the same order, simplest first.
    ways = [re.findall(r"^### \d\. (.+)$", _section(text, "Cara mengirim"), re.M)
            for text in (guide, contributing)]
    assert ways[0] == ways[1] == ["Formulir di situs ini", "Formulir isu GitHub",
                                  "Pull request (untuk yang terbiasa dengan git)"]
    # The same rule on personal data, word for word.
    rule = "**Jangan pernah mengirim data pribadi"
    assert _paragraph(guide, rule) == _paragraph(contributing, rule)
    # The same commands for the technical path, each in a code block of its own.
    blocks = [re.findall(r"```sh\n(.*?)```", _section(text, "Cara mengirim"), re.S)
              for text in (guide, contributing)]
    pull_request = [b for b in blocks[1] if "from-issue" not in b]
    assert pull_request == blocks[0] and len(pull_request) == 3
    # The same statuses, the vocabulary's.
    from lumbung.vocab import load_vocabulary

    for text in (guide, contributing):
        for term in load_vocabulary().case_statuses:
            assert f"| `{term.value}` |" in text
    # Both point to the issue form that exists.
    assert "../../issues/new?template=studi-kasus.yml" in contributing
    assert 'github_address("issue")' in guide
    assert (ROOT / ".github" / "ISSUE_TEMPLATE" / "studi-kasus.yml").exists()


def test_site_guide_is_for_people_first_with_a_field_reference_from_the_schema(real_site):
    from lumbung.render.reference import field_rows
    from lumbung.schema import case_study_schema, model_regulation_schema

    page = (real_site / "kirim" / "index.html").read_text("utf-8")
    content = page.split('class="md-content"')[1]  # after the table of contents
    order = [content.index(text) for text in (
        "Kasus yang baik", "Setiap fakta punya sumber", "Yang tidak boleh dikirim",
        'href="formulir/"', "issues/new?template=studi-kasus.yml", "lumbung new",
        "Daftar kunci format studi kasus")]
    assert order == sorted(order)
    assert 'lang="en"' not in content  # no English section
    for schema in (case_study_schema(), model_regulation_schema()):
        for path, *_ in field_rows(schema):
            assert f"<code>{path}</code>" in page, path
    assert "<code>budget[].amount_idr</code>" in page
    # A text's two forms print as written (attr_list once ate "{id: ..., en: ...}").
    assert "<code>{id: ..., en: ...}</code>" in page
    assert 'class=".., .."' not in page and 'class="..."' not in page
