"""Bearer tokens, permission checks and OAuth scopes for every `/api/v2` call.

- No token, a token of no known org, an expired token or a token of a disabled or deleted
  client: 401 `authentication.required` / `bad.credentials` / `credentials.expired`.
- Client-credentials tokens carry exactly the permissions of the client's `roleDivisions`.
  Tokens of the other grants act as their user: the user's grants (directly and through groups
  with roles enabled), further limited by the client's `scope` list when it has one.
- Each endpoint states ANY or ALL semantics (`genesys-api.md` Appendix A); failures are 403
  `missing.any.permissions` / `missing.permissions` with the documented messages.
- The per-token rate limit is applied here, once the token is known.

Choices: division-aware permissions are checked org-wide (a grant in any division counts);
a scope failure is 403 `missing.scopes` (the real code is not documented).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from gcx.catalog.permissions import matches
from gcx.emulator.context import EmulatorState, Session
from gcx.emulator.errors import ApiError
from gcx.emulator.store import Store, Tx

__all__ = [
    "Authenticator",
    "Caller",
    "all_of",
    "any_of",
    "authenticated",
    "hash_secret",
    "issue_token",
    "secret_matches",
    "user_grant_sources",
    "user_grants",
]

Doc = dict[str, Any]

# The OAuth scope that governs each API area (longest prefix wins); unlisted paths need none.
_SCOPE_AREAS: tuple[tuple[str, str], ...] = (
    ("/api/v2/users/presences", "presence"),
    ("/api/v2/integrations", "integrations"),
    ("/api/v2/oauth", "oauth"),
    ("/api/v2/authorization", "authorization"),
    ("/api/v2/groups", "groups"),
    ("/api/v2/users", "users"),
    ("/api/v2/scim", "scim"),
    ("/api/v2/identityproviders", "identity-providers"),
    ("/api/v2/routing", "routing"),
    ("/api/v2/organizations", "organization"),
    ("/api/v2/presencedefinitions", "presence"),
    ("/api/v2/presence", "presence"),
    ("/api/v2/voicemail", "voicemail"),
)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def hash_secret(secret: str) -> str:
    """A salted hash for storage: secrets are never kept in plain text."""
    salt = secrets.token_hex(8)
    return f"sha256${salt}${_digest(salt + secret)}"


def secret_matches(secret: str, stored: str | None) -> bool:
    if not stored or stored.count("$") != 2:
        return False
    _, salt, digest = stored.split("$")
    return hmac.compare_digest(_digest(salt + secret), digest)


@dataclass(frozen=True)
class Caller:
    org_id: str
    token_hash: str
    client_id: str
    grant_type: str
    user_id: str | None
    scopes: tuple[str, ...]
    granted: frozenset[str]
    expires_at: float

    def allows(self, required: str) -> bool:
        return any(matches(g, required) for g in self.granted)

    def require_any(self, required: Iterable[str]) -> None:
        wanted = list(required)
        if wanted and not any(self.allows(r) for r in wanted):
            raise ApiError(
                403,
                "missing.any.permissions",
                "Unable to perform the requested action. You must have at least one of the following "
                "permissions assigned: {perms}",
                {"perms": "[" + ", ".join(wanted) + "]"},
            )

    def require_all(self, required: Iterable[str]) -> None:
        missing = [r for r in required if not self.allows(r)]
        if missing:
            raise ApiError(
                403,
                "missing.permissions",
                "Unable to perform the requested action. "
                "You are missing the following permission(s): {perms}",
                {"perms": "[" + ", ".join(missing) + "]"},
            )


def role_permissions(role: Doc) -> set[str]:
    """The permission patterns a role grants: its policies' actions plus legacy strings."""
    granted = set(role.get("permissions") or [])
    for policy in role.get("permissionPolicies") or []:
        for action in policy.get("actionSet") or []:
            granted.add(f"{policy.get('domain')}:{policy.get('entityName')}:{action}")
    return granted


def grants_permissions(tx: Tx, org: str, grants: Iterable[Doc]) -> set[str]:
    granted: set[str] = set()
    for role_id in {g.get("roleId") for g in grants}:
        role = tx.get(org, "role", str(role_id))
        if role is not None:
            granted |= role_permissions(role)
    return granted


def user_grant_sources(tx: Tx, org: str, user: Doc) -> list[tuple[str, Doc]]:
    """`(subject id, grant)` for a user's own grants and those of the role-enabled groups the
    user belongs to; the subject id says where each grant comes from (the user or a group)."""
    sources = [(str(user["id"]), grant) for grant in user.get("_grants") or []]
    for group in tx.scan(org, "group"):
        if user["id"] in (group.get("_members") or []) and group.get("rolesEnabled", True):
            sources.extend((str(group["id"]), grant) for grant in group.get("_grants") or [])
    return sources


def user_grants(tx: Tx, org: str, user: Doc) -> list[Doc]:
    """A user's own grants plus those of the role-enabled groups the user belongs to."""
    return [grant for _, grant in user_grant_sources(tx, org, user)]


