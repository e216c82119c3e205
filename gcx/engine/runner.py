"""Runs an unmodified Pulumi Python program in-process, as Pulumi's language host does.

What `pulumi-language-python-exec` and the Automation API's `LanguageServer.Run` do, with our
engine object as the resource monitor:

- a copied `contextvars` context holds the SDK settings (project, stack, dry-run, monitor),
  the config and the root Stack, so runs in one process never see each other's state;
- a fresh event loop whose default executor has ``parallel * 4`` workers (every monitor call
  runs there, so provider calls made by the monitor run concurrently);
- the project directory first on `sys.path` and as the working directory, `sys.argv` set;
- afterwards the loop is closed, the cwd/path/argv restored and every module imported from the
  project directory is dropped from `sys.modules`, so the next run re-imports the program.

`ProgramSession` keeps the context alive after the program so the engine can run the deletes in
it (providers pickled by reference need the program's modules, and dynamic providers read the
SDK settings). Program output printed to stdout is captured and reported as diagnostics.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import io
import itertools
import os
import runpy
import sys
import threading
import traceback
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pulumi
from pulumi.runtime import settings as sdk_settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.stack import run_in_stack

from gcx.engine.state import ORGANIZATION

T = TypeVar("T")

_submitted = threading.local()


def current_sequence() -> int:
    """The submission number of the executor job running on this thread (program order)."""
    return getattr(_submitted, "sequence", 0)


class _SequencedExecutor(concurrent.futures.ThreadPoolExecutor):
    """Numbers jobs as the event loop submits them, which follows the program's order.

    Worker threads pick jobs up in an order the OS decides; the submission number lets the engine
    list steps in the order the program declared its resources.
    """

    def __init__(self, max_workers: int) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="gcx-monitor")
        self._counter = itertools.count(1)
        self._counter_lock = threading.Lock()

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[T]:
        with self._counter_lock:
            sequence = next(self._counter)

        def numbered() -> T:
            _submitted.sequence = sequence
            try:
                return fn(*args, **kwargs)
            finally:
                _submitted.sequence = 0

        return super().submit(numbered)


class ProgramError(Exception):
    """The program raised. `traceback_text` keeps only the program's own frames; `summary` is the
    one-line form (where and what) for the final error line."""

    def __init__(self, exc: BaseException, program_dir: Path) -> None:
        self.original = exc
        if isinstance(exc, pulumi.RunError):
            # Like Pulumi's language host: a RunError is the program's own report of what is
            # wrong, so its message is shown alone, without a traceback.
            message = str(exc)
            first, _, rest = message.partition("\n")
            self.traceback_text = message
            self.summary = f"{first.rstrip(':')} (see Diagnostics above)" if rest else message
            super().__init__(message)
            return
        frames = [
            frame
            for frame in traceback.extract_tb(exc.__traceback__)
            if frame.filename.startswith(str(program_dir))
        ]
        cause = "".join(traceback.format_exception_only(type(exc), exc)).rstrip("\n")
        lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames)] if frames else []
        self.traceback_text = "".join(lines) + cause
        where = ""
        if frames:
            where = f" at {Path(frames[-1].filename).relative_to(program_dir)}:{frames[-1].lineno}"
        self.summary = f"Program failed with an unhandled exception{where}: {cause}"
        super().__init__(f"Program failed with an unhandled exception:\n{self.traceback_text}")


class _StdoutCapture(io.TextIOBase):
    """Collects text written to stdout by the program, one message per line."""

    def __init__(self, sink: Callable[[str], None]) -> None:
        self._sink = sink
        self._pending = ""
        self._lock = threading.Lock()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        with self._lock:
            self._pending += text
            *lines, self._pending = self._pending.split("\n")
        for line in lines:
            self._sink(line)
        return len(text)

    def flush_pending(self) -> None:
        with self._lock:
            rest, self._pending = self._pending, ""
        if rest:
            self._sink(rest)


@contextlib.contextmanager
def _environment(overrides: Mapping[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _defining_namespaces(copied: dict[str, Any], main_file: str) -> list[dict[str, Any]]:
    """The program's real module globals (`runpy.run_path` returns only a copy of them), found
    through the functions and classes the program defined."""
    found: dict[int, dict[str, Any]] = {}
    for value in copied.values():
        candidates = vars(value).values() if isinstance(value, type) else (value,)
        for candidate in candidates:
            namespace = getattr(candidate, "__globals__", None)
            if isinstance(namespace, dict) and str(namespace.get("__file__", "")).startswith(main_file):
                found[id(namespace)] = namespace
    return list(found.values())


class ProgramSession:
    """One operation's SDK context: run the program in it, then run engine work in it.

    Use as a context manager; `run_program` at most once; `run` for anything that must see the
    same settings (provider calls after the program, deletes).
    """

    def __init__(
        self,
        *,
        program_dir: Path,
        main_path: Path,
        project: str,
        stack: str,
        monitor: Any,
        engine: Any,
        config: Mapping[str, str],
        secret_keys: list[str],
        dry_run: bool,
        parallel: int,
        env: Mapping[str, str] | None = None,
        on_stdout: Callable[[str], None] | None = None,
        on_program_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.program_dir = program_dir.resolve()
        self.main_path = main_path.resolve()
        self._project = project
        self._stack = stack
        self._monitor = monitor
        self._engine = engine
        self._config = dict(config)
        self._secret_keys = list(secret_keys)
        self._dry_run = dry_run
        self._parallel = max(1, parallel)
        self._env = dict(env or {})
        self._on_stdout = on_stdout
        self._on_program_error = on_program_error
        self._context = contextvars.copy_context()
        self._exit_stack = contextlib.ExitStack()
        self._program_globals: list[dict[str, Any]] = []

    def __enter__(self) -> ProgramSession:
        modules_before = set(sys.modules)
        saved_cwd, saved_argv, saved_path = os.getcwd(), list(sys.argv), list(sys.path)

        def restore() -> None:
            os.chdir(saved_cwd)
            sys.argv[:] = saved_argv
            sys.path[:] = saved_path
            self._purge_program_modules(modules_before)

        self._exit_stack.callback(restore)
        self._exit_stack.enter_context(_environment(self._env))
        sys.path.insert(0, str(self.program_dir))
        os.chdir(self.program_dir)
        sys.argv[:] = [str(self.main_path)]
        self._context.run(self._configure_sdk)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._exit_stack.close()

    def _configure_sdk(self) -> None:
        sdk_settings.ROOT.set(None)
        sdk_settings.configure(
            sdk_settings.Settings(
                project=self._project,
                stack=self._stack,
                monitor=self._monitor,
                engine=self._engine,
                parallel=self._parallel,
                dry_run=self._dry_run,
                organization=ORGANIZATION,
                root_directory=str(self.program_dir),
            )
        )
        set_all_config(dict(self._config), list(self._secret_keys))

    def _purge_program_modules(self, before: set[str]) -> None:
        """Forget the program: its modules leave `sys.modules` and their globals are emptied.

        The SDK caches per-class facts forever (`functools.cache` on resource classes), and a
        class reaches every object of its run through its methods' globals; emptying the globals
        cuts that chain, so repeated runs in one process (tests, benchmarks) do not pile up.
        """
        root = str(self.program_dir) + os.sep
        for name in set(sys.modules) - before:
            module = sys.modules.get(name)
            module_file = getattr(module, "__file__", None) or ""
            if module_file.startswith(root):
                del sys.modules[name]
                vars(module).clear()
        for namespace in self._program_globals:
            for real in _defining_namespaces(namespace, str(self.main_path)):
                real.clear()
            namespace.clear()
        self._program_globals.clear()

    def run(self, fn: Callable[[], T]) -> T:
        """Call `fn` inside the session's SDK context."""
        return self._context.run(fn)

    def run_program(self) -> None:
        """Run the program to completion; raises `ProgramError` if the program itself failed."""
        self._context.run(self._run_loop)

    def _run_loop(self) -> None:
        previous_loop = _current_event_loop()
        loop = asyncio.new_event_loop()
        executor = _SequencedExecutor(max_workers=self._parallel * 4)
        loop.set_default_executor(executor)
        # Outputs of resources whose registration failed hold that error; the run reports it
        # once, so asyncio's "exception was never retrieved" reports (with tracebacks) are noise.
        loop.set_exception_handler(lambda _loop, _context: None)
        asyncio.set_event_loop(loop)
        capture = _StdoutCapture(self._on_stdout) if self._on_stdout else None
        main = str(self.main_path)

        def program() -> None:
            # The SDK still registers the stack's outputs after the program raised; tell the
            # engine first, so a failed run does not replace the recorded outputs with a partial set.
            try:
                self._program_globals.append(runpy.run_path(main, run_name="__main__"))
            except BaseException as exc:
                if self._on_program_error is not None:
                    self._on_program_error(exc)
                raise

        try:
            with contextlib.redirect_stdout(capture) if capture else contextlib.nullcontext():
                loop.run_until_complete(run_in_stack(program))
        finally:
            if capture:
                capture.flush_pending()
            for task in asyncio.all_tasks(loop):
                task.cancel()
            with contextlib.suppress(Exception):
                loop.run_until_complete(asyncio.sleep(0))
            executor.shutdown(wait=True)
            loop.close()
            # Give the thread back its loop: code that runs later on this thread (a second run, or
            # Pulumi's mock-based unit tests in the same process) expects `get_event_loop()` to work.
            asyncio.set_event_loop(previous_loop)


def _current_event_loop() -> asyncio.AbstractEventLoop | None:
    """The loop set on this thread, if any (without creating one)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            loop = asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:
        return None
    return None if loop.is_closed() else loop
