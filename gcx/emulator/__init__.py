"""A local, stateful Genesys Cloud API emulator (login service + Platform API v2), like moto for AWS.

`EmulatorServer` runs it in-process on an ephemeral port; `create_app` gives the FastAPI app that
`gcx emulator serve` also runs. See `gcx/emulator/api/` for the endpoints of each area.
"""

from gcx.emulator.app import create_app
from gcx.emulator.server import EmulatorServer

__all__ = ["EmulatorServer", "create_app"]