def issue_token(tx: Tx, org: str, client: Doc, user_id: str | None, scopes: list[str]) -> Doc:
    """Store a new opaque access token for a client (and user) and return the token response."""
    token = secrets.token_urlsafe(48)
    validity = int(client.get("accessTokenValiditySeconds") or 86_400)
    tx.put(
        org,
        "token",
        {
            "id": _digest(token),
            "clientId": client["id"],
            "grantType": client["authorizedGrantType"],
            "userId": user_id,
            "scopes": scopes,
            "expiresAt": time.time() + validity,
        },
        name="",
    )
    return {"access_token": token, "token_type": "bearer", "expires_in": validity}


# What a caller's permissions are derived from: a client-credentials token's from its client's
# roles; another grant's also from the user's grants and groups.
_CLIENT_KINDS = ("token", "oauth_client", "role")
_USER_KINDS = (*_CLIENT_KINDS, "user", "group")


class Authenticator:
    """Resolves bearer tokens to callers, caching each until something it derives from is written."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self.clock = clock
        self._cache: dict[str, tuple[tuple[str, ...], tuple[int, ...], Caller]] = {}

    def caller(self, token: str) -> Caller:
        token_hash = _digest(token)
        cached = self._cache.get(token_hash)
        if cached and self._store.epochs(cached[0]) == cached[1]:
            caller = cached[2]
        else:
            with self._store.transaction() as tx:
                caller = self._resolve(tx, token_hash)
                kinds = _USER_KINDS if caller.user_id else _CLIENT_KINDS
                fingerprint = self._store.epochs(kinds)  # under the store's lock: no write in between
            self._cache[token_hash] = (kinds, fingerprint, caller)
            if len(self._cache) > 5_000:
                self._cache.clear()
        if caller.expires_at <= self.clock():
            raise ApiError(
                401, "credentials.expired", "The supplied credentials are expired and cannot be used."
            )
        return caller

    def forget(self) -> None:
        self._cache.clear()

    def _resolve(self, tx: Tx, token_hash: str) -> Caller:
        found = tx.locate("token", token_hash)
        if found is None:
            raise ApiError(401, "bad.credentials", "Invalid login credentials.")
        org, token = found
        client = tx.get(org, "oauth_client", token["clientId"])
        if client is None or client.get("state") == "disabled":
            raise ApiError(401, "bad.credentials", "Invalid login credentials.")
        user_id = token.get("userId")
        if user_id:
            user = tx.get(org, "user", user_id)
            if user is None or user.get("state") != "active":
                raise ApiError(401, "bad.credentials", "Invalid login credentials.")
            granted = grants_permissions(tx, org, user_grants(tx, org, user))
        else:
            granted = grants_permissions(tx, org, client.get("roleDivisions") or [])
        return Caller(
            org_id=org,
            token_hash=token_hash,
            client_id=client["id"],
            grant_type=token["grantType"],
            user_id=user_id,
            scopes=tuple(token.get("scopes") or ()),
            granted=frozenset(granted),
            expires_at=float(token["expiresAt"]),
        )


def _check_scope(caller: Caller, method: str, path: str) -> None:
    if not caller.scopes:
        return
    area = next((scope for prefix, scope in _SCOPE_AREAS if path.startswith(prefix)), None)
    if area is None or area in caller.scopes:
        return
    if method in ("GET", "HEAD") and f"{area}:readonly" in caller.scopes:
        return
    needed = area if method not in ("GET", "HEAD") else f"{area}:readonly"
    raise ApiError(
        403,
        "missing.scopes",
        "The OAuth client of this token was not granted the scope this request needs: {scope}",
        {"scope": needed},
    )


def _bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (the scheme in any case), else None."""
    scheme, _, token = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def _session(request: Request, token: str | None) -> Session:
    state: EmulatorState = request.app.state.emulator
    if not token:
        raise ApiError(
            401,
            "authentication.required",
            "No authentication bearer token specified in authorization header.",
        )
    caller = state.auth.caller(token)
    _check_scope(caller, request.method, request.scope["path"])
    limit = state.settings.rate_limit_per_minute
    retry_after = state.limiter.check(caller.token_hash, limit)
    if retry_after is not None:
        raise ApiError(
            429,
            "too.many.requests",
            "Rate limit exceeded the maximum [{limit}] requests within [{seconds}] seconds",
            {"limit": str(limit), "seconds": "60"},
            headers={"Retry-After": str(retry_after)},
        )
    return Session(caller, state, str(request.base_url).rstrip("/"))


Dependency = Callable[..., Coroutine[Any, Any, Session]]


def _requiring(check: Callable[[Caller], None]) -> Dependency:
    async def dependency(request: Request) -> Session:
        session = _session(request, _bearer_token(request))
        check(session.caller)
        return session

    return dependency


def any_of(*permissions: str) -> Dependency:
    """Dependency: a valid token holding at least one of `permissions` ("Requires ANY")."""
    return _requiring(lambda caller: caller.require_any(permissions))


def all_of(*permissions: str) -> Dependency:
    """Dependency: a valid token holding every one of `permissions` ("Requires ALL")."""
    return _requiring(lambda caller: caller.require_all(permissions))


authenticated: Dependency = _requiring(lambda caller: None)
