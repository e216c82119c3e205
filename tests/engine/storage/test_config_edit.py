"""`config set|get|rm` rewrite the stack file in place: comments and order kept, Pulumi's
`--path` rules, secrets stored as `secure:` and the salt written by the first secret."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gcx.engine.config_edit import get_config, remove_config, set_config
from gcx.engine.errors import ConfigError, PassphraseError
from gcx.engine.project import load_project, load_stack_file, resolve_config
from gcx.engine.secrets import PassphraseCrypter

COMMENTED = """\
# Stack for the dev tenant -- keep this header
encryptionsalt: {salt}
config:
  # where the org lives
  shop:region: us-east-1   # mypurecloud.com
  aws:region: eu-west-1
  shop:zeta: last
"""


@pytest.fixture
def stack_path(project_dir: Path, crypter: PassphraseCrypter) -> Path:
    path = project_dir / "Pulumi.dev.yaml"
    path.write_text(COMMENTED.format(salt=crypter.salt_state))
    return path


def stack_file(project_dir: Path, name: str = "dev"):
    return load_stack_file(load_project(project_dir), name)


def test_set_keeps_comments_order_and_namespaces_new_keys(project_dir: Path, stack_path: Path) -> None:
    set_config(stack_file(project_dir), "region", "eu-central-1")
    set_config(stack_file(project_dir), "port", "9090")
    text = stack_path.read_text()
    assert text.startswith("# Stack for the dev tenant -- keep this header\n")
    assert "# where the org lives" in text and "# mypurecloud.com" in text
    assert list(yaml.safe_load(text)["config"]) == ["shop:region", "aws:region", "shop:zeta", "shop:port"]
    assert yaml.safe_load(text)["config"]["shop:port"] == "9090"  # plain set stores text, like Pulumi
    assert get_config(stack_file(project_dir), "region").value == "eu-central-1"


def test_bare_key_is_edited_where_it_is(project_dir: Path) -> None:
    path = project_dir / "Pulumi.dev.yaml"
    path.write_text("config:\n  region: old\n")
    set_config(stack_file(project_dir), "shop:region", "new")
    assert yaml.safe_load(path.read_text())["config"] == {"region": "new"}


def test_path_creates_objects_and_arrays_and_types_scalars(project_dir: Path, stack_path: Path) -> None:
    sf = stack_file(project_dir)
    set_config(sf, "data.items[0].name", "a", path=True)
    set_config(sf, "data.items[1]", "7", path=True)
    set_config(sf, "data.enabled", "true", path=True)
    set_config(sf, 'data["dotted.key"]', "x", path=True)
    assert yaml.safe_load(stack_path.read_text())["config"]["shop:data"] == {
        "items": [{"name": "a"}, 7],
        "enabled": True,
        "dotted.key": "x",
    }
    assert get_config(sf, "data.items[1]", path=True).value == 7
    with pytest.raises(ConfigError, match=r"index \[5\] is out of range"):
        set_config(sf, "data.items[5]", "x", path=True)
    with pytest.raises(ConfigError, match="not an object"):
        set_config(sf, "region.sub", "x", path=True)
    with pytest.raises(ConfigError, match="invalid --path syntax"):
        set_config(sf, "data..x", "x", path=True)
    # nothing was lost by the refused edits
    assert yaml.safe_load(stack_path.read_text())["config"]["shop:region"] == "us-east-1"


def test_secret_is_stored_encrypted_and_read_back(
    project_dir: Path, stack_path: Path, crypter: PassphraseCrypter
) -> None:
    set_config(stack_file(project_dir), "token", "pa55word", secret=True, crypter=crypter)
    set_config(stack_file(project_dir), "db.password", "inner", secret=True, path=True, crypter=crypter)
    text = stack_path.read_text()
    assert "pa55word" not in text and "inner" not in text
    stored = yaml.safe_load(text)["config"]
    assert set(stored["shop:token"]) == {"secure"} and stored["shop:db"]["password"]["secure"].startswith(
        "v1:"
    )
    entry = get_config(stack_file(project_dir), "token", crypter=crypter)
    assert (entry.value, entry.secret) == ("pa55word", True)
    masked = get_config(stack_file(project_dir), "db", decrypt=False)
    assert (masked.value, masked.secret) == ({"password": "[secret]"}, True)
    project = load_project(project_dir)
    resolved = resolve_config(project, stack_file(project_dir), crypter)
    assert resolved.values["shop:db"] == '{"password":"inner"}'
    assert resolved.secret_keys == ["shop:db", "shop:token"]
    with pytest.raises(PassphraseError):
        get_config(stack_file(project_dir), "token")


def test_first_secret_writes_the_salt(project_dir: Path, crypter: PassphraseCrypter) -> None:
    fresh = project_dir / "Pulumi.qa.yaml"
    assert not fresh.exists()
    set_config(stack_file(project_dir, "qa"), "token", "x", secret=True, crypter=crypter)
    document = yaml.safe_load(fresh.read_text())
    assert list(document) == ["encryptionsalt", "config"]
    assert document["encryptionsalt"] == crypter.salt_state


def test_secret_needs_a_crypter_of_this_stack(project_dir: Path, stack_path: Path) -> None:
    before = stack_path.read_text()
    with pytest.raises(PassphraseError):
        set_config(stack_file(project_dir), "token", "x", secret=True)
    other = PassphraseCrypter(b"\x02" * 32, "v1:AAAAAAAAAAA=:other")
    with pytest.raises(ConfigError, match="does not belong"):
        set_config(stack_file(project_dir), "token", "x", secret=True, crypter=other)
    assert stack_path.read_text() == before


def test_remove_keeps_the_rest_and_reports_missing_keys(project_dir: Path, stack_path: Path) -> None:
    sf = stack_file(project_dir)
    set_config(sf, "data.items[0]", "a", path=True)
    set_config(sf, "data.items[1]", "b", path=True)
    assert remove_config(sf, "data.items[0]", path=True)
    assert get_config(sf, "data", path=True).value == {"items": ["b"]}
    assert remove_config(sf, "zeta")
    assert not remove_config(sf, "zeta")
    assert not remove_config(sf, "data.nope", path=True)
    text = stack_path.read_text()
    assert "# where the org lives" in text and "shop:zeta" not in text
    with pytest.raises(ConfigError, match=r"shop:zeta.*not found in stack 'dev'"):
        get_config(sf, "zeta")
