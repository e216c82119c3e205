"""The Pulumi project (`Pulumi.yaml`), stack files (`Pulumi.<stack>.yaml`) and resolved config.

`load_project` validates `Pulumi.yaml`: `name` (alphanumerics, ``-``, ``_``, ``.``; at most 100),
`runtime` (``python`` or ``{name: python, options: {...}}``), `main`, `description`,
`stackConfigDir`, `backend.url` and project-level `config:`. A bare config key there declares a
project key (``{type, default, description, secret, items}``, or a literal as shorthand for the
default); a namespaced key (``aws:region``) gives a value for another package.

`resolve_config` turns project defaults plus the stack file into what the Pulumi CLI hands the
language host: ``{"<namespace>:<key>": str}`` (non-strings JSON-encoded) and the list of secret
keys. ``secure:`` values are decrypted wherever they sit; a top-level key holding one is secret.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gcx.engine.errors import ConfigError, PassphraseError, ProjectFileError
from gcx.engine.secrets import CiphertextError, PassphraseCrypter
from gcx.engine.yaml_io import load_yaml_document, to_plain

PROJECT_FILE = "Pulumi.yaml"
SUPPORTED_RUNTIME = "python"
CONFIG_TYPES = ("string", "integer", "boolean", "array", "object")
SECRET_MASK = "[secret]"

_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]+$")
_MAX_NAME = 100
_DECLARATION_KEYS = {"type", "default", "description", "secret", "items"}


def validate_project_name(name: Any) -> str | None:
    """Pulumi's project-name rule; returns the problem, or None when valid."""
    if not isinstance(name, str) or not name:
        return "project names may not be empty"
    if len(name) > _MAX_NAME:
        return f"project names are limited to {_MAX_NAME} characters"
    if not _NAME_RE.match(name):
        return "project names may only contain alphanumerics, hyphens, underscores, and periods"
    return None


def validate_stack_name(name: str) -> str | None:
    """Pulumi's DIY stack-name rule; returns the problem, or None when valid."""
    if not name:
        return "stack names may not be empty"
    if len(name) > _MAX_NAME:
        return f"stack names are limited to {_MAX_NAME} characters"
    if not _NAME_RE.match(name):
        return "stack names may only contain alphanumerics, hyphens, underscores, or periods"
    return None


@dataclass(frozen=True)
class ConfigSpec:
    """One project-level `config:` entry: a declaration of a project key, or a value for any key."""

    key: str  # namespaced
    type: str | None = None
    default: Any = None
    has_default: bool = False
    description: str = ""
    secret: bool = False
    items: str | None = None  # element type of an array


@dataclass(frozen=True)
class Project:
    name: str
    runtime: str
    main: str | None
    description: str
    config_schema: dict[str, ConfigSpec]
    dir: Path
    runtime_options: dict[str, Any] = field(default_factory=dict)
    stack_config_dir: str | None = None
    backend_url: str | None = None

    @property
    def file(self) -> Path:
        return self.dir / PROJECT_FILE

    @property
    def main_path(self) -> Path:
        """The program to run: a directory with `__main__.py`, or a file."""
        return (self.dir / self.main).resolve() if self.main else self.dir

    def stack_file_path(self, stack: str) -> Path:
        base = self.dir / self.stack_config_dir if self.stack_config_dir else self.dir
        return base / f"Pulumi.{stack}.yaml"


def find_project_dir(start: Path | str) -> Path:
    """The nearest directory at or above `start` holding `Pulumi.yaml` (like the Pulumi CLI)."""
    start_path = Path(start).expanduser().resolve()
    for candidate in (start_path, *start_path.parents):
        if (candidate / PROJECT_FILE).is_file():
            return candidate
    raise ProjectFileError(
        start_path / PROJECT_FILE,
        None,
        f"no {PROJECT_FILE} project file found (searching upwards from {start_path}); "
        "run gcx in a Pulumi project directory or pass --cwd DIR",
    )


