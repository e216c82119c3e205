"""How the Pulumi Terraform bridge names things, in one place.

Everything the SDK generator, `check`, `diff` and the provider need to turn a Terraform name into
a Pulumi one comes from here:

- resource and data-source tokens under the dynamic bridge's single ``index`` module
  (``genesyscloud_routing_queue`` -> ``genesyscloud:index/routingQueue:RoutingQueue``,
  data source -> ``genesyscloud:index/getRoutingQueue:getRoutingQueue``);
- property wire names: lowerCamel of the Terraform name, pluralised when the attribute is a list or
  set that is not ``MaxItems: 1`` (``action_set`` -> ``actionSets``, ``gateway`` -> ``gateways``,
  ``path_params`` stays ``pathParams``), unless a sibling already owns the plural name;
- Python names (snake_case of the wire name) and nested type names (parent type + singular of the
  property's wire name: ``OauthClient`` + ``roles`` -> ``OauthClientRole``).

Pluralisation and singularisation follow the rule tables of the Go ``inflector`` package the bridge
uses; the tables below are those facts, written out for Python's ``re``.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable
from functools import cache

PACKAGE = "genesyscloud"
RESOURCE_PREFIX = "genesyscloud_"
MODULE = "index"

# Words the inflector leaves alone, as regex alternatives matched against the whole word.
_UNINFLECTED = (
    "Amoyese|bison|Borghese|bream|breeches|britches|buffalo|cantus|carp|chassis|clippers|cod|coitus|"
    "Congoese|contretemps|corps|debris|diabetes|djinn|eland|elk|equipment|Faroese|flounder|"
    "Foochowese|gallows|Genevese|Genoese|Gilbertese|graffiti|headquarters|herpes|hijinks|"
    "Hottentotese|information|innings|jackanapes|Kiplingese|Kongoese|Lucchese|mackerel|Maltese|"
    ".*?media|mews|moose|mumps|Nankingese|news|nexus|Niasese|Pekingese|Piedmontese|pincers|"
    "Pistoiese|pliers|Portuguese|proceedings|rabies|rice|rhinoceros|salmon|Sarawakese|scissors|"
    "sea[- ]bass|series|Shavese|shears|siemens|species|swine|testes|trousers|trout|tuna|"
    "Vermontese|Wenchowese|whiting|wildebeest|Yengeese"
)
_UNINFLECTED_PLURAL = re.compile(
    rf"(?i)^(?:{_UNINFLECTED}|.*[nrlm]ese|.*deer|.*fish|.*measles|.*ois|.*pox|.*sheep|people)$"
)
_UNINFLECTED_SINGULAR = re.compile(
    rf"(?i)^(?:{_UNINFLECTED}|.*[nrlm]ese|.*deer|.*fish|.*measles|.*ois|.*pox|.*sheep|.*ss)$"
)

_IRREGULAR = {
    "atlas": "atlases",
    "beef": "beefs",
    "brother": "brothers",
    "cafe": "cafes",
    "child": "children",
    "cookie": "cookies",
    "corpus": "corpuses",
    "cow": "cows",
    "ganglion": "ganglions",
    "genie": "genies",
    "genus": "genera",
    "graffito": "graffiti",
    "hoof": "hoofs",
    "loaf": "loaves",
    "man": "men",
    "money": "monies",
    "mongoose": "mongooses",
    "move": "moves",
    "mythos": "mythoi",
    "niche": "niches",
    "numen": "numina",
    "occiput": "occiputs",
    "octopus": "octopuses",
    "opus": "opuses",
    "ox": "oxen",
    "penis": "penises",
    "person": "people",
    "sex": "sexes",
    "soliloquy": "soliloquies",
    "testis": "testes",
    "trilby": "trilbys",
    "turf": "turfs",
    "potato": "potatoes",
    "hero": "heroes",
    "tooth": "teeth",
    "goose": "geese",
    "foot": "feet",
}
_IRREGULAR_SINGULAR = {
    **{plural: singular for singular, plural in _IRREGULAR.items()},
    "foes": "foe",
    "waves": "wave",
    "curves": "curve",
}

# (pattern, replacement) in the inflector's order; the first match wins.
_PLURAL_RULES = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"(?i)(s)tatus$", r"\1tatuses"),
        (r"(?i)(quiz)$", r"\1zes"),
        (r"(?i)^(ox)$", r"\1en"),
        (r"(?i)([m|l])ouse$", r"\1ice"),
        (r"(?i)(matr|vert|ind)(ix|ex)$", r"\1ices"),
        (r"(?i)(x|ch|ss|sh)$", r"\1es"),
        (r"(?i)([^aeiouy]|qu)y$", r"\1ies"),
        (r"(?i)(hive)$", r"\1s"),
        (r"(?i)(?:([^f])fe|([lre])f)$", r"\1\2ves"),
        (r"(?i)sis$", "ses"),
        (r"(?i)([ti])um$", r"\1a"),
        (r"(?i)(p)erson$", r"\1eople"),
        (r"(?i)(m)an$", r"\1en"),
        (r"(?i)(c)hild$", r"\1hildren"),
        (r"(?i)(buffal|tomat)o$", r"\1oes"),
        (r"(?i)(alumn|bacill|cact|foc|fung|nucle|radi|stimul|syllab|termin|vir)us$", r"\1i"),
        (r"(?i)us$", "uses"),
        (r"(?i)(alias)$", r"\1es"),
        (r"(?i)(ax|cris|test)is$", r"\1es"),
        (r"s$", "s"),
        (r"^$", ""),
        (r"$", "s"),
    )
)
_SINGULAR_RULES = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"(?i)(s)tatuses$", r"\1tatus"),
        (r"(?i)^(.*)(menu)s$", r"\1\2"),
        (r"(?i)(quiz)zes$", r"\1"),
        (r"(?i)(matr)ices$", r"\1ix"),
        (r"(?i)(vert|ind)ices$", r"\1ex"),
        (r"(?i)^(ox)en", r"\1"),
        (r"(?i)(alias)(es)*$", r"\1"),
        (r"(?i)(alumn|bacill|cact|foc|fung|nucle|radi|stimul|syllab|termin|viri?)i$", r"\1us"),
        (r"(?i)([ftw]ax)es", r"\1"),
        (r"(?i)(cris|ax|test)es$", r"\1is"),
        (r"(?i)(shoe|slave)s$", r"\1"),
        (r"(?i)(o)es$", r"\1"),
        (r"ouses$", "ouse"),
        (r"([^a])uses$", r"\1us"),
        (r"(?i)([m|l])ice$", r"\1ouse"),
        (r"(?i)(x|ch|ss|sh)es$", r"\1"),
        (r"(?i)(m)ovies$", r"\1ovie"),
        (r"(?i)(s)eries$", r"\1eries"),
        (r"(?i)([^aeiouy]|qu)ies$", r"\1y"),
        (r"(?i)(tive)s$", r"\1"),
        (r"(?i)([lre])ves$", r"\1f"),
        (r"(?i)([^fo])ves$", r"\1fe"),
        (r"(?i)(hive)s$", r"\1"),
        (r"(?i)(drive)s$", r"\1"),
        (r"(?i)(^analy)ses$", r"\1sis"),
        (r"(?i)(analy|diagno|^ba|(p)arenthe|(p)rogno|(s)ynop|(t)he)ses$", r"\1sis"),
        (r"(?i)([ti])a$", r"\1um"),
        (r"(?i)(p)eople$", r"\1erson"),
        (r"(?i)(m)en$", r"\1an"),
        (r"(?i)(c)hildren$", r"\1hild"),
        (r"(?i)(n)ews$", r"\1ews"),
        (r"eaus$", "eau"),
        (r"^(.*us)$", r"\1"),
        (r"(?i)s$", ""),
    )
)


def _irregular(word: str, table: dict[str, str]) -> str | None:
    # The inflector only treats a word as irregular when it ends the string after a word boundary;
    # "_" is a word character, so "path_man" is not irregular but "man" is.
    match = re.search(rf"(?i)(.*)\b({'|'.join(table)})$", word)
    if match is None:
        return None
    prefix, found = match.group(1), match.group(2)
    return prefix + word[0] + table[found.lower()][1:]


def _inflect(word: str, uninflected: re.Pattern[str], irregular: dict[str, str], rules: Iterable) -> str:
    replaced = _irregular(word, irregular)
    if replaced is not None:
        return replaced
    if uninflected.match(word):
        return word
    for pattern, replacement in rules:
        if pattern.search(word):
            return pattern.sub(replacement, word, count=1)
    return word


@cache
def pluralize(word: str) -> str:
    """The inflector's plural: ``action_set`` -> ``action_sets``, ``path_params`` -> ``path_params``."""
    return _inflect(word, _UNINFLECTED_PLURAL, _IRREGULAR, _PLURAL_RULES)


