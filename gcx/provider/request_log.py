"""The provider's `sdk_debug` request log: one line per HTTP call, in Text or Json.

The Terraform provider's `sdk_debug` makes the Go SDK write its request log to
`sdk_debug_file_path` (`sdk_debug_format` ``Text`` or ``Json``). This log records what helps when
a deployment misbehaves (when, which call, the answer's status, how long it took, the correlation
id to quote to Genesys support, which retry it was) and deliberately nothing else: no headers and
no bodies, because those carry bearer tokens, client secrets and generated passwords.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

__all__ = ["RequestLog"]


class RequestLog:
    """Appends one line per call to a file; safe to share between the engine's parallel steps."""

    def __init__(self, path: str | Path, log_format: str = "Text") -> None:
        if log_format not in ("Text", "Json"):
            raise ValueError(f"sdk_debug_format must be Text or Json, not {log_format!r}")
        self.path = Path(path)
        self.format = log_format
        self._lock = threading.Lock()
        self._file: TextIO | None = None

    def record(
        self,
        method: str,
        url: str,
        outcome: int | str,
        seconds: float,
        correlation_id: str,
        attempt: int = 1,
    ) -> None:
        """One call: `outcome` is the HTTP status, or the name of the transport error."""
        at = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        millis = round(seconds * 1000, 1)
        if self.format == "Json":
            line = json.dumps(
                {
                    "time": at,
                    "method": method,
                    "url": url,
                    "status": outcome if isinstance(outcome, int) else None,
                    "error": outcome if isinstance(outcome, str) else None,
                    "durationMs": millis,
                    "correlationId": correlation_id,
                    "attempt": attempt,
                },
                separators=(",", ":"),
            )
        else:
            line = (
                f"{at} {method} {url} -> {outcome} in {millis} ms"
                f" (attempt {attempt}, correlation {correlation_id})"
            )
        with self._lock:
            if self._file is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._file = self.path.open("a", encoding="utf-8")
            self._file.write(line + "\n")
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None
