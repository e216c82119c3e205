"""The passphrase crypter: Pulumi's published test vectors, round trips, wrong passphrases,
tampering, and where the passphrase comes from."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from gcx.engine.errors import PassphraseError
from gcx.engine.secrets import CiphertextError, PassphraseCrypter, crypter_from_env, read_passphrase
from tests.engine.storage.samples import PASSPHRASE

# pulumi/pulumi pkg/secrets/passphrase/manager_test.go (`state`, passphrase "password") and
# sdk/go/pulumi-language-... passphrase plugin tests (`emptyPassphraseState`, passphrase "").
PULUMI_SALT_STATE = "v1:fozI5u6B030=:v1:F+6ZduKKd8G0/V7L:PGMFeIzwobWRKmEAzUdaQHqC5mMRIQ=="
PULUMI_EMPTY_PASSPHRASE_STATE = "v1:LVuDkcjhUns=:v1:WPbL+tmbxnqWswQ2:lebZxStyHT3IZkmbN+3xCx9zqtoPog=="


def test_pulumi_test_vector_opens_with_password_and_decrypts_to_pulumi() -> None:
    crypter = PassphraseCrypter.from_salt_state("password", PULUMI_SALT_STATE)
    check_value = PULUMI_SALT_STATE.split(":", 2)[2]
    assert crypter.decrypt(check_value) == "pulumi"
    # What we encrypt under Pulumi's salt decrypts back, and has Pulumi's v1:<12-byte nonce>:<ct> form.
    token = crypter.encrypt("from gcx")
    version, nonce, _ = token.split(":")
    assert version == "v1" and len(base64.b64decode(nonce)) == 12
    assert crypter.decrypt(token) == "from gcx"


def test_empty_passphrase_is_a_valid_passphrase() -> None:
    crypter = crypter_from_env(PULUMI_EMPTY_PASSPHRASE_STATE, {"PULUMI_CONFIG_PASSPHRASE": ""})
    assert crypter.decrypt(PULUMI_EMPTY_PASSPHRASE_STATE.split(":", 2)[2]) == "pulumi"


def test_wrong_passphrase_is_refused_with_pulumis_words() -> None:
    with pytest.raises(PassphraseError, match=r"^incorrect passphrase"):
        PassphraseCrypter.from_salt_state("password123", PULUMI_SALT_STATE)


@pytest.mark.parametrize(
    "state",
    ["fozI5u6B030=:v1:F+6ZduL:PGMFeIzwobWRKmEAzUdaQHqC5mMRIQ==", "v2:fozI5u6B030=:x", "v1:!!!:v1:a:b"],
)
def test_malformed_salt_state_is_explained(state: str) -> None:
    with pytest.raises(PassphraseError, match="salt"):
        PassphraseCrypter.from_salt_state("password", state)


def test_round_trip_with_a_new_salt_state(crypter: PassphraseCrypter) -> None:
    reopened = PassphraseCrypter.from_salt_state(PASSPHRASE, crypter.salt_state)
    for text in ["", "plain", "ünïcödé ✓", '{"json": [1, 2]}']:
        assert reopened.decrypt(crypter.encrypt(text)) == text
    # Fresh nonce every time: equal plaintexts never give equal ciphertexts.
    assert crypter.encrypt("same") != crypter.encrypt("same")
    assert "correct horse" not in repr(crypter)


def test_tampered_or_foreign_ciphertext_is_rejected(crypter: PassphraseCrypter) -> None:
    token = crypter.encrypt("value")
    version, nonce, sealed = token.split(":")
    flipped = base64.b64encode(
        bytes([base64.b64decode(sealed)[0] ^ 1]) + base64.b64decode(sealed)[1:]
    ).decode()
    with pytest.raises(CiphertextError, match="different passphrase"):
        crypter.decrypt(f"{version}:{nonce}:{flipped}")
    with pytest.raises(CiphertextError, match="malformed"):
        crypter.decrypt("v1:only-two")
    with pytest.raises(CiphertextError, match="malformed"):
        crypter.decrypt("v1:%%%:%%%")


def test_passphrase_comes_from_the_variable_then_the_file(tmp_path: Path) -> None:
    phrase_file = tmp_path / "phrase.txt"
    phrase_file.write_text("  from-file\n")
    assert read_passphrase(
        {"PULUMI_CONFIG_PASSPHRASE": "direct", "PULUMI_CONFIG_PASSPHRASE_FILE": str(phrase_file)}
    ) == ("direct")
    assert read_passphrase({"PULUMI_CONFIG_PASSPHRASE_FILE": str(phrase_file)}) == "from-file"
    assert read_passphrase({"PULUMI_CONFIG_PASSPHRASE_FILE": ""}) is None
    assert read_passphrase({}) is None
    with pytest.raises(PassphraseError, match="unable to read PULUMI_CONFIG_PASSPHRASE_FILE"):
        read_passphrase({"PULUMI_CONFIG_PASSPHRASE_FILE": str(tmp_path / "missing")})


def test_missing_passphrase_names_both_variables(crypter: PassphraseCrypter) -> None:
    with pytest.raises(PassphraseError) as caught:
        crypter_from_env(crypter.salt_state, {}, "stack 'dev'")
    assert "PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE" in str(caught.value)
    assert caught.value.exit_code == PassphraseError.exit_code