@cache
def singularize(word: str) -> str:
    """The inflector's singular: ``permissionPolicies`` -> ``permissionPolicy``."""
    return _inflect(word, _UNINFLECTED_SINGULAR, _IRREGULAR_SINGULAR, _SINGULAR_RULES)


def lower_camel(tf_name: str) -> str:
    """``access_token_validity_seconds`` -> ``accessTokenValiditySeconds`` (leading ``_`` kept)."""
    head = len(tf_name) - len(tf_name.lstrip("_"))
    parts = tf_name[head:].split("_")
    tail = "_" if tf_name.endswith("_") and tf_name.strip("_") else ""
    words = [p for p in parts[1:] if p]
    return tf_name[:head] + parts[0] + "".join(w[0].upper() + w[1:] for w in words) + tail


def upper_camel(tf_name: str) -> str:
    """``routing_wrapupcode`` -> ``RoutingWrapupcode``."""
    return "".join(p[0].upper() + p[1:] for p in tf_name.split("_") if p)


def snake(wire_name: str) -> str:
    """Python name of a wire name: ``actionSets`` -> ``action_sets``; keywords get a trailing ``_``."""
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", wire_name)
    name = re.sub(r"(?<=[A-Z])([A-Z][a-z])", r"_\1", name).lower()
    return name + "_" if keyword.iskeyword(name) else name


