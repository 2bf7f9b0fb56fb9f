"""The GitHub workflows pass zizmor (security) and actionlint (with shellcheck on every run
block), both installed from PyPI into .venv by the test extras (issue 18)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

WORKFLOWS_DIR = ROOT / ".github" / "workflows"
WORKFLOWS = sorted(WORKFLOWS_DIR.glob("*.yml"))
VENV_BIN = Path(sys.executable).parent  # the tools come with the interpreter's environment


def run_tool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_zizmor_finds_nothing():
    # --offline: no network here but the package registries; --no-ignores and --no-config:
    # an "ignore" comment or a config file cannot hide a finding.
    result = run_tool(str(VENV_BIN / "zizmor"), "--offline", "--no-ignores", "--no-config",
                      "--strict-collection", "--no-progress", "--color", "never",
                      str(WORKFLOWS_DIR))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr, result.stdout


def test_actionlint_passes_with_shellcheck():
    assert WORKFLOWS
    result = run_tool(str(VENV_BIN / "actionlint"), "-shellcheck", str(VENV_BIN / "shellcheck"),
                      *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_action_is_pinned_to_a_commit_with_its_tag():
    uses = [line.split("uses:", 1)[1].strip()
            for path in WORKFLOWS for line in path.read_text("utf-8").splitlines()
            if re.match(r"\s*(- )?uses:", line)]
    pinned = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+")
    assert uses and all(pinned.fullmatch(u) for u in uses), uses
