"""SAML 2.0 bearer assertions: verify them for the login service, and sign them for tests.

The saml2-bearer grant (`POST /oauth/token`, `grant_type=urn:ietf:params:oauth:grant-type:
saml2-bearer`) carries a base64 SAML assertion signed by the org's PureEngage identity provider.
Verification follows XML-DSig with exclusive canonicalisation, as real IdPs sign assertions:

1. the referenced element (the Assertion, or the Response around it) minus the enveloped
   Signature is canonicalised (exclusive C14N 1.0, without comments) and its digest compared;
2. the canonical SignedInfo is checked against SignatureValue with the IdP certificate's key
   (RSA PKCS#1 v1.5 with SHA-256 or SHA-1);
3. the Issuer must equal the IdP's `issuerURI` and the Conditions window must hold.

Documents with a DOCTYPE are refused (no entity tricks). `sign_assertion` builds a minimal
signed assertion with the same canonicalisation; `tests/emulator` checks the canonical form
against the standard library's C14N on documents where the two algorithms agree.
"""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.dom import Node, minidom
from xml.parsers.expat import ExpatError

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

__all__ = [
    "SamlError",
    "SamlSubject",
    "canonicalize",
    "load_certificate",
    "sign_assertion",
    "verify_assertion",
]

SAML_NS = "urn:oasis:names:tc:SAML:2.0:assertion"
DSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
XMLNS_NS = "http://www.w3.org/2000/xmlns/"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
_DIGESTS = {
    "http://www.w3.org/2001/04/xmlenc#sha256": hashlib.sha256,
    "http://www.w3.org/2000/09/xmldsig#sha1": hashlib.sha1,
}
_SIGNATURES = {
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": hashes.SHA256,
    "http://www.w3.org/2000/09/xmldsig#rsa-sha1": hashes.SHA1,
}
CLOCK_SKEW_SECONDS = 300


class SamlError(ValueError):
    """The assertion is malformed, unsigned, signed by someone else, or out of its validity window."""


@dataclass(frozen=True)
class SamlSubject:
    name_id: str
    issuer: str
    attributes: dict[str, list[str]]


# ---- exclusive XML canonicalisation (C14N 1.0 exclusive, without comments) -------------------


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#xD;")


def _escape_attr(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace('"', "&quot;")
        .replace("\t", "&#x9;")
        .replace("\n", "&#xA;")
        .replace("\r", "&#xD;")
    )


def _declared(element: minidom.Element) -> dict[str, str]:
    """Namespace declarations made on this element: prefix ('' for default) -> URI."""
    found = {}
    for attr in element.attributes.values():
        if attr.namespaceURI == XMLNS_NS or attr.name == "xmlns":
            prefix = "" if attr.name == "xmlns" else attr.localName
            found[prefix] = attr.value or ""  # minidom reads xmlns="" as None
    return found


def _in_scope(element: minidom.Element) -> dict[str, str]:
    chain = []
    node: Node | None = element
    while node is not None and node.nodeType == Node.ELEMENT_NODE:
        chain.append(node)
        node = node.parentNode
    scope: dict[str, str] = {}
    for ancestor in reversed(chain):
        scope.update(_declared(ancestor))
    return scope


def canonicalize(
    element: minidom.Element, exclude: minidom.Element | None = None, inclusive: Iterable[str] = ()
) -> bytes:
    """Exclusive C14N of `element`'s subtree, leaving out `exclude` (the enveloped signature)."""
    out: list[str] = []
    inclusive_prefixes = {"" if p == "#default" else p for p in inclusive}

    def visit(node: Node, scope: dict[str, str], rendered: dict[str, str]) -> None:
        if node is exclude:
            return
        if node.nodeType in (Node.TEXT_NODE, Node.CDATA_SECTION_NODE):
            out.append(_escape_text(node.data))
            return
        if node.nodeType == Node.PROCESSING_INSTRUCTION_NODE:
            out.append(f"<?{node.target}{' ' + node.data if node.data else ''}?>")
            return
        if node.nodeType != Node.ELEMENT_NODE:
            return
        scope = {**scope, **_declared(node)}
        plain_attrs = [
            a for a in node.attributes.values() if a.namespaceURI != XMLNS_NS and a.name != "xmlns"
        ]
        used = {node.prefix or ""} | {a.prefix for a in plain_attrs if a.prefix}
        used |= inclusive_prefixes & scope.keys()
        declarations = []
        child_rendered = dict(rendered)
        for prefix in sorted(used):
            uri = scope.get(prefix, "")
            if rendered.get(prefix, "") == uri:
                continue
            if prefix == "" and not uri and "" not in rendered:
                continue
            declarations.append((prefix, uri))
            child_rendered[prefix] = uri
        attrs = sorted(plain_attrs, key=lambda a: (a.namespaceURI or "", a.localName or a.name))
        parts = [f"<{node.tagName}"]
        parts += [
            f' xmlns="{_escape_attr(u)}"' if not p else f' xmlns:{p}="{_escape_attr(u)}"'
            for p, u in declarations
        ]
        parts += [f' {a.name}="{_escape_attr(a.value)}"' for a in attrs]
        out.append("".join(parts) + ">")
        for child in node.childNodes:
            visit(child, scope, child_rendered)
        out.append(f"</{node.tagName}>")

    parent = element.parentNode
    outer = _in_scope(parent) if parent is not None and parent.nodeType == Node.ELEMENT_NODE else {}
    visit(element, outer, {})
    return "".join(out).encode()


