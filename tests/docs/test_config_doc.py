"""`docs/config.md` and the README's regions table are generated (`python -m gcx.docs_gen`): they
must match what the models and `gcx.regions` say now, and the generator must cover every setting."""

from __future__ import annotations

import enum
import shutil
from pathlib import Path
from typing import Literal

import pulumi
from pydantic import BaseModel, Field, InstanceOf, SecretStr

from components.settings import SECRET_FIELDS
from gcx import docs_gen
from gcx.docs_gen import CONFIG_DOC, ModelDoc, config_reference, regions_table, stale_documents
from gcx.regions import REGIONS

REPO = Path(__file__).resolve().parents[2]
REGENERATE = "run `.venv/bin/python -m gcx.docs_gen` from the project directory and commit the result"


def test_generated_documents_are_up_to_date():
    stale = stale_documents(REPO)
    assert not stale, f"{', '.join(map(str, stale))} out of date; {REGENERATE}"


def test_the_reference_covers_every_setting_and_leaves_out_the_rest():
    text = (REPO / CONFIG_DOC).read_text()
    keys = "orgShortName eightByEight segments phoneMappings wfmClients cicExport smsNumbers webhookPassword"
    for key in [*keys.split(), "privateKeyPem", "proficiencyBands", "loginIcon"]:
        assert f"| `{key}` |" in text, key
    assert "`connection`" not in text  # set by the tenant stack, not config
    for secret in SECRET_FIELDS:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{secret}` |"))
        assert "secret: set it under `tenantSecrets`" in row
    assert text.count('<a id="catalogfacts"></a>') == 1  # one section however many places use it


def test_the_readme_regions_table_lists_every_region():
    table = regions_table()
    assert table in (REPO / "README.md").read_text()
    assert len(table.splitlines()) == 2 + len(REGIONS)
    assert "| `eu-west-1` | EMEA (Dublin) | api.mypurecloud.ie | login.mypurecloud.ie | `eu` |" in table


class Colour(enum.Enum):
    RED = "red"


class Leaf(BaseModel):
    """A leaf model.

    Details that stay out of the reference."""

    name: str = Field(description="A <name> with `<code>` | pipe.")


class Root(BaseModel):
    count: int = 3
    mode: Literal["a", "b"] = "a"
    colour: Colour = Colour.RED
    leaves: list[Leaf] = Field(default_factory=list)
    by_name: dict[str, Leaf] = Field(default_factory=dict, alias="byName")
    password: SecretStr
    handle: InstanceOf[pulumi.Output] | None = None
    either: str | InstanceOf[pulumi.Output] | None = None
    hidden: str = ""


def test_types_defaults_and_paths_are_rendered_as_written():
    text = config_reference(ModelDoc(Root, "root", skip_fields=frozenset({"hidden"})), "Title", "Intro.")
    lines = text.splitlines()
    assert lines[:4] == ["# Title", "", "Intro.", ""]
    assert "| `count` | integer | `3` |  |" in lines
    assert '| `mode` | one of `a`, `b` | `"a"` |  |' in lines
    assert '| `colour` | one of `red` | `"red"` |  |' in lines
    assert "| `leaves` | list of [Leaf](#leaf) | `[]` |  |" in lines
    assert "| `byName` | map of [Leaf](#leaf) | `{}` |  |" in lines
    assert "| `password` | secret string | required |  |" in lines
    assert "| `either` | string | unset |  |" in lines
    assert not any(line.startswith(("| `handle`", "| `hidden`")) for line in lines)  # Output only; skipped
    # The model met under two paths is described once, at the first, naming the other.
    assert text.count('<a id="leaf"></a>') == 1
    assert "## `root.leaves[i]`: Leaf" in lines and "Also at `root.byName.<name>`." in lines
    assert "A leaf model." in lines and "Details" not in text
    assert "| `name` | string | required | A &lt;name> with `<code>` \\| pipe. |" in lines


def test_check_mode_names_a_stale_file_and_writing_mode_fixes_it(tmp_path, monkeypatch, capsys):
    for name in ("Pulumi.yaml", "README.md"):
        shutil.copy(REPO / name, tmp_path / name)
    (tmp_path / "docs").mkdir()
    (tmp_path / CONFIG_DOC).write_text("old\n")
    monkeypatch.chdir(tmp_path)
    assert docs_gen.main(["--check"]) == 1
    assert "docs/config.md is out of date; run `python -m gcx.docs_gen`" in capsys.readouterr().err
    assert docs_gen.main([]) == 0
    assert docs_gen.main(["--check"]) == 0
    assert (tmp_path / CONFIG_DOC).read_text() == (REPO / CONFIG_DOC).read_text()
