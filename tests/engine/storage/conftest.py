"""Fixtures for the storage tests: one passphrase crypter per worker (key derivation is the slow
part), a small project on disk, a workspace, and the file/S3 backend pair (S3 under moto)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from gcx.engine.secrets import PassphraseCrypter
from gcx.engine.workspace import Workspace
from tests.engine.storage.samples import BUCKET, PASSPHRASE, PROJECT_YAML


@pytest.fixture(scope="session")
def crypter() -> PassphraseCrypter:
    return PassphraseCrypter.new(PASSPHRASE)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"PULUMI_CONFIG_PASSPHRASE": PASSPHRASE, "HOME": str(tmp_path / "home")}


@pytest.fixture
def project_dir(tmp_path: Path, crypter: PassphraseCrypter) -> Path:
    """A project whose `dev` stack file already carries the session salt (no new derivation)."""
    directory = tmp_path / "proj"
    directory.mkdir()
    (directory / "Pulumi.yaml").write_text(PROJECT_YAML)
    (directory / "__main__.py").write_text("")
    (directory / "Pulumi.dev.yaml").write_text(
        f"encryptionsalt: {crypter.salt_state}\n# regional settings\nconfig:\n  shop:region: us-east-1\n"
    )
    return directory


@pytest.fixture
def s3_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        yield


@pytest.fixture(params=["file", "s3"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same backend suite runs on a directory and on an S3 bucket (moto)."""
    if request.param == "file":
        return f"file://{tmp_path / 'state'}"
    request.getfixturevalue("s3_env")
    return f"s3://{BUCKET}/teams/contact-centre"


@pytest.fixture
def workspace(project_dir: Path, backend_url: str, env: dict[str, str]) -> Workspace:
    return Workspace(project_dir, backend_url=backend_url, env=env)
