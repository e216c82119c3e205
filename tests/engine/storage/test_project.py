"""`Pulumi.yaml` and `Pulumi.<stack>.yaml` validation, and config resolution as the language host
receives it (namespaced strings, JSON for non-strings, secrets decrypted and listed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gcx.engine.errors import ConfigError, PassphraseError, ProjectFileError
from gcx.engine.project import find_project_dir, load_project, load_stack_file, resolve_config
from gcx.engine.secrets import PassphraseCrypter


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text)
    return path


def test_project_file_is_read_with_runtime_options_and_config_schema(project_dir: Path) -> None:
    project = load_project(project_dir)
    assert (project.name, project.runtime, project.runtime_options) == (
        "shop",
        "python",
        {"virtualenv": "venv"},
    )
    assert project.main_path == project_dir
    assert project.config_schema["shop:port"].type == "integer"
    assert project.config_schema["shop:port"].default == 8080
    assert project.config_schema["aws:region"].default == "eu-west-1"
    assert project.stack_file_path("dev") == project_dir / "Pulumi.dev.yaml"


def test_project_dir_is_found_upwards(project_dir: Path) -> None:
    nested = project_dir / "a" / "b"
    nested.mkdir(parents=True)
    assert find_project_dir(nested) == project_dir
    with pytest.raises(ProjectFileError, match=r"no Pulumi.yaml project file found"):
        find_project_dir(project_dir.parent)


@pytest.mark.parametrize(
    ("text", "key", "cause"),
    [
        ("runtime: python\n", "name", "required"),
        ("name: has space\nruntime: python\n", "name", "alphanumerics, hyphens, underscores, and periods"),
        ("name: x\n", "runtime", "required"),
        ("name: x\nruntime: nodejs\n", "runtime", "Python programs only"),
        ("name: x\nruntime: {name: python, options: [1]}\n", "runtime.options", "mapping"),
        ("name: x\nruntime: python\nmain: missing/\n", "main", "does not exist"),
        ("name: x\nruntime: python\nconfig: [1, 2]\n", "config", "mapping"),
        (
            "name: x\nruntime: python\nconfig:\n  port: {type: int}\n",
            "config.port.type",
            "unknown type 'int'",
        ),
        (
            "name: x\nruntime: python\nconfig:\n  port: {type: integer, default: abc}\n",
            "config.port.default",
            "integer",
        ),
        (
            "name: x\nruntime: python\nconfig:\n  aws:region: {type: string}\n",
            "config.aws:region",
            "not namespaced",
        ),
        ("name: x\nruntime: python\nconfig:\n  a:b:c: 1\n", "config.a:b:c", "<namespace>:<name>"),
        (
            "name: x\nruntime: python\nconfig:\n  tags: {type: string, items: {type: string}}\n",
            "config.tags.items",
            "array",
        ),
    ],
)
def test_malformed_project_file_names_file_key_and_cause(
    tmp_path: Path, text: str, key: str, cause: str
) -> None:
    path = write(tmp_path, "Pulumi.yaml", text)
    with pytest.raises(ProjectFileError) as caught:
        load_project(tmp_path)
    assert (caught.value.path, caught.value.key) == (path, key)
    assert cause in caught.value.cause
    assert str(path) in str(caught.value) and f"'{key}'" in str(caught.value)


def test_invalid_yaml_reports_line_and_column(tmp_path: Path) -> None:
    write(tmp_path, "Pulumi.yaml", "name: x\nruntime: [python\n")
    with pytest.raises(ProjectFileError, match=r"invalid YAML at line \d+, column \d+"):
        load_project(tmp_path)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("config: [a]\n", "config"),
        ("encryptionsalt: 5\n", "encryptionsalt"),
        ("config:\n  shop:a:b:c: 1\n", "config.shop:a:b:c"),
        ("config:\n  region: a\n  shop:region: b\n", "config.shop:region"),
    ],
)
def test_malformed_stack_file_names_file_and_key(project_dir: Path, text: str, key: str) -> None:
    path = write(project_dir, "Pulumi.dev.yaml", text)
    project = load_project(project_dir)
    with pytest.raises(ProjectFileError) as caught:
        resolve_config(project, load_stack_file(project, "dev"), None)
    assert (caught.value.path, caught.value.key) == (path, key)


def test_missing_stack_file_is_an_empty_config(project_dir: Path) -> None:
    project = load_project(project_dir)
    stack_file = load_stack_file(project, "prod")
    assert not stack_file.exists and stack_file.config == {}
    with pytest.raises(ConfigError, match=r"shop:region.*missing configuration value"):
        resolve_config(project, stack_file, None)


def test_resolve_config_namespaces_encodes_and_decrypts(
    project_dir: Path, crypter: PassphraseCrypter
) -> None:
    secret = crypter.encrypt("s3cr3t")
    nested = crypter.encrypt("inner-pw")
    write(
        project_dir,
        "Pulumi.dev.yaml",
        f"""encryptionsalt: {crypter.salt_state}