def wire_name(tf_name: str, *, plural: bool, siblings: Iterable[str] = ()) -> str:
    """The Pulumi property name of a Terraform attribute.

    `plural` is true for list and set attributes that are not ``MaxItems: 1``; the plural is skipped
    when another attribute at the same level is already called that (the bridge keeps names
    one-to-one).
    """
    name = tf_name
    if plural:
        candidate = pluralize(tf_name)
        if candidate == tf_name or candidate not in set(siblings):
            name = candidate
    return lower_camel(name)


def type_suffix(tf_resource: str) -> str:
    """The part of a Terraform type name after the provider prefix: ``routing_queue``."""
    if not tf_resource.startswith(RESOURCE_PREFIX):
        raise ValueError(f"{tf_resource!r} does not start with {RESOURCE_PREFIX!r}")
    return tf_resource.removeprefix(RESOURCE_PREFIX)


def resource_class_name(tf_resource: str) -> str:
    """``genesyscloud_oauth_client`` -> ``OauthClient``."""
    return upper_camel(type_suffix(tf_resource))


def resource_token(tf_resource: str) -> str:
    """``genesyscloud_oauth_client`` -> ``genesyscloud:index/oauthClient:OauthClient``."""
    name = resource_class_name(tf_resource)
    return f"{PACKAGE}:{MODULE}/{name[0].lower()}{name[1:]}:{name}"


def data_source_function_name(tf_data_source: str) -> str:
    """``genesyscloud_auth_role`` -> ``getAuthRole``."""
    return "get" + upper_camel(type_suffix(tf_data_source))


def data_source_token(tf_data_source: str) -> str:
    """``genesyscloud_auth_role`` -> ``genesyscloud:index/getAuthRole:getAuthRole``."""
    name = data_source_function_name(tf_data_source)
    return f"{PACKAGE}:{MODULE}/{name}:{name}"


def provider_token(package: str = PACKAGE) -> str:
    return f"pulumi:providers:{package}"


def nested_type_name(parent_type: str, wire: str, *, collection: bool) -> str:
    """Name of the object type of a block: the parent type plus the property's (singular) name."""
    name = singularize(wire) if collection else wire
    return parent_type + name[0].upper() + name[1:]
