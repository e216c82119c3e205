"""`FileStore`: a `BlobStore` on a local directory (``file://`` backends).

Writes go to a temporary file in the target directory and are renamed into place, so a crash
never leaves a half-written checkpoint or lock file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePosixPath

from gcx.engine.backends.store import folder
from gcx.engine.errors import BackendError

_TMP_SUFFIX = ".tmp"


class FileStore:
    def __init__(self, root: Path | str, url: str | None = None) -> None:
        self.root = Path(root).expanduser().resolve()
        self.url = url or f"file://{self.root}"

    def __repr__(self) -> str:
        return f"FileStore({str(self.root)!r})"

    def _path(self, key: str) -> Path:
        parts = PurePosixPath(key).parts
        if not parts or any(p in ("..", "") for p in parts) or PurePosixPath(key).is_absolute():
            raise BackendError(f"invalid state key {key!r}")
        return self.root.joinpath(*parts)

    def url_of(self, key: str) -> str:
        return f"file://{self._path(key)}"

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def write(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TMP_SUFFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def list(self, prefix: str) -> list[str]:
        base = self.root.joinpath(*PurePosixPath(folder(prefix)).parts) if folder(prefix) else self.root
        if not base.is_dir():
            return []
        keys = []
        for dirpath, _dirs, files in os.walk(base):
            for name in files:
                if name.startswith(".") and name.endswith(_TMP_SUFFIX):
                    continue  # an in-flight atomic write
                keys.append(Path(dirpath, name).relative_to(self.root).as_posix())
        return sorted(keys)