def parse_config_key(raw: Any, project_name: str) -> str | None:
    """`proj:key`, `aws:region`, or bare `key` (the project's), as a namespaced key; None if invalid.

    Pulumi also accepts the legacy three-part `ns:config:key` form.
    """
    if not isinstance(raw, str) or not raw:
        return None
    parts = raw.split(":")
    if len(parts) == 1:
        return f"{project_name}:{raw}"
    if len(parts) == 3 and parts[1] == "config":
        parts = [parts[0], parts[2]]
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return None
    return f"{parts[0]}:{parts[1]}"


def bad_key_message(raw: Any) -> str:
    return (
        f"could not parse {raw!r} as a configuration key "
        "(configuration keys should be of the form `<namespace>:<name>`)"
    )


def type_problem(value: Any, type_name: str, items: str | None = None) -> str | None:
    """Why `value` does not fit a declared config type, or None when it does.

    Strings that spell the type are accepted because `config set` stores scalars as text.
    """
    if type_name == "string":
        ok = isinstance(value, str | int | float | bool)
    elif type_name == "integer":
        ok = (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value) is not None
        )
    elif type_name == "boolean":
        ok = isinstance(value, bool) or value in ("true", "false")
    elif type_name == "array":
        if not isinstance(value, list):
            return "must be of type 'array'"
        if items:
            for index, element in enumerate(value):
                if type_problem(element, items) is not None:
                    return f"element [{index}] must be of type '{items}'"
        return None
    else:  # object
        ok = isinstance(value, dict)
    return None if ok else f"must be of type '{type_name}'"


def _parse_config_spec(path: Path, project_name: str, raw_key: Any, raw: Any) -> ConfigSpec:
    key = parse_config_key(raw_key, project_name)
    if key is None:
        raise ProjectFileError(path, f"config.{raw_key}", bad_key_message(raw_key))
    where = f"config.{raw_key}"
    own = key.startswith(f"{project_name}:")
    if isinstance(raw, dict) and "value" in raw and set(raw) == {"value"}:
        return ConfigSpec(key=key, default=raw["value"], has_default=True)
    is_declaration = isinstance(raw, dict) and raw and set(raw) <= _DECLARATION_KEYS
    if not is_declaration:
        return ConfigSpec(key=key, default=raw, has_default=True)
    if not own:
        raise ProjectFileError(
            path,
            where,
            f"'{key}' is not namespaced by the project and should not define a type; "
            "give its value directly (or as `value:`)",
        )
    type_name = raw.get("type")
    items = raw.get("items")
    if type_name is None and "default" not in raw:
        raise ProjectFileError(
            path, where, "a declaration needs `type:` (one of " + ", ".join(CONFIG_TYPES) + ")"
        )
    if type_name is not None and type_name not in CONFIG_TYPES:
        raise ProjectFileError(
            path, f"{where}.type", f"unknown type {type_name!r}; expected one of " + ", ".join(CONFIG_TYPES)
        )
    if items is not None:
        items = items.get("type") if isinstance(items, dict) else None
        if type_name != "array" or items not in CONFIG_TYPES:
            raise ProjectFileError(
                path, f"{where}.items", "`items: {type: ...}` is only valid for type 'array'"
            )
    if not isinstance(raw.get("secret", False), bool):
        raise ProjectFileError(path, f"{where}.secret", "must be true or false")
    if not isinstance(raw.get("description", ""), str):
        raise ProjectFileError(path, f"{where}.description", "must be a string")
    if "default" in raw and type_name is not None:
        problem = type_problem(raw["default"], type_name, items)
        if problem:
            raise ProjectFileError(path, f"{where}.default", f"default {problem}")
    return ConfigSpec(
        key=key,
        type=type_name,
        default=raw.get("default"),
        has_default="default" in raw,
        description=raw.get("description", ""),
        secret=raw.get("secret", False),
        items=items,
    )


def _parse_runtime(path: Path, raw: Any) -> tuple[str, dict[str, Any]]:
    if isinstance(raw, dict):
        name, options = raw.get("name"), raw.get("options") or {}
        if not isinstance(options, dict):
            raise ProjectFileError(path, "runtime.options", "must be a mapping")
    else:
        name, options = raw, {}
    if name is None:
        raise ProjectFileError(path, "runtime", "required; set `runtime: python`")
    if name != SUPPORTED_RUNTIME:
        raise ProjectFileError(
            path,
            "runtime",
            f"gcx runs Python programs only; runtime {name!r} is not supported (use `python`)",
        )
    return name, options


