"""Round-trip YAML reading and atomic writing for `Pulumi.yaml` and `Pulumi.<stack>.yaml`.

ruamel.yaml in round-trip mode keeps comments, key order and quoting, so `gcx config set`
rewrites a stack file the way a person would edit it. Parse errors become `ProjectFileError`
with the line and column; documents are converted to plain Python values before validation.
"""

from __future__ import annotations

import datetime
import io
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from gcx.engine.errors import ProjectFileError


def round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold long ciphertexts
    return yaml


def load_yaml_document(path: Path) -> Any:
    """The round-trip document at `path` (None for an empty file); bad YAML names line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProjectFileError(path, None, f"cannot read file: {exc.strerror or exc}") from None
    try:
        return round_trip_yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise ProjectFileError(path, None, f"invalid YAML{where}: {exc.problem or exc}") from None
    except YAMLError as exc:
        raise ProjectFileError(path, None, f"invalid YAML: {exc}") from None


def write_yaml_document(path: Path, document: Any) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a stack file."""
    buffer = io.StringIO()
    round_trip_yaml().dump(document, buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(buffer.getvalue())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def to_plain(value: Any) -> Any:
    """ruamel's round-trip types (CommentedMap, ScalarFloat, ...) as plain JSON-like Python values."""
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, datetime.date):
        # Pulumi reads YAML into strings, so an unquoted date stays the text that was written.
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value
