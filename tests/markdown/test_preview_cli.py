"""`gcx preview --markdown` (one stack or several) and `--json` on destroy and refresh, run
in-process through Typer's runner on the engine's lifecycle test program and its fake cloud."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from gcx.cli import app
from gcx.engine.display.markdown import COMMENT_MARKER
from tests.markdown.conftest import TOKEN


def gcx(proj, *args: str):
    return CliRunner().invoke(app, [*args, "--cwd", str(proj.dir)], catch_exceptions=False)


def test_markdown_of_a_deployed_stack_is_the_same_on_every_run(lifecycle):
    assert gcx(lifecycle, "up", "--yes", "-s", "dev").exit_code == 0
    lifecycle.config("version", 2)
    first = gcx(lifecycle, "preview", "--markdown", "-s", "dev")
    second = gcx(lifecycle, "preview", "--markdown", "-s", "dev")
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    text = first.output
    assert text.startswith(COMMENT_MARKER + "\n## Preview of stack `dev`\n")
    # Version 2: `fresh` created; `solo` and the renamed group's two children updated; `dbr` and
    # `cbd` replaced; `gone` and `keeper` deleted; the stack, group, `guarded` and `ign` unchanged.
    assert "| `dev` | 1 | 3 | 2 | 2 | 4 | 8 changes |" in text
    # The renamed component (alias grp -> grp2) is one section; everything else is outside.
    assert "<summary><b>grp2</b> <code>lc:index:Group</code>: 2 to update, 1 unchanged</summary>" in text
    assert "<summary><b>Resources outside any component</b>:" in text
    assert "\n+-fake:index:Thing: (replace)\n" in text
    assert TOKEN not in text and "Duration" not in text


def test_several_stacks_in_one_document_and_a_missing_one_reported(lifecycle):
    result = CliRunner().invoke(
        app, ["preview", "--markdown", "-s", "dev", "-s", "nope", "--cwd", str(lifecycle.dir)]
    )
    assert result.exit_code != 0
    text = result.stdout
    assert text.count(COMMENT_MARKER) == 1
    digest = json.loads(gcx(lifecycle, "preview", "--json", "-s", "dev").output)
    creates = digest["changeSummary"]["create"]
    assert f"| `dev` | {creates} | 0 | 0 | 0 | 0 | {creates} changes |" in text
    assert "| `nope` | - | - | - | - | - | failed |" in text
    assert "### `nope`\n\n**The preview failed:**\n\n```text\nno stack named 'nope'" in text
    assert "error: nope: no stack named 'nope'" in result.stderr


def test_saved_reports_join_into_the_same_document_without_the_project(lifecycle, tmp_path):
    dev, nope = tmp_path / "dev.json", tmp_path / "nope.json"
    assert gcx(lifecycle, "preview", "-s", "dev", "--diff", "--report", str(dev)).exit_code == 0
    missing = gcx(lifecycle, "preview", "-s", "nope", "--report", str(nope))
    assert missing.exit_code != 0 and "no stack named 'nope'" in missing.output
    assert TOKEN not in dev.read_text()

    direct = CliRunner().invoke(
        app, ["preview", "--markdown", "-s", "dev", "-s", "nope", "--cwd", str(lifecycle.dir)]
    )
    # The join reads the reports alone: no project directory, passphrase or backend.
    env = {"PULUMI_CONFIG_PASSPHRASE": "", "PULUMI_BACKEND_URL": "file:///nonexistent"}
    joined = CliRunner().invoke(app, ["preview-report", str(dev), str(nope)], env=env)
    assert joined.stdout == direct.stdout
    assert joined.exit_code == 1  # a stack failed; the document is printed anyway

    (tmp_path / "bad.json").write_text('{"format": "gcx-preview-report", "version": 9}')
    bad = CliRunner().invoke(app, ["preview-report", str(tmp_path / "bad.json")])
    assert bad.exit_code == 2
    assert "bad.json: report version 9 is not 1" in bad.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--markdown", "--json"], "--markdown cannot be combined with --diff, --json or --report"),
        (["-s", "dev", "-s", "qa"], "only one --stack at a time, except with --markdown"),
    ],
)
def test_bad_combinations_are_usage_errors(lifecycle, args, message):
    result = gcx(lifecycle, "preview", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_destroy_and_refresh_print_the_json_digest(lifecycle):
    assert gcx(lifecycle, "up", "--yes", "-s", "dev").exit_code == 0
    resources = lifecycle.resources()
    custom = [r for r in resources.values() if r["custom"] and not r["type"].startswith("pulumi:providers:")]
    refreshed = gcx(lifecycle, "refresh", "--yes", "--json", "-s", "dev")
    assert refreshed.exit_code == 0, refreshed.output
    assert json.loads(refreshed.output)["changeSummary"] == {"same": len(custom)}
    destroyed = gcx(lifecycle, "destroy", "--yes", "--json", "-s", "dev", "--target", lifecycle.urn("solo"))
    assert destroyed.exit_code == 0, destroyed.output
    digest = json.loads(destroyed.output)
    assert digest["changeSummary"] == {"delete": 1}
    assert [(step["op"], step["urn"]) for step in digest["steps"]] == [("delete", lifecycle.urn("solo"))]
    assert TOKEN not in refreshed.output + destroyed.output
