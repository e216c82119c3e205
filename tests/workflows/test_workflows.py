"""The GitHub workflows (`.github/workflows/preview.yml`, `deploy.yml`) and their helpers: valid
against the vendored GitHub schemas (check-jsonschema, offline), stacks that exist, secrets that
are documented and never printed, gcx commands that exist, and the sticky-comment marker gcx writes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from gcx.engine.display.markdown import COMMENT_MARKER
from tests.docs.commands import invocations, unknown_options

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
ACTION = REPO / ".github" / "actions" / "setup-gcx" / "action.yml"
PRESENT_STACKS = REPO / ".github" / "scripts" / "present-stacks.sh"
CHECK_JSONSCHEMA = str(Path(sys.executable).with_name("check-jsonschema"))
FILES = sorted(WORKFLOWS.glob("*.yml"))


def load(path: Path) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as True; GitHub reads it as "on".
    return {("on" if key is True else key): value for key, value in yaml.safe_load(path.read_text()).items()}


def walk(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every (path, scalar) of a YAML document."""
    if isinstance(node, dict):
        return [item for key, value in node.items() for item in walk(value, (*path, key))]
    if isinstance(node, list):
        return [item for index, value in enumerate(node) for item in walk(value, (*path, index))]
    return [(path, node)]


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def validate(schema: str, *paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_both_workflows_exist():
    assert [p.name for p in FILES] == ["deploy.yml", "preview.yml"]


def test_workflows_and_the_action_pass_the_vendored_github_schemas(tmp_path):
    checked = validate("vendor.github-workflows", *FILES)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    action = validate("vendor.github-actions", ACTION)
    assert action.returncode == 0, action.stdout + action.stderr
    # The check really reads the files: a job without `runs-on` is refused.
    broken = load(WORKFLOWS / "deploy.yml")
    del broken["jobs"]["up"]["runs-on"]
    (tmp_path / "broken.yml").write_text(yaml.safe_dump(broken))
    assert validate("vendor.github-workflows", tmp_path / "broken.yml").returncode != 0


@pytest.mark.parametrize("name", ["preview.yml", "deploy.yml"])
def test_every_stack_named_exists_as_a_stack_file_or_an_example(name):
    stacks = load(WORKFLOWS / name)["env"]["STACKS"].split()
    assert stacks
    for stack in stacks:
        assert (REPO / f"Pulumi.{stack}.yaml").exists() or (
            REPO / "examples" / f"Pulumi.{stack}.yaml"
        ).exists()


def test_the_jobs_preview_per_stack_then_comment_once_and_deploy_behind_environments():
    preview = load(WORKFLOWS / "preview.yml")
    assert list(preview["on"]) == ["pull_request"]
    matrix = preview["jobs"]["preview"]["strategy"]["matrix"]["stack"]
    assert matrix == "${{ fromJSON(needs.stacks.outputs.present) }}"
    assert preview["jobs"]["comment"]["needs"] == ["stacks", "preview"]
    assert preview["jobs"]["comment"]["permissions"]["pull-requests"] == "write"
    runs = [step.get("run", "") for step in steps(preview)]
    assert any("gcx preview --diff" in r and '--report "preview-$STACK.json"' in r for r in runs)
    assert any("gcx preview-report" in r for r in runs)

    deploy = load(WORKFLOWS / "deploy.yml")
    assert deploy["on"]["push"] == {"branches": ["main"]}
    up = deploy["jobs"]["up"]
    assert up["environment"] == "${{ matrix.stack }}"
    assert up["concurrency"] == {"group": "deploy-${{ matrix.stack }}", "cancel-in-progress": False}
    assert any("gcx up --yes" in step.get("run", "") for step in up["steps"])


def test_python_and_the_venv_are_set_up_the_readme_way():
    action = yaml.safe_load(ACTION.read_text())
    assert action["runs"]["steps"][0]["with"]["python-version"] == "3.11"
    assert action["runs"]["steps"][-1]["run"] == "make venv"
    assert re.search(r"^venv: \$\(STAMP\)$", (REPO / "Makefile").read_text(), re.M)
    for path in FILES:
        for job in load(path)["jobs"].values():
            uses = [step.get("uses", "") for step in job["steps"]]
            if any(".venv/bin/gcx" in step.get("run", "") for step in job["steps"]):
                assert "./.github/actions/setup-gcx" in uses


def test_the_sticky_comment_is_found_by_the_marker_gcx_writes():
    script = next(
        step["with"]["script"]
        for step in steps(load(WORKFLOWS / "preview.yml"))
        if "github-script" in step.get("uses", "")
    )
    assert f"const marker = '{COMMENT_MARKER}';" in script
    assert "updateComment" in script and "createComment" in script and "github.paginate" in script


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_secrets_only_reach_environment_variables_and_are_never_printed(path):
    workflow = load(path)
    for where, value in walk(workflow):
        if isinstance(value, str) and "secrets." in value:
            assert where[-2] == "env", f"{where}: secrets may only feed env variables"
    for step in steps(workflow):
        script = step.get("run", "")
        assert "set -x" not in script and "secrets." not in script
        for variable in ("PULUMI_CONFIG_PASSPHRASE", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID"):
            assert variable not in script, f"{step.get('name')}: a run script must not touch ${variable}"


def test_every_secret_used_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text()
    used = {name for path in FILES for name in re.findall(r"secrets\.([A-Z_]+)", path.read_text())}
    assert used == {
        "PULUMI_BACKEND_URL",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_REGION",
        "PULUMI_CONFIG_PASSPHRASE",
    }
    ci = readme[readme.index("## CI") :]
    assert all(f"`{name}`" in ci for name in used)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_gcx_commands_in_the_workflows_exist(path):
    calls = [call for step in steps(load(path)) for call in invocations(step.get("run", ""))]
    assert calls
    for call in calls:
        assert call.path, f"not a gcx command: {call.line}"
        assert not unknown_options(call), f"{call.line}: unknown options {unknown_options(call)}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_real_pulumi_cli_equivalent_is_written_down(path):
    text = " ".join(path.read_text().replace("#", " ").split())  # comments joined into one line
    assert "pulumi package add terraform-provider mypurecloud/genesyscloud" in text
    assert "pulumi/actions@" in text
    assert ("pulumi preview --diff" if path.name == "preview.yml" else "pulumi up --yes") in text


def test_present_stacks_keeps_the_stacks_with_a_file_and_names_the_others(tmp_path):
    (tmp_path / "Pulumi.dev.yaml").write_text("config: {}\n")
    (tmp_path / "Pulumi.prod-emea.yaml").write_text("config: {}\n")
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_OUTPUT"}
    run = subprocess.run(
        ["bash", str(PRESENT_STACKS), "dev", "prod-americas", "prod-emea"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=30,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[-1] == 'stacks=["dev","prod-emea"]'
    assert lines[0].startswith("::notice::stack prod-americas skipped: no Pulumi.prod-americas.yaml")

    output = tmp_path / "github-output"
    none = subprocess.run(
        ["bash", str(PRESENT_STACKS), "nothing"],
        cwd=tmp_path, capture_output=True, text=True, env={**env, "GITHUB_OUTPUT": str(output)}, timeout=30,
    )  # fmt: skip
    assert none.returncode == 0 and output.read_text() == "stacks=[]\n"
    bad = subprocess.run(["bash", str(PRESENT_STACKS), "a b"], cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode == 2 and "'a b' is not a stack name" in bad.stdout