config:
  region: us-east-1
  shop:port: "9090"
  shop:debug: true
  shop:ratio: 1.5
  shop:tags: [a, b]
  shop:token:
    secure: {secret}
  shop:db:
    user: admin
    creds: [{{secure: {nested}}}]
    z: 1
    a: 2
  gcp:project: p-1
""",
    )
    project = load_project(project_dir)
    resolved = resolve_config(project, load_stack_file(project, "dev"), crypter)
    assert resolved.values == {
        "aws:region": "eu-west-1",
        "gcp:project": "p-1",
        "shop:db": '{"a":2,"creds":["inner-pw"],"user":"admin","z":1}',
        "shop:debug": "true",
        "shop:port": "9090",
        "shop:ratio": "1.5",
        "shop:region": "us-east-1",
        "shop:tags": '["a","b"]',
        "shop:token": "s3cr3t",
    }
    assert resolved.secret_keys == ["shop:db", "shop:token"]
    assert json.loads(resolved.values["shop:db"])["creds"] == ["inner-pw"]
    assert resolved.display_values()["shop:token"] == "[secret]"
    assert resolved.display_values()["shop:region"] == "us-east-1"


def test_project_default_applies_when_the_stack_says_nothing(project_dir: Path) -> None:
    project = load_project(project_dir)
    resolved = resolve_config(project, load_stack_file(project, "dev"), None)
    assert resolved.values["shop:port"] == "8080"
    assert resolved.secret_keys == []


def test_secure_value_without_passphrase_is_an_error_not_a_skip(
    project_dir: Path, crypter: PassphraseCrypter
) -> None:
    write(
        project_dir,
        "Pulumi.dev.yaml",
        f"config:\n  shop:region: x\n  shop:token:\n    secure: {crypter.encrypt('x')}\n",
    )
    project = load_project(project_dir)
    with pytest.raises(PassphraseError, match=r"PULUMI_CONFIG_PASSPHRASE.*shop:token"):
        resolve_config(project, load_stack_file(project, "dev"), None)


def test_value_encrypted_for_another_stack_names_the_key(
    project_dir: Path, crypter: PassphraseCrypter
) -> None:
    foreign = PassphraseCrypter(b"\x01" * 32, "v1:AAAAAAAAAAA=:x").encrypt("x")
    write(
        project_dir, "Pulumi.dev.yaml", f"config:\n  shop:region: x\n  shop:token:\n    secure: {foreign}\n"
    )
    project = load_project(project_dir)
    with pytest.raises(ConfigError, match=r"shop:token.*different passphrase"):
        resolve_config(project, load_stack_file(project, "dev"), crypter)


@pytest.mark.parametrize(
    ("schema", "stack_value", "message"),
    [
        ("port: {type: integer}", "shop:port: eighty", "must be of type 'integer'"),
        ("on: {type: boolean}", "shop:on: maybe", "must be of type 'boolean'"),
        (
            "tags: {type: array, items: {type: integer}}",
            "shop:tags: [1, x]",
            "element [1] must be of type 'integer'",
        ),
        ("db: {type: object}", "shop:db: text", "must be of type 'object'"),
        ("pw: {type: string, secret: true}", "shop:pw: plain", "--secret"),
    ],
)
def test_declared_types_and_secrecy_are_enforced(
    tmp_path: Path, schema: str, stack_value: str, message: str
) -> None:
    write(tmp_path, "Pulumi.yaml", f"name: shop\nruntime: python\nconfig:\n  {schema}\n")
    path = write(tmp_path, "Pulumi.dev.yaml", f"config:\n  {stack_value}\n")
    project = load_project(tmp_path)
    with pytest.raises(ConfigError) as caught:
        resolve_config(project, load_stack_file(project, "dev"), None)
    assert message in str(caught.value)
    assert caught.value.path == path


def test_integer_given_as_text_passes_the_type_check(tmp_path: Path) -> None:
    write(tmp_path, "Pulumi.yaml", "name: shop\nruntime: python\nconfig:\n  port: {type: integer}\n")
    write(tmp_path, "Pulumi.dev.yaml", "config:\n  shop:port: '8080'\n")
    project = load_project(tmp_path)
    assert resolve_config(project, load_stack_file(project, "dev"), None).values == {"shop:port": "8080"}
