"""`TenantStack`: one Genesys Cloud org, its explicit `genesyscloud` provider and its integrations.

The provider is built from the tenant's settings (region, deploy client id and, as a Pulumi
secret, its client secret); every integration component is created under it with
``ResourceOptions(parent=self, providers=[provider])``, so no resource ever falls back to the
default provider or to whichever org the shell's ``GENESYSCLOUD_*`` variables name. The dynamic
resources inside the components reach the same org through the tenant's `GenesysConnectionArgs`,
which `components.settings` hands to each section from the same values.

`handoffs` maps each configured section's YAML key (``emite``, ``eightByEight``, ...) to that
component's handoff dict, leaves as they are, so only secret leaves are secret.
"""

from __future__ import annotations

import re
from typing import Any

import pulumi

from components.base import ComponentArgs, GenesysComponent
from components.emite import EmiteIntegration, EmiteIntegrationArgs
from components.genesyscloud import genesyscloud
from components.hybrid import HybridTransactionObject, HybridTransactionObjectArgs
from components.pureconnect import PureConnectIntegration, PureConnectIntegrationArgs
from components.settings import TenantSettings
from components.uc_model import UnifiedCommunicationsModel, UnifiedCommunicationsModelArgs
from components.unified_communications import (
    EightByEightIntegration,
    EightByEightIntegrationArgs,
    UnifiedCommunicationsIntegration,
    UnifiedCommunicationsIntegrationArgs,
)

__all__ = ["COMPONENTS", "TenantStack"]

# Which component takes which Args (the settings name the sections; this says what they build).
COMPONENTS: dict[type[ComponentArgs], type[GenesysComponent]] = {
    EightByEightIntegrationArgs: EightByEightIntegration,
    UnifiedCommunicationsIntegrationArgs: UnifiedCommunicationsIntegration,
    UnifiedCommunicationsModelArgs: UnifiedCommunicationsModel,
    EmiteIntegrationArgs: EmiteIntegration,
    HybridTransactionObjectArgs: HybridTransactionObject,
    PureConnectIntegrationArgs: PureConnectIntegration,
}


def _kebab(key: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", key).lower()


class TenantStack(GenesysComponent):
    """Every configured integration of one tenant's org, under that org's explicit provider."""

    provider: genesyscloud.Provider
    integrations: dict[str, GenesysComponent]
    handoffs: dict[str, Any]

    def __init__(
        self, name: str, settings: TenantSettings, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("TenantStack", name, opts)
        self.provider = genesyscloud.Provider(
            self.child_name("provider"),
            aws_region=settings.region,
            oauthclient_id=settings.oauth_client_id,
            oauthclient_secret=pulumi.Output.secret(settings.oauth_client_secret.get_secret_value()),
            opts=self.child_opts(),
        )
        under_provider = self.child_opts(providers=[self.provider])
        self.integrations = {
            key: COMPONENTS[type(args)](self.child_name(_kebab(key)), args, under_provider)
            for key, args in settings.sections().items()
        }
        self.handoffs = {key: component.handoff for key, component in self.integrations.items()}
        self.finish({"handoffs": self.handoffs})
