"""State backends: Pulumi's DIY layout on a local directory or an S3 bucket.

`open_backend` picks the URL like the Pulumi CLI: an explicit URL (``--backend``), else
``PULUMI_BACKEND_URL``, else the project's ``backend.url`` in `Pulumi.yaml`, else the
project-local folder ``file://<project>/.gcx/state``. File URLs are made absolute: ``file://~``
is the home directory and relative paths are relative to the project directory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qsl

from gcx.engine.backends.diy import DiyBackend
from gcx.engine.backends.file_store import FileStore
from gcx.engine.backends.s3_store import S3Store
from gcx.engine.backends.store import BlobStore
from gcx.engine.errors import BackendError

__all__ = [
    "BlobStore",
    "DiyBackend",
    "FileStore",
    "S3Store",
    "default_backend_url",
    "open_backend",
    "open_store",
]

BACKEND_URL_ENV = "PULUMI_BACKEND_URL"
LOCAL_STATE_DIR = ".gcx/state"


def default_backend_url(project_dir: Path | str) -> str:
    return f"file://{Path(project_dir).resolve() / LOCAL_STATE_DIR}"


def _split_query(rest: str) -> tuple[str, dict[str, str]]:
    location, _, query = rest.partition("?")
    return location, dict(parse_qsl(query))


def _file_root(location: str, project_dir: Path) -> Path:
    if location == "~" or location.startswith("~/"):
        return Path.home() / location[2:]
    path = Path(location)
    return (path if path.is_absolute() else project_dir / path).resolve()


def open_store(url: str, project_dir: Path | str, env: Mapping[str, str]) -> BlobStore:
    """The `BlobStore` for a backend URL (``file://...`` or ``s3://bucket[/prefix]``)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise BackendError(f"backend URL {url!r} has no scheme; use file://<dir> or s3://<bucket>[/<prefix>]")
    if scheme == "file":
        location, _ = _split_query(rest)
        if not location:
            raise BackendError(f"backend URL {url!r} names no directory; use file://<dir>")
        root = _file_root(location, Path(project_dir))
        return FileStore(root, url=f"file://{root}")
    if scheme == "s3":
        location, query = _split_query(rest)
        bucket, _, prefix = location.partition("/")
        if not bucket:
            raise BackendError(f"backend URL {url!r} names no bucket; use s3://<bucket>[/<prefix>]")
        clean = f"s3://{bucket}/{prefix.strip('/')}".rstrip("/")
        return S3Store.from_url_parts(bucket, prefix, query, env, clean)
    raise BackendError(
        f"unsupported backend URL {url!r}: gcx keeps state in file://<dir> or s3://<bucket>[/<prefix>] "
        "(Pulumi Cloud, gs:// and azblob:// need the Pulumi CLI)"
    )


def open_backend(
    url: str | None,
    project_dir: Path | str,
    env: Mapping[str, str] | None = None,
    *,
    project_backend_url: str | None = None,
) -> DiyBackend:
    environ = os.environ if env is None else env
    chosen = url or environ.get(BACKEND_URL_ENV) or project_backend_url or default_backend_url(project_dir)
    return DiyBackend(open_store(chosen, Path(project_dir).resolve(), environ))
