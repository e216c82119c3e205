"""EncryptedPrivateKey (and the RandomSecret that is its password): the guide's
``openssl rsa -aes256`` + ``openssl base64`` as a resource, made once and kept in state.

Provider checks run directly; the lifecycle runs a small program through the offline engine
(`gcx.engine.api.Stack`) in a temp dir: no API is involved, so no emulator either.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from pulumi.output import Unknown

from gcx.dynamic.encrypted_key import EncryptedPrivateKeyProvider, encrypt_private_key
from gcx.dynamic.key_pair import generate_key_pair
from gcx.dynamic.random_secret import RandomSecretProvider
from gcx.engine.api import Stack
from gcx.engine.config_edit import set_config
from gcx.engine.display import render_diff_text, render_json
from gcx.engine.plugin import ProviderRegistry
from gcx.engine.secrets import PassphraseCrypter
from gcx.engine.wire import is_secret
from gcx.engine.workspace import Workspace
from tests.dynamic.helpers import ops

PROVIDER = EncryptedPrivateKeyProvider()
PAIR = generate_key_pair("encrypted-key-tests", 30, 2048)
PASSPHRASE = "gcx-encrypted-key-tests"
# DER of the algorithm identifiers OpenSSL 3's `openssl rsa -aes256` writes (PKCS#8, PBES2).
PBES2_OID = bytes.fromhex("06092a864886f70d01050d")  # 1.2.840.113549.1.5.13
PBKDF2_OID = bytes.fromhex("06092a864886f70d01050c")  # 1.2.840.113549.1.5.12
HMAC_SHA256_OID = bytes.fromhex("06082a864886f70d0209")  # 1.2.840.113549.2.9
AES_256_CBC_OID = bytes.fromhex("060960864801650304012a")  # 2.16.840.1.101.3.4.1.42


def _decrypt(encrypted_pem_base64: str, password: str) -> Any:
    return serialization.load_pem_private_key(base64.b64decode(encrypted_pem_base64), password.encode())


def _private_numbers(pem: str) -> Any:
    return serialization.load_pem_private_key(pem.encode(), None).private_numbers()


def test_encryption_is_what_openssl_3_rsa_aes256_writes():
    encoded = encrypt_private_key(PAIR["private_key_pem"], "correct horse")

    assert "\n" not in encoded  # one line, ready for a Configuration Server option
    pem = base64.b64decode(encoded).decode()
    assert pem.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
    body = base64.b64decode("".join(pem.strip().splitlines()[1:-1]))
    header = body[:120]  # EncryptedPrivateKeyInfo's algorithm identifier comes first
    for oid in (PBES2_OID, PBKDF2_OID, HMAC_SHA256_OID, AES_256_CBC_OID):
        assert oid in header, oid.hex()
    assert _decrypt(encoded, "correct horse").private_numbers() == _private_numbers(PAIR["private_key_pem"])
    with pytest.raises(ValueError):
        _decrypt(encoded, "wrong horse")


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_openssl_opens_it_with_the_password(tmp_path: Path):
    encoded = encrypt_private_key(PAIR["private_key_pem"], "s3cret-Pass")
    (tmp_path / "key.pem.enc.b64").write_text(encoded)
    # The guide's reverse steps; the password goes through the environment, never argv.
    decoded = subprocess.run(
        ["openssl", "base64", "-d", "-A", "-in", str(tmp_path / "key.pem.enc.b64")],
        capture_output=True,
        check=True,
    ).stdout
    opened = subprocess.run(
        ["openssl", "pkey", "-passin", "env:KEY_PASSWORD", "-noout", "-text"],
        input=decoded,
        capture_output=True,
        env={**os.environ, "KEY_PASSWORD": "s3cret-Pass"},
        check=False,
    )
    assert opened.returncode == 0, opened.stderr.decode()
    modulus = format(_private_numbers(PAIR["private_key_pem"]).public_numbers.n, "x")
    assert modulus[-16:] in opened.stdout.decode().replace(":", "").replace("\n", "").replace(" ", "")


@pytest.mark.parametrize(
    ("news", "prop", "words"),
    [
        ({"private_key_pem": "not a key", "password": "pw"}, "private_key_pem", "PEM-encoded private key"),
        (
            {
                "private_key_pem": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                "password": "pw",
            },
            "private_key_pem",
            "could not be read",
        ),
        (
            {
                "private_key_pem": base64.b64decode(
                    encrypt_private_key(PAIR["private_key_pem"], "x")
                ).decode(),
                "password": "pw",
            },
            "private_key_pem",
            "must be the unencrypted key",
        ),
        (
            {"private_key_pem": PAIR["private_key_pem"], "password": ""},
            "password",
            "non-empty printable ASCII",
        ),
        ({"private_key_pem": PAIR["private_key_pem"], "password": "pässword"}, "password", "printable ASCII"),
        ({"private_key_pem": PAIR["private_key_pem"], "password": "a\nb"}, "password", "printable ASCII"),
    ],
)
def test_check_refuses_bad_inputs_without_repeating_them(news: dict, prop: str, words: str):
    failures = PROVIDER.check({}, news).failures
    assert [f.property for f in failures] == [prop]
    assert words in failures[0].reason
    assert "AAAA" not in failures[0].reason and news["password"] not in failures[0].reason.split()


def test_check_passes_a_good_pair_and_unknowns():
    assert PROVIDER.check({}, {"private_key_pem": PAIR["private_key_pem"], "password": "pw"}).failures == []
    assert PROVIDER.check({}, {"private_key_pem": Unknown(), "password": Unknown()}).failures == []


def test_diff_replaces_only_when_the_key_or_the_password_changes():
    news = {"private_key_pem": PAIR["private_key_pem"], "password": "pw"}
    created = PROVIDER.create(news)
    assert created.outs["private_key_pem"] == PAIR["private_key_pem"]  # inputs are kept among outputs
    assert PROVIDER.diff(created.id, created.outs, news).changes is False
    assert PROVIDER.diff(created.id, created.outs, {**news, "password": "pw2"}).replaces == ["password"]
    other = generate_key_pair("other", 30, 2048)["private_key_pem"]
    assert PROVIDER.diff(created.id, created.outs, {**news, "private_key_pem": other}).replaces == [
        "private_key_pem"
    ]
    assert PROVIDER.read(created.id, created.outs).outs == created.outs


PROGRAM = """
import pulumi