def _optional_str(path: Path, doc: Mapping[str, Any], key: str) -> str | None:
    value = doc.get(key)
    if value is not None and not isinstance(value, str):
        raise ProjectFileError(path, key, "must be a string")
    return value


def load_project(directory: Path | str) -> Project:
    """Read and validate `<directory>/Pulumi.yaml`."""
    project_dir = Path(directory).expanduser().resolve()
    path = project_dir / PROJECT_FILE
    if not path.is_file():
        raise ProjectFileError(path, None, "project file not found; is this a Pulumi project directory?")
    doc = to_plain(load_yaml_document(path))
    if not isinstance(doc, dict):
        raise ProjectFileError(path, None, "must be a YAML mapping with at least `name:` and `runtime:`")
    name = doc.get("name")
    if name is None:
        raise ProjectFileError(path, "name", "required; give the project a name")
    problem = validate_project_name(name)
    if problem:
        raise ProjectFileError(path, "name", f"{problem} (got {name!r})")
    runtime, runtime_options = _parse_runtime(path, doc.get("runtime"))
    main = _optional_str(path, doc, "main")
    if main is not None and not (project_dir / main).exists():
        raise ProjectFileError(path, "main", f"{main!r} does not exist under {project_dir}")
    backend = doc.get("backend") or {}
    if not isinstance(backend, dict) or not isinstance(backend.get("url", ""), str):
        raise ProjectFileError(path, "backend.url", "must be a string URL such as file://./state")
    raw_config = doc.get("config") or {}
    if not isinstance(raw_config, dict):
        raise ProjectFileError(path, "config", "must be a mapping of config keys")
    schema: dict[str, ConfigSpec] = {}
    for raw_key, raw_value in raw_config.items():
        spec = _parse_config_spec(path, name, raw_key, raw_value)
        if spec.key in schema:
            raise ProjectFileError(path, f"config.{raw_key}", f"'{spec.key}' is given twice")
        schema[spec.key] = spec
    return Project(
        name=name,
        runtime=runtime,
        main=main,
        description=_optional_str(path, doc, "description") or "",
        config_schema=schema,
        dir=project_dir,
        runtime_options=runtime_options,
        stack_config_dir=_optional_str(path, doc, "stackConfigDir"),
        backend_url=backend.get("url") or None,
    )


@dataclass
class StackFile:
    """`Pulumi.<stack>.yaml` as read: raw config (secure values still encrypted) and the salt."""

    path: Path
    stack: str
    project: str
    encryptionsalt: str | None = None
    config: dict[str, Any] = field(default_factory=dict)
    secretsprovider: str | None = None
    encryptedkey: str | None = None
    exists: bool = False

    def has_secure_values(self) -> bool:
        return any(contains_secure(value) for value in self.config.values())

    def uses_passphrase(self) -> bool:
        return self.secretsprovider in (None, "", "passphrase") and not self.encryptedkey

    def reload(self) -> StackFile:
        fresh = read_stack_file(self.path, self.stack, self.project)
        self.__dict__.update(fresh.__dict__)
        return self


def is_secure(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"secure"}


