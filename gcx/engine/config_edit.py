"""`gcx config set|get|rm`: edit `Pulumi.<stack>.yaml` in place, keeping comments and key order.

Keys are written namespaced (``proj:key``); an existing bare ``key`` is edited where it is.
With ``path=True`` the key is a property path like Pulumi's ``--path``: ``a.b[0].c`` or
``a["dotted.key"]``; the first segment is the config key, missing objects and arrays are
created, an index equal to the array length appends, and ``true``/``false``/integers are stored
as YAML booleans/integers (plain `set` stores text, as the Pulumi CLI does). A secret is stored
as ``{secure: v1:...}``; the first secret of a stack writes its ``encryptionsalt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from gcx.engine.errors import ConfigError, PassphraseError
from gcx.engine.project import (
    SECRET_MASK,
    StackFile,
    bad_key_message,
    contains_secure,
    decrypt_secure_values,
    is_secure,
    parse_config_key,
)
from gcx.engine.secrets import PassphraseCrypter
from gcx.engine.yaml_io import load_yaml_document, to_plain, write_yaml_document

PathSegment = str | int

_SEGMENT_RE = re.compile(r'\.?([^.\[\]"]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]')


@dataclass(frozen=True)
class ConfigEntry:
    """A value read back from the stack file."""

    key: str  # namespaced top-level key
    value: Any  # plain value; secure parts decrypted, or masked when not decrypted
    secret: bool


def parse_key_path(text: str, project_name: str, *, path: bool) -> tuple[str, list[PathSegment]]:
    """Split a `config` command key into (namespaced top-level key, nested path)."""
    if not path:
        key = parse_config_key(text, project_name)
        if key is None:
            raise ConfigError(str(text), bad_key_message(text))
        return key, []
    segments: list[PathSegment] = []
    position = 0
    while position < len(text):
        match = _SEGMENT_RE.match(text, position)
        if match is None or (position == 0 and text.startswith(".")):
            raise ConfigError(
                text,
                f'invalid --path syntax at character {position + 1}; use forms like a.b[0].c or a["x.y"]',
            )
        name, index, quoted = match.groups()
        if index is not None:
            segments.append(int(index))
        elif quoted is not None:
            segments.append(re.sub(r"\\(.)", r"\1", quoted))
        else:
            segments.append(name)
        position = match.end()
    if not segments or not isinstance(segments[0], str):
        raise ConfigError(text, "a --path must start with a config key name")
    key = parse_config_key(segments[0], project_name)
    if key is None:
        raise ConfigError(text, bad_key_message(segments[0]))
    return key, segments[1:]


def _load_document(stack_file: StackFile) -> CommentedMap:
    document = load_yaml_document(stack_file.path) if stack_file.path.exists() else None
    return document if isinstance(document, CommentedMap) else CommentedMap()


def _config_node(document: CommentedMap, create: bool) -> CommentedMap | None:
    node = document.get("config")
    if node is None and create:
        node = CommentedMap()
        document["config"] = node
    return node


def _existing_name(config: CommentedMap | None, key: str, project_name: str) -> str | None:
    """The spelling of `key` already used in the file (namespaced, bare, or legacy three-part)."""
    if config is None:
        return None
    for written in config:
        if parse_config_key(written, project_name) == key:
            return str(written)
    return None


def _typed_path_value(value: str) -> Any:
    if value in ("true", "false"):
        return value == "true"
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    return value


def _describe(key: str, segments: list[PathSegment]) -> str:
    return key + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in segments)


def _set_in(container: Any, segments: list[PathSegment], value: Any, key: str) -> Any:
    """Set `value` at `segments` under `container` (created when None); returns the container."""
    if not segments:
        return value
    head, rest = segments[0], segments[1:]
    if isinstance(head, int):
        if container is None:
            container = CommentedSeq()
        if not isinstance(container, list):
            raise ConfigError(key, f"cannot index [{head}]: the value there is not an array")
        if head > len(container):
            raise ConfigError(
                key, f"index [{head}] is out of range (the array has {len(container)} elements)"
            )
        if head == len(container):
            container.append(_set_in(None, rest, value, key))
        else:
            container[head] = _set_in(container[head], rest, value, key)
        return container
    if container is None:
        container = CommentedMap()
    if not isinstance(container, dict) or is_secure(container):
        raise ConfigError(key, f"cannot set '{head}': the value there is not an object")
    container[head] = _set_in(container.get(head), rest, value, key)
    return container


def _get_in(container: Any, segments: list[PathSegment], described: str) -> Any:
    for segment in segments:
        if isinstance(segment, int):
            if not isinstance(container, list) or segment >= len(container):
                raise KeyError(described)
        elif not isinstance(container, dict) or is_secure(container) or segment not in container:
            raise KeyError(described)
        container = container[segment]
    return container


def set_config(
    stack_file: StackFile,
    key: str,
    value: str,
    *,
    secret: bool = False,
    path: bool = False,
    crypter: PassphraseCrypter | None = None,
) -> StackFile:
    """Write `key` = `value` (encrypted when `secret`) into the stack file; returns it reloaded."""
    namespaced, segments = parse_key_path(key, stack_file.project, path=path)
    if secret:
        if crypter is None:
            raise PassphraseError.missing(f"needed to encrypt config key '{namespaced}'")
        if stack_file.encryptionsalt and stack_file.encryptionsalt != crypter.salt_state:
            raise ConfigError(namespaced, "the crypter given does not belong to this stack's encryptionsalt")
        stored: Any = CommentedMap(secure=crypter.encrypt(value))
    else:
        stored = _typed_path_value(value) if path else value
    document = _load_document(stack_file)
    if secret and not document.get("encryptionsalt"):
        document.insert(0, "encryptionsalt", crypter.salt_state)  # type: ignore[union-attr]
    config = _config_node(document, create=True)
    assert config is not None
    written = _existing_name(config, namespaced, stack_file.project) or namespaced
    if segments:
        current = config.get(written)
        if current is not None and not isinstance(current, dict | list):
            raise ConfigError(
                namespaced, "holds a plain value, not an object; remove it first or set it without --path"
            )
        config[written] = _set_in(current, segments, stored, namespaced)
    else:
        config[written] = stored
    write_yaml_document(stack_file.path, document)
    return stack_file.reload()


def get_config(
    stack_file: StackFile,
    key: str,
    *,
    path: bool = False,
    crypter: PassphraseCrypter | None = None,
    decrypt: bool = True,
) -> ConfigEntry:
    """Read `key`; secure parts are decrypted (needs `crypter`) or, with decrypt=False, masked."""
    namespaced, segments = parse_key_path(key, stack_file.project, path=path)
    config = stack_file.config
    written = next((k for k in config if parse_config_key(k, stack_file.project) == namespaced), None)
    described = _describe(namespaced, segments)
    missing = ConfigError(described, f"not found in stack '{stack_file.stack}'")
    if written is None:
        raise missing
    try:
        raw = _get_in(config[written], segments, described)
    except KeyError:
        raise missing from None
    secret = contains_secure(raw)
    if not secret:
        return ConfigEntry(namespaced, to_plain(raw), False)
    if decrypt:
        value, _ = decrypt_secure_values(raw, crypter, namespaced, stack_file.path)
    else:
        value = _mask_secure(raw)
    return ConfigEntry(namespaced, value, True)


def _mask_secure(value: Any) -> Any:
    if is_secure(value):
        return SECRET_MASK
    if isinstance(value, dict):
        return {k: _mask_secure(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_secure(v) for v in value]
    return value


def remove_config(stack_file: StackFile, key: str, *, path: bool = False) -> bool:
    """Remove `key` (or the element at its path); returns False when there was nothing to remove."""
    namespaced, segments = parse_key_path(key, stack_file.project, path=path)
    if not stack_file.path.exists():
        return False
    document = _load_document(stack_file)
    config = _config_node(document, create=False)
    written = _existing_name(config, namespaced, stack_file.project)
    if config is None or written is None:
        return False
    if not segments:
        del config[written]
    else:
        try:
            parent = _get_in(config[written], segments[:-1], namespaced)
            last = segments[-1]
            if isinstance(last, int) != isinstance(parent, list) or is_secure(parent):
                return False
            if isinstance(last, int) and last >= len(parent):
                return False
            if isinstance(last, str) and last not in parent:
                return False
            del parent[last]
        except KeyError:
            return False
    write_yaml_document(stack_file.path, document)
    stack_file.reload()
    return True


def write_encryption_salt(stack_file: StackFile, salt_state: str) -> StackFile:
    """Record a new stack's salt state (no config change); refuses to replace an existing salt."""
    document = _load_document(stack_file)
    current = document.get("encryptionsalt")
    if current and current != salt_state:
        raise ConfigError(
            "encryptionsalt", "the stack already has a different encryption salt", stack_file.path
        )
    if not current:
        document.insert(0, "encryptionsalt", salt_state)
        write_yaml_document(stack_file.path, document)
    return stack_file.reload()
