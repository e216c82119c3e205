"""The `genesys-integrations` stack program: one `TenantStack` per tenant of the stack config.

Exports ``tenants.<tenant>.<section>``: each configured integration's handoff (``emite``,
``eightByEight``, ``unifiedCommunications``, ``ucModel``, ``hybrid``, ``pureConnect``), as plain
dicts whose secret leaves alone are secrets. `gcx transaction-object` and `gcx pureconnect nginx`
read ``tenants.<tenant>.hybrid.transactionObject`` and ``tenants.<tenant>.pureConnect.sso.proxy``.
"""

from pathlib import Path

import pulumi

from components.settings import load_settings
from components.tenant import TenantStack

settings = load_settings(base_dir=Path(__file__).parent)
tenants = {name: TenantStack(name, tenant) for name, tenant in settings.tenants.items()}
pulumi.export("tenants", {name: tenant.handoffs for name, tenant in tenants.items()})
