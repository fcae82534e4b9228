"""The GitHub Actions workflows are valid, offline, and run what the README says."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} >= {"book.yml", "package.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_schema(path):
    # check-jsonschema ships the workflow schema, so this needs no network.
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_book_workflow_runs_the_readme_commands_and_deploys_main():
    flow = yaml.safe_load((ROOT / ".github/workflows/book.yml").read_text())
    steps = [s.get("run", "") for s in flow["jobs"]["test-and-build"]["steps"]]
    readme = (ROOT / "README.md").read_text()
    for command in ("make test", "make book"):
        assert command in steps and command in readme
    assert "schedule" in flow[True]  # YAML reads the key `on` as True
    assert "deploy-pages" in str(flow["jobs"]["deploy"])


def test_notebooks_are_checked_on_two_more_kinds_of_cpu():
    flow = yaml.safe_load((ROOT / ".github/workflows/book.yml").read_text())
    job = flow["jobs"]["notebooks-on-other-cpus"]
    runs = job["strategy"]["matrix"]["include"]
    kinds = {r["os"] for r in runs} | {flow["jobs"]["test-and-build"]["runs-on"]}
    assert len(kinds) >= 3 and any("arm" in k or "macos" in k for k in kinds)
    assert {r["threads"] for r in runs} == {1, 2}
    steps = [s.get("run", "") for s in job["steps"]]
    assert "make test-notebooks BLAS_THREADS=${{ matrix.threads }}" in steps


def test_package_workflow_covers_python_3_10_to_3_13():
    flow = yaml.safe_load((ROOT / ".github/workflows/package.yml").read_text())
    versions = flow["jobs"]["unit-tests"]["strategy"]["matrix"]["python-version"]
    assert versions == ["3.10", "3.11", "3.12", "3.13"]


def test_ci_script_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text()
    assert "make test" in script