from gcx.dynamic.encrypted_key import EncryptedPrivateKey
from gcx.dynamic.key_pair import SamlSigningKeyPair
from gcx.dynamic.random_secret import RandomSecret

config = pulumi.Config()
pair = SamlSigningKeyPair("pair", common_name="gcx-encrypted-key-tests", valid_days=30)
password = RandomSecret("password", length=24, keepers={"rotation": config.get("rotation") or "first"})
key = EncryptedPrivateKey("key", private_key_pem=pair.private_key_pem, password=password.result)
pulumi.export("password", password.result)
pulumi.export("pkey", key.encrypted_pem_base64)
pulumi.export("privateKey", pair.private_key_pem)
"""


@pytest.fixture(scope="module")
def encrypted_key_salt() -> str:
    return PassphraseCrypter.new(PASSPHRASE).salt_state


@pytest.fixture
def stack(tmp_path: Path, encrypted_key_salt: str) -> Stack:
    program = tmp_path / "program"
    program.mkdir()
    (program / "Pulumi.yaml").write_text("name: encrypted-key\nruntime: python\n")
    (program / "__main__.py").write_text(textwrap.dedent(PROGRAM))
    (program / "Pulumi.dev.yaml").write_text(f"encryptionsalt: {encrypted_key_salt}\n")
    env = {"PULUMI_CONFIG_PASSPHRASE": PASSPHRASE, "PULUMI_BACKEND_URL": f"file://{tmp_path / 'state'}"}
    workspace = Workspace(program, env=env)
    workspace.create_stack("dev")
    return Stack(workspace, "dev", registry=ProviderRegistry())


def _plain(outputs: dict[str, Any]) -> dict[str, str]:
    for name, value in outputs.items():
        assert is_secret(value), f"stack output {name} must be a secret"
    return {name: value["value"] for name, value in outputs.items()}


def _rendered(result: Any) -> str:
    return render_diff_text(result, show_sames=True) + render_json(result)


def test_made_once_kept_across_runs_and_remade_with_a_new_password(stack: Stack, tmp_path: Path):
    texts = [_rendered(stack.preview(diff=True))]
    first = _plain(stack.up().outputs)
    assert len(first["password"]) == 24
    for name, provider in (("password", RandomSecretProvider), ("key", EncryptedPrivateKeyProvider)):
        pickled = base64.b64decode(_stored(tmp_path / "state")[name]["inputs"]["__provider"])
        assert len(pickled) < 120 and provider.__name__.encode() in pickled  # by reference, nothing captured
    assert _decrypt(first["pkey"], first["password"]).private_numbers() == _private_numbers(
        first["privateKey"]
    )

    again = stack.up()
    assert set(ops(again).values()) == {"same"}
    assert _plain(again.outputs) == first  # no new salt, IV or password on a second run

    workspace = stack.workspace
    set_config(workspace.stack_file("dev"), "rotation", "second", secret=False, crypter=None)
    texts.append(_rendered(stack.preview(diff=True)))
    rotated = stack.up()
    assert ops(rotated)["password"] == "replace" and ops(rotated)["key"] == "replace"
    assert ops(rotated)["pair"] == "same"
    second = _plain(rotated.outputs)
    assert second["password"] != first["password"] and second["pkey"] != first["pkey"]
    assert _decrypt(second["pkey"], second["password"]).private_numbers() == _private_numbers(
        first["privateKey"]
    )
    stack.destroy()

    backend = "\n".join(p.read_text(errors="replace") for p in (tmp_path / "state").rglob("*") if p.is_file())
    for text in [*texts, backend]:
        for secret in (first["password"], second["password"], first["pkey"], second["pkey"]):
            assert secret not in text
        assert "PRIVATE KEY" not in text
    assert "[secret]" in texts[1]


def _stored(state: Path) -> dict[str, dict[str, Any]]:
    """The checkpoint's resources by name, as stored."""
    latest = json.loads(next(state.rglob("dev.json")).read_text())["checkpoint"]["latest"]
    return {r["urn"].rsplit("::", 1)[-1]: r for r in latest["resources"]}
