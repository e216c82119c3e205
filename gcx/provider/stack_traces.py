"""The provider's `log_stack_traces`: the traceback of an unexpected failure, appended to a file.

The Terraform provider's setting writes a panic's stack trace to `log_stack_traces_file_path`. An
API answer (`ApiError`: a 4xx or 5xx after retries) is an expected failure and its message says
everything; any other exception is a bug in the provider, and the engine shows only its message.
With the setting on, the full traceback goes to the file as well, so it can be attached to a bug
report. Tracebacks hold code and exception messages, never local values, and the provider keeps
secrets out of its messages.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from gcx.provider.client import ApiError
from gcx.provider.config import ProviderConfig

__all__ = ["recording_stack_traces"]

_write_lock = threading.Lock()


@contextmanager
def recording_stack_traces(config: ProviderConfig | None, action: str, subject: str) -> Iterator[None]:
    """Run a provider call; on an unexpected exception, append its traceback (if configured) and re-raise."""
    try:
        yield
    except ApiError:
        raise
    except Exception as exc:
        if config is not None and config.log_stack_traces:
            _append(Path(config.log_stack_traces_file_path), action, subject, exc)
        raise


def _append(path: Path, action: str, subject: str, exc: BaseException) -> None:
    at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    text = "".join(traceback.format_exception(exc))
    with _write_lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {at} {action} {subject}\n{text}\n")
