"""Workspace rules that do not depend on the backend: stack names, which secrets provider a stack
may use, and config that cannot be decrypted."""

from __future__ import annotations

from pathlib import Path

import pytest

from gcx.engine.errors import ConfigError, EngineError, ProjectFileError
from gcx.engine.secrets import PassphraseCrypter
from gcx.engine.workspace import Workspace


@pytest.fixture
def local(project_dir: Path, env: dict[str, str]) -> Workspace:
    return Workspace(project_dir, backend_url=f"file://{project_dir.parent / 'state'}", env=env)


def test_config_resolves_through_the_workspace(local: Workspace, crypter: PassphraseCrypter) -> None:
    path = local.project.stack_file_path("dev")
    path.write_text(
        f"encryptionsalt: {crypter.salt_state}\nconfig:\n  shop:region: x\n"
        f"  shop:db:\n    pw:\n      secure: {crypter.encrypt('p@ss')}\n"
    )
    resolved = local.config("dev")
    assert resolved.values["shop:db"] == '{"pw":"p@ss"}' and resolved.secret_keys == ["shop:db"]


def test_secure_value_without_a_salt_names_the_key(local: Workspace, crypter: PassphraseCrypter) -> None:
    local.project.stack_file_path("dev").write_text(
        f"config:\n  shop:region: x\n  shop:token:\n    secure: {crypter.encrypt('t')}\n"
    )
    with pytest.raises(ConfigError, match=r"shop:token.*no `encryptionsalt`"):
        local.config("dev")


def test_cloud_secrets_providers_are_refused_by_name(local: Workspace) -> None:
    path = local.project.stack_file_path("dev")
    path.write_text("secretsprovider: awskms://alias/pulumi\nconfig:\n  shop:region: x\n")
    with pytest.raises(ProjectFileError) as caught:
        local.crypter("dev", create=True)
    assert (caught.value.path, caught.value.key) == (path, "secretsprovider")
    assert "awskms://alias/pulumi" in caught.value.cause


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("has space", "alphanumerics, hyphens, underscores, or periods"),
        ("organization/other/dev", "belongs to project 'other'"),
        ("acme/shop/dev", "only the organization 'organization'"),
        ("a/b", "NAME or organization/<project>/NAME"),
        ("x" * 101, "limited to 100 characters"),
    ],
)
def test_stack_names_are_checked(local: Workspace, name: str, message: str) -> None:
    with pytest.raises(EngineError, match=message):
        local.stack_name(name)
    assert local.stack_name("organization/shop/dev") == "dev"
