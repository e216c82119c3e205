"""Installing Pulumi mocks with a recording monitor, for the SDK and component unit tests."""

from __future__ import annotations

from typing import TypeVar

from pulumi.runtime import mocks, settings

M = TypeVar("M", bound=mocks.MockMonitor)


def install_monitor(monitor: M) -> M:
    """Make `monitor` (and its mocks) the runtime's for one test; tests share the process-wide runtime."""
    mocks.set_mocks(monitor.mocks, project="gcx", stack="test", preview=False, monitor=monitor)
    # pulumi 3.272 keeps package refs in a dict that outlives set_mocks (a ContextProperty default);
    # empty it so each test sees the SDK register its package.
    settings.SETTINGS.package_refs.fget().clear()
    return monitor