def contains_secure(value: Any) -> bool:
    if is_secure(value):
        return True
    if isinstance(value, dict):
        return any(contains_secure(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_secure(v) for v in value)
    return False


def read_stack_file(path: Path, stack: str, project_name: str) -> StackFile:
    if not path.exists():
        return StackFile(path=path, stack=stack, project=project_name)
    doc = to_plain(load_yaml_document(path))
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise ProjectFileError(path, None, "must be a YAML mapping (with `config:` and `encryptionsalt:`)")
    for key in ("encryptionsalt", "secretsprovider", "encryptedkey"):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            raise ProjectFileError(path, key, "must be a string")
    config = doc.get("config") or {}
    if not isinstance(config, dict):
        raise ProjectFileError(path, "config", "must be a mapping of `<namespace>:<key>: value`")
    return StackFile(
        path=path,
        stack=stack,
        project=project_name,
        encryptionsalt=doc.get("encryptionsalt"),
        config=config,
        secretsprovider=doc.get("secretsprovider"),
        encryptedkey=doc.get("encryptedkey"),
        exists=True,
    )


def load_stack_file(project: Project, stack_name: str) -> StackFile:
    """The stack's `Pulumi.<stack>.yaml`; a missing file is an empty config."""
    return read_stack_file(project.stack_file_path(stack_name), stack_name, project.name)


@dataclass(frozen=True)
class ResolvedConfig:
    """Config exactly as the language host receives it."""

    values: dict[str, str]
    secret_keys: list[str]

    def display_values(self) -> dict[str, str]:
        """For previews and `--json` digests: secret values replaced by ``[secret]``."""
        secret = set(self.secret_keys)
        return {k: (SECRET_MASK if k in secret else v) for k, v in self.values.items()}


def config_string(value: Any) -> str:
    """A config value as the Pulumi CLI passes it to the program: text, non-strings as JSON."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def decrypt_secure_values(
    value: Any, crypter: PassphraseCrypter | None, key: str, path: Path
) -> tuple[Any, bool]:
    """`value` with every ``{secure: ...}`` replaced by its plaintext; and whether any was found."""
    found = False

    def walk(node: Any) -> Any:
        nonlocal found
        if is_secure(node):
            found = True
            if not isinstance(node["secure"], str):
                raise ConfigError(key, "`secure:` must hold a ciphertext string", path)
            if crypter is None:
                raise PassphraseError.missing(f"needed to decrypt config key '{key}' in {path}")
            try:
                return crypter.decrypt(node["secure"])
            except CiphertextError as exc:
                raise ConfigError(key, f"cannot decrypt secure value: {exc}", path) from None
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(value), found


def resolve_config(
    project: Project, stack_file: StackFile, crypter: PassphraseCrypter | None
) -> ResolvedConfig:
    """Project values and defaults, overlaid with the stack file, decrypted, checked and encoded."""
    values: dict[str, Any] = {}
    secret: set[str] = set()
    for spec in project.config_schema.values():
        if spec.has_default:
            values[spec.key] = spec.default
            if spec.secret:
                secret.add(spec.key)
    seen: dict[str, str] = {}
    for raw_key, raw_value in stack_file.config.items():
        key = parse_config_key(raw_key, project.name)
        if key is None:
            raise ProjectFileError(stack_file.path, f"config.{raw_key}", bad_key_message(raw_key))
        if key in seen:
            raise ProjectFileError(
                stack_file.path, f"config.{raw_key}", f"'{key}' is also given as '{seen[key]}'; keep one"
            )
        seen[key] = str(raw_key)
        value, had_secure = decrypt_secure_values(raw_value, crypter, key, stack_file.path)
        spec = project.config_schema.get(key)
        if spec is not None and spec.type is not None:
            problem = type_problem(value, spec.type, spec.items)
            if problem:
                raise ConfigError(key, f"Stack '{stack_file.stack}' value {problem}", stack_file.path)
        if spec is not None and spec.secret and not had_secure:
            raise ConfigError(
                key,
                f"Stack '{stack_file.stack}' must store this value encrypted because {PROJECT_FILE} "
                f"declares it secret; run `gcx config set --secret {raw_key}`",
                stack_file.path,
            )
        if had_secure:
            secret.add(key)
        values[key] = value
    missing = sorted(
        spec.key
        for spec in project.config_schema.values()
        if spec.type is not None and not spec.has_default and spec.key not in values
    )
    if missing:
        raise ConfigError(
            ", ".join(missing),
            f"Stack '{stack_file.stack}' is missing configuration value(s) declared in {PROJECT_FILE}; "
            f"set them with `gcx config set {missing[0].split(':', 1)[1]} VALUE`",
            stack_file.path,
        )
    return ResolvedConfig(
        values={k: config_string(values[k]) for k in sorted(values)},
        secret_keys=sorted(secret),
    )