# ---- verification ---------------------------------------------------------------------------


def _children(element: minidom.Element, ns: str, local: str) -> list[minidom.Element]:
    return [
        c
        for c in element.childNodes
        if c.nodeType == Node.ELEMENT_NODE and c.namespaceURI == ns and c.localName == local
    ]


def _child(element: minidom.Element, ns: str, local: str) -> minidom.Element:
    found = _children(element, ns, local)
    if not found:
        raise SamlError(f"the assertion has no <{local}> element where one is required")
    return found[0]


def _text(element: minidom.Element) -> str:
    return "".join(
        c.data for c in element.childNodes if c.nodeType in (Node.TEXT_NODE, Node.CDATA_SECTION_NODE)
    )


def load_certificate(text: str) -> x509.Certificate:
    body = text.strip()
    try:
        if "BEGIN CERTIFICATE" in body:
            return x509.load_pem_x509_certificate(body.encode())
        return x509.load_der_x509_certificate(base64.b64decode("".join(body.split())))
    except ValueError as exc:
        raise SamlError(f"the identity provider certificate cannot be read: {exc}") from None


def _find_by_id(root: minidom.Element, ident: str) -> minidom.Element | None:
    if root.getAttribute("ID") == ident:
        return root
    for child in root.childNodes:
        if child.nodeType == Node.ELEMENT_NODE:
            found = _find_by_id(child, ident)
            if found is not None:
                return found
    return None


def _check_signature(
    signature: minidom.Element, root: minidom.Element, keys: list[rsa.RSAPublicKey]
) -> minidom.Element:
    signed_info = _child(signature, DSIG_NS, "SignedInfo")
    c14n_method = _child(signed_info, DSIG_NS, "CanonicalizationMethod").getAttribute("Algorithm")
    if c14n_method != EXC_C14N:
        raise SamlError(f"unsupported canonicalization {c14n_method!r}; use exclusive C14N")
    sig_method = _child(signed_info, DSIG_NS, "SignatureMethod").getAttribute("Algorithm")
    if sig_method not in _SIGNATURES:
        raise SamlError(f"unsupported signature method {sig_method!r}")
    reference = _child(signed_info, DSIG_NS, "Reference")
    uri = reference.getAttribute("URI")
    target = _find_by_id(root, uri[1:]) if uri.startswith("#") else None
    if target is None:
        raise SamlError(f"the signature reference {uri!r} names no element of the document")
    inclusive: list[str] = []
    transforms = _children(reference, DSIG_NS, "Transforms")
    for transform in _children(transforms[0], DSIG_NS, "Transform") if transforms else []:
        algorithm = transform.getAttribute("Algorithm")
        if algorithm not in (ENVELOPED, EXC_C14N):
            raise SamlError(f"unsupported transform {algorithm!r}")
        for node in transform.getElementsByTagNameNS(EXC_C14N, "InclusiveNamespaces"):
            inclusive += node.getAttribute("PrefixList").split()
    digest_method = _child(reference, DSIG_NS, "DigestMethod").getAttribute("Algorithm")
    if digest_method not in _DIGESTS:
        raise SamlError(f"unsupported digest method {digest_method!r}")
    digest = _DIGESTS[digest_method](canonicalize(target, exclude=signature, inclusive=inclusive)).digest()
    if base64.b64encode(digest).decode() != "".join(_text(_child(reference, DSIG_NS, "DigestValue")).split()):
        raise SamlError("the assertion was changed after it was signed (digest mismatch)")
    signature_value = base64.b64decode("".join(_text(_child(signature, DSIG_NS, "SignatureValue")).split()))
    signed_bytes = canonicalize(signed_info)
    for key in keys:
        try:
            key.verify(signature_value, signed_bytes, padding.PKCS1v15(), _SIGNATURES[sig_method]())
            return target
        except InvalidSignature:
            continue
    raise SamlError("the assertion is not signed by the identity provider's certificate")


