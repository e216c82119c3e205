"""gcx: Genesys Cloud integrations as code.

Sub-packages: `engine` (offline Pulumi engine), `provider` (the `genesyscloud:*` resource
types, in-process), `sdk` (pulumi_genesyscloud-shaped classes), `emulator` (Genesys Cloud API
stand-in), `catalog` (the shared tables of permissions, integration types, roles, OAuth rules).
"""

__version__ = "0.1.0"
