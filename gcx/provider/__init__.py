"""The in-process provider of the ``genesyscloud:*`` resource types (entry point ``gcx.providers``).

Layout: `schema` (the declarative schema language) and `schemas/` (one table per Terraform type),
`naming` (the bridge's naming rules), `check`, `diff`, `preview`, `config` and `provider`
(`GenesysCloudProvider`); `resources/` holds the registry of per-type API handlers.
"""

from gcx.provider.provider import GenesysCloudProvider

__all__ = ["GenesysCloudProvider"]
