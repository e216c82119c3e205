"""Genesys Cloud objects the Terraform provider lacks, as Pulumi dynamic resources.

Each resource's provider class lives in a module of this package, so state refers to it by import
path (those paths must never move) and it runs the same under `gcx` and the Pulumi CLI:

- `SamlSigningKeyPair` (`key_pair`): a self-signed certificate and RSA key, made once;
- `PureEngageIdentityProvider` (`identity_provider`): the org's Multicloud CX SAML IdP;
- `AuthRolePermissions` (`role_permissions`): permissions added to an existing role;
- `SmsPhoneNumber` (`sms_number`): an SMS number, searched for, provisioned and waited for;
- `SubjectRoleGrant` (`subject_role_grant`): one role granted to a user or group, additively
  (the Terraform `group_roles`/`user_roles` replace a subject's whole role set);
- `RandomSecret` (`random_secret`) and `EncryptedPrivateKey` (`encrypted_key`): state-only values
  made once (a password; a PKCS#8 AES-256 encrypted key) so outputs stay stable across runs.

Resources that call the API take a `GenesysConnectionArgs` (`connection`): the org's region and
credentials, carried as secret inputs and read on every call.
"""

from gcx.dynamic.connection import GenesysConnectionArgs
from gcx.dynamic.encrypted_key import EncryptedPrivateKey
from gcx.dynamic.identity_provider import PureEngageIdentityProvider
from gcx.dynamic.key_pair import SamlSigningKeyPair
from gcx.dynamic.random_secret import RandomSecret
from gcx.dynamic.role_permissions import AuthRolePermissions
from gcx.dynamic.sms_number import SmsNumberSearchArgs, SmsPhoneNumber
from gcx.dynamic.subject_role_grant import SubjectRoleGrant

__all__ = [
    "AuthRolePermissions",
    "EncryptedPrivateKey",
    "GenesysConnectionArgs",
    "PureEngageIdentityProvider",
    "RandomSecret",
    "SamlSigningKeyPair",
    "SmsNumberSearchArgs",
    "SmsPhoneNumber",
    "SubjectRoleGrant",
]