def _parse_time(value: str) -> float:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def verify_assertion(
    assertion_b64: str, certificates: Iterable[str], issuer: str, now: float | None = None
) -> SamlSubject:
    """Check a base64 SAML assertion (or Response) and return who it speaks for."""
    try:
        raw = base64.b64decode(assertion_b64.strip(), validate=False)
    except ValueError:
        raise SamlError("the assertion is not valid base64") from None
    if b"<!DOCTYPE" in raw.upper():
        raise SamlError("documents with a DOCTYPE are not accepted")
    try:
        document = minidom.parseString(raw)
    except ExpatError as exc:
        raise SamlError(f"the assertion is not well-formed XML: {exc}") from None
    root = document.documentElement
    assertion = (
        root
        if root.localName == "Assertion"
        else next(iter(root.getElementsByTagNameNS(SAML_NS, "Assertion")), None)
    )
    if assertion is None or assertion.namespaceURI != SAML_NS:
        raise SamlError("no SAML 2.0 <Assertion> element found")
    keys = []
    for text in certificates:
        public_key = load_certificate(text).public_key()
        if isinstance(public_key, rsa.RSAPublicKey):
            keys.append(public_key)
    if not keys:
        raise SamlError("the identity provider has no RSA certificate to check signatures with")
    signatures = _children(assertion, DSIG_NS, "Signature") or _children(root, DSIG_NS, "Signature")
    if not signatures:
        raise SamlError("the assertion is not signed")
    covered = _check_signature(signatures[0], root, keys)
    if covered is not assertion and covered is not root:
        raise SamlError("the signature does not cover the assertion")
    found_issuer = _text(_child(assertion, SAML_NS, "Issuer")).strip()
    if found_issuer != issuer:
        raise SamlError(
            f"the assertion issuer {found_issuer!r} is not the identity provider's issuerURI {issuer!r}"
        )
    moment = time.time() if now is None else now
    for conditions in _children(assertion, SAML_NS, "Conditions"):
        not_before = conditions.getAttribute("NotBefore")
        not_after = conditions.getAttribute("NotOnOrAfter")
        if not_before and moment + CLOCK_SKEW_SECONDS < _parse_time(not_before):
            raise SamlError("the assertion is not valid yet (Conditions NotBefore)")
        if not_after and moment - CLOCK_SKEW_SECONDS >= _parse_time(not_after):
            raise SamlError("the assertion has expired (Conditions NotOnOrAfter)")
    name_id = _text(_child(_child(assertion, SAML_NS, "Subject"), SAML_NS, "NameID")).strip()
    if not name_id:
        raise SamlError("the assertion's Subject has an empty NameID")
    attributes: dict[str, list[str]] = {}
    for statement in _children(assertion, SAML_NS, "AttributeStatement"):
        for attribute in _children(statement, SAML_NS, "Attribute"):
            values = [_text(v).strip() for v in _children(attribute, SAML_NS, "AttributeValue")]
            attributes[attribute.getAttribute("Name")] = values
    return SamlSubject(name_id=name_id, issuer=found_issuer, attributes=attributes)


# ---- signing (tests and dev stacks) ---------------------------------------------------------


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign_assertion(
    *,
    issuer: str,
    name_id: str,
    private_key_pem: bytes,
    audience: str = "urn:gc:emulator",
    valid_seconds: int = 300,
    now: float | None = None,
) -> str:
    """A base64 SAML 2.0 assertion for `name_id`, signed (RSA-SHA256) with `private_key_pem`."""
    key = serialization.load_pem_private_key(private_key_pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SamlError("sign_assertion needs an RSA private key")
    moment = time.time() if now is None else now
    ident = "_" + uuid.uuid4().hex
    xml = (
        f'<saml:Assertion xmlns:saml="{SAML_NS}" ID="{ident}" IssueInstant="{_iso(moment)}" Version="2.0">'
        f"<saml:Issuer>{_escape_text(issuer)}</saml:Issuer>"
        '<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">'
        f"{_escape_text(name_id)}</saml:NameID></saml:Subject>"
        f'<saml:Conditions NotBefore="{_iso(moment - 60)}" NotOnOrAfter="{_iso(moment + valid_seconds)}">'
        f"<saml:AudienceRestriction><saml:Audience>{_escape_text(audience)}</saml:Audience>"
        "</saml:AudienceRestriction></saml:Conditions>"
        "</saml:Assertion>"
    )
    document = minidom.parseString(xml)
    assertion = document.documentElement
    digest = base64.b64encode(hashlib.sha256(canonicalize(assertion)).digest()).decode()
    signature_xml = (
        f'<ds:Signature xmlns:ds="{DSIG_NS}"><ds:SignedInfo>'
        f'<ds:CanonicalizationMethod Algorithm="{EXC_C14N}"/>'
        '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
        f'<ds:Reference URI="#{ident}"><ds:Transforms>'
        f'<ds:Transform Algorithm="{ENVELOPED}"/><ds:Transform Algorithm="{EXC_C14N}"/>'
        "</ds:Transforms>"
        '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
        f"<ds:DigestValue>{digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>"
        "<ds:SignatureValue></ds:SignatureValue></ds:Signature>"
    )
    signature = document.importNode(minidom.parseString(signature_xml).documentElement, True)
    issuer_element = _child(assertion, SAML_NS, "Issuer")
    assertion.insertBefore(signature, issuer_element.nextSibling)
    signed_info = _child(signature, DSIG_NS, "SignedInfo")
    value = key.sign(canonicalize(signed_info), padding.PKCS1v15(), hashes.SHA256())
    _child(signature, DSIG_NS, "SignatureValue").appendChild(
        document.createTextNode(base64.b64encode(value).decode())
    )
    return base64.b64encode(assertion.toxml().encode()).decode()
