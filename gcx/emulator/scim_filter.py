"""SCIM filter expressions (RFC 7644 §3.4.2.2) compiled to predicates over SCIM resources.

Supported: `eq ne co sw ew gt ge lt le pr`, `and`, `or`, `not (...)`, parentheses, value
paths such as `emails[type eq "work"]` and extension attributes written with their schema URN
(`urn:...:genesys:purecloud:2.0:User:externalIds[authority eq "A" and value eq "V"]`).
Attribute names and string comparisons ignore case. Genesys Cloud's shorthand attributes
`email`, `manager`, `division`, `department` and `employeeNumber` map to their SCIM homes.
Anything else is a `ValueError`, which the SCIM API reports as `invalidFilter`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from gcx.catalog.scim import ENTERPRISE_USER_SCHEMA

__all__ = ["compile_filter"]

Predicate = Callable[[dict[str, Any]], bool]
_TOKEN = re.compile(r'\s*(?:(\()|(\))|(\[)|(\])|("(?:[^"\\]|\\.)*")|([^\s()\[\]"]+))')
_OPS = {"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"}
_ALIASES = {
    "email": ("", "emails", "value"),
    "manager": (ENTERPRISE_USER_SCHEMA, "manager", "value"),
    "division": (ENTERPRISE_USER_SCHEMA, "division", None),
    "department": (ENTERPRISE_USER_SCHEMA, "department", None),
    "employeenumber": (ENTERPRISE_USER_SCHEMA, "employeeNumber", None),
}


def _tokens(text: str) -> list[str]:
    tokens, pos = [], 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            if text[pos:].strip():
                raise ValueError(f"cannot read the filter near {text[pos:]!r}")
            break
        tokens.append(next(g for g in match.groups() if g is not None))
        pos = match.end()
    return tokens


def _literal(token: str) -> Any:
    if token.startswith('"'):
        return token[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    lowered = token.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    try:
        return float(token) if "." in token else int(token)
    except ValueError:
        raise ValueError(f"{token!r} is not a SCIM value (quote strings)") from None


def _split_path(path: str) -> tuple[str, str, str | None]:
    """`urn:...:User:attr.sub` -> (urn, attr, sub); plain `attr.sub` -> ("", attr, sub)."""
    urn = ""
    if path.lower().startswith("urn:"):
        urn, _, path = path.rpartition(":")
    attr, _, sub = path.partition(".")
    if not urn and not sub and attr.lower() in _ALIASES:
        return _ALIASES[attr.lower()]
    return urn, attr, sub or None


def _get(resource: dict[str, Any], key: str) -> Any:
    wanted = key.lower()
    return next((v for k, v in resource.items() if k.lower() == wanted), None)


def _values(resource: dict[str, Any], urn: str, attr: str) -> list[Any]:
    scope = _get(resource, urn) if urn else resource
    if not isinstance(scope, dict):
        return []
    value = _get(scope, attr)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _compare(op: str, actual: Any, expected: Any) -> bool:
    if op == "pr":
        return actual not in (None, "", [])
    if isinstance(actual, str) and isinstance(expected, str):
        actual, expected = actual.lower(), expected.lower()
    if op == "eq":
        return actual == expected
    if op == "ne":
        return actual != expected
    if op in ("co", "sw", "ew"):
        if not (isinstance(actual, str) and isinstance(expected, str)):
            return False
        return {"co": expected in actual, "sw": actual.startswith(expected), "ew": actual.endswith(expected)}[
            op
        ]
    try:
        return {
            "gt": actual > expected,
            "ge": actual >= expected,
            "lt": actual < expected,
            "le": actual <= expected,
        }[op]
    except TypeError:
        return False


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise ValueError("the filter ends too early")
        self.pos += 1
        return token

    def expect(self, wanted: str) -> None:
        token = self.take()
        if token != wanted:
            raise ValueError(f"expected {wanted!r} in the filter, found {token!r}")

    def parse(self) -> Predicate:
        predicate = self.expression()
        if self.peek() is not None:
            raise ValueError(f"unexpected {self.peek()!r} in the filter")
        return predicate

    def expression(self) -> Predicate:
        parts = [self.term()]
        while (self.peek() or "").lower() == "or":
            self.take()
            parts.append(self.term())
        return parts[0] if len(parts) == 1 else (lambda r: any(p(r) for p in parts))

    def term(self) -> Predicate:
        parts = [self.factor()]
        while (self.peek() or "").lower() == "and":
            self.take()
            parts.append(self.factor())
        return parts[0] if len(parts) == 1 else (lambda r: all(p(r) for p in parts))

    def factor(self) -> Predicate:
        token = self.peek()
        if token is not None and token.lower() == "not":
            self.take()
            self.expect("(")
            inner = self.expression()
            self.expect(")")
            return lambda r: not inner(r)
        if token == "(":
            self.take()
            inner = self.expression()
            self.expect(")")
            return inner
        return self.attribute()

    def attribute(self) -> Predicate:
        urn, attr, sub = _split_path(self.take())
        if self.peek() == "[":
            self.take()
            inner = self.expression()
            self.expect("]")
            return lambda r: any(isinstance(v, dict) and inner(v) for v in _values(r, urn, attr))
        op = self.take().lower()
        if op not in _OPS and op != "pr":
            raise ValueError(f"unknown filter operator {op!r}")
        expected = None if op == "pr" else _literal(self.take())

        def predicate(resource: dict[str, Any]) -> bool:
            values = _values(resource, urn, attr)
            if sub:
                values = [_get(v, sub) for v in values if isinstance(v, dict)]
            if op == "ne":
                return all(_compare(op, v, expected) for v in values)
            return any(_compare(op, v, expected) for v in values)

        return predicate


def compile_filter(text: str) -> Predicate:
    """A predicate for a SCIM filter; raises `ValueError` saying what is wrong with it."""
    return _Parser(text).parse()
