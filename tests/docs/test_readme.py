"""The README as a user guide that stays true: the set-up commands first, every `gcx` command and
option it shows exists (each command's ``--help`` runs), every `make` target and linked file
exists, and the official-SDK example runs against the emulator."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gcx.cli import app
from gcx.emulator import EmulatorServer
from tests.docs.commands import invocations, markdown_code, unknown_options

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text()
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)
SETUP = (
    "make demo   # builds .venv, runs the dev stack (two tenants, every integration) on the embedded "
    "emulator, prints the handoffs\n"
    "make test   # builds .venv, runs ruff and the whole test suite (offline, about ten minutes at most "
    "on 2 cores)\n"
)


def code_blocks(language: str | None = None) -> list[str]:
    return [body for lang, body in BLOCK.findall(README) if language is None or lang == language]


def test_the_two_setup_commands_come_first():
    assert README.startswith("# Genesys Cloud integrations as code\n\n```sh\n" + SETUP + "```\n")


DOCUMENTED = invocations(markdown_code(README))
PATHS = sorted({call.path for call in DOCUMENTED})


def test_every_gcx_call_in_the_readme_names_a_command_and_its_options():
    assert len(DOCUMENTED) > 30
    for call in DOCUMENTED:
        assert call.path, f"not a gcx command: {call.line}"
        assert not unknown_options(call), f"{call.line}: no such option {unknown_options(call)}"


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_every_documented_command_answers_help(path):
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert f"gcx {' '.join(path)}" in " ".join(result.output.split())


def test_every_make_target_mentioned_exists():
    targets = set(re.findall(r"^([a-z][\w-]*):", (REPO / "Makefile").read_text(), re.M))
    mentioned = set(re.findall(r"`make ([a-z][\w-]*)`", README)) | set(
        re.findall(r"^make ([a-z-]+)", README, re.M)
    )
    assert {"demo", "test", "bench", "check-fresh", "venv"} <= mentioned
    assert mentioned <= targets


def test_every_linked_or_named_project_file_exists():
    linked = re.findall(r"\]\(((?!https?:|#)[^)\s]+)\)", README)
    named = re.findall(r"`((?:\.github|docs|examples|components|gcx)/[\w./-]+\.(?:yml|yaml|md|py))`", README)
    assert "docs/config.md" in linked and ".github/workflows/preview.yml" in named
    for path in {*linked, *named}:
        assert (REPO / path).exists(), path


def test_the_sdk_example_runs_against_the_emulator(monkeypatch):
    (example,) = [block for block in code_blocks("python") if "set_gateway(" in block]
    with EmulatorServer() as emulator:
        org = emulator.create_org("Acme", region="eu-west-1")
        monkeypatch.setenv("GENESYS_CLIENT_ID", org.client_id)
        monkeypatch.setenv("GENESYS_CLIENT_SECRET", org.client_secret)
        assert "port=8080" in example
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(example.replace("port=8080", f"port={emulator.port}"), "README.md", "exec"), {})
    assert printed.getvalue() == "Acme\n"


def test_the_command_checker_catches_what_does_not_exist():
    (wrong_option, no_command) = invocations("gcx stack graph --bogus -s dev\ngcx stack grpah")
    assert wrong_option.path == ("stack", "graph") and unknown_options(wrong_option) == ["--bogus"]
    assert no_command.path == ("stack",) and no_command.line == "gcx stack grpah"
    assert "--help" not in README.split("```")[1]  # the setup block shows no --help: sanity of the split
