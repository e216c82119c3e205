"""Genesys Cloud objects the Terraform provider lacks, as Pulumi dynamic resources.

Each resource's provider class lives in a module of this package, so state refers to it by import
path (those paths must never move) and it runs the same under `gcx` and the Pulumi CLI:

- `SamlSigningKeyPair` (`key_pair`): a self-signed certificate and RSA key, made once;
- `PureEngageIdentityProvider` (`identity_provider`): the org's Multicloud CX SAML IdP;
- `AuthRolePermissions` (`role_permissions`): permissions added to an existing role;
- `SmsPhoneNumber` (`sms_number`): an SMS number, searched for, provisioned and waited for.

Resources that call the API take a `GenesysConnectionArgs` (`connection`): the org's region and
credentials, carried as secret inputs and read on every call.
"""

from gcx.dynamic.connection import GenesysConnectionArgs
from gcx.dynamic.identity_provider import PureEngageIdentityProvider
from gcx.dynamic.key_pair import SamlSigningKeyPair
from gcx.dynamic.role_permissions import AuthRolePermissions
from gcx.dynamic.sms_number import SmsNumberSearchArgs, SmsPhoneNumber

__all__ = [
    "AuthRolePermissions",
    "GenesysConnectionArgs",
    "PureEngageIdentityProvider",
    "SamlSigningKeyPair",
    "SmsNumberSearchArgs",
    "SmsPhoneNumber",
]
