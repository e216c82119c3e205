"""A small declarative language for the Terraform schemas of the ``genesyscloud_*`` types.

One module per resource type under `gcx.provider.schemas` describes its attributes with the helpers
below (`string`, `integer`, `number`, `boolean`, `json_string`, `string_map`, `string_list`,
`string_set`, `block_list`, `block_set`, `single_block`). Each attribute carries what the
Terraform provider declares: presence (required / optional / computed / optional+computed),
default, ForceNew, Sensitive, validations (enum, numeric range, regex, ConflictsWith,
MinItems/MaxItems), JSON-equivalence diff suppression and a description.

Pulumi names are never written by hand: a `Block` binds its attributes' wire and Python names with
`gcx.provider.naming` when it is built, and `ResourceSchema`/`DataSourceSchema` derive tokens and
class names from the Terraform type name. `check`, `diff`, `config`, the provider and the SDK
generator all read these objects.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

from gcx.provider import naming


class Presence(Enum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    COMPUTED = "computed"  # set by the provider only
    OPTIONAL_COMPUTED = "optional+computed"  # the server fills it in when the program does not


REQUIRED = Presence.REQUIRED
OPTIONAL = Presence.OPTIONAL
COMPUTED = Presence.COMPUTED
OPTIONAL_COMPUTED = Presence.OPTIONAL_COMPUTED


class Scalar(Enum):
    STRING = "string"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"


class Collection(Enum):
    LIST = "list"
    SET = "set"
    MAP = "map"  # Terraform maps here are always map(string)


@dataclass(frozen=True)
class Range:
    """An inclusive numeric range; either bound may be open. `hint` is said after the bounds."""

    minimum: float | None = None
    maximum: float | None = None
    hint: str = ""

    def describe(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            text = f"between {_num(self.minimum)} and {_num(self.maximum)}"
        elif self.minimum is not None:
            text = f"at least {_num(self.minimum)}"
        else:
            text = f"at most {_num(self.maximum)}"
        return f"{text} ({self.hint})" if self.hint else text

    def contains(self, value: float) -> bool:
        return (self.minimum is None or value >= self.minimum) and (
            self.maximum is None or value <= self.maximum
        )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class Pattern:
    """A regular expression a string must match, with words saying what the format is."""

    regex: str
    meaning: str


@dataclass(frozen=True)
class Attr:
    """One Terraform attribute. `element` is a `Scalar` or, for blocks, a `Block`."""

    tf_name: str
    element: Scalar | Block
    presence: Presence
    description: str = ""
    collection: Collection | None = None
    default: Any = None
    force_new: bool = False
    sensitive: bool = False
    json: bool = False
    one_of: tuple[Any, ...] = ()
    range: Range | None = None
    pattern: Pattern | None = None
    conflicts_with: tuple[str, ...] = ()
    min_items: int | None = None
    max_items: int | None = None
    env: str = ""  # environment variable read when the attribute is not set (provider config only)
    # Bound by the enclosing Block (never set by hand):
    wire_name: str = ""
    py_name: str = ""

    @property
    def required(self) -> bool:
        return self.presence is Presence.REQUIRED

    @property
    def computed(self) -> bool:
        return self.presence in (Presence.COMPUTED, Presence.OPTIONAL_COMPUTED)

    @property
    def is_input(self) -> bool:
        """False for attributes only the provider sets (Computed without Optional)."""
        return self.presence is not Presence.COMPUTED

    @property
    def block(self) -> Block | None:
        return self.element if isinstance(self.element, Block) else None

    @property
    def single(self) -> bool:
        """A list or set limited to one item, which the bridge flattens into one value."""
        return self.collection in (Collection.LIST, Collection.SET) and self.max_items == 1

    @property
    def plural(self) -> bool:
        """A list or set that stays an array in Pulumi (and gets a plural name)."""
        return self.collection in (Collection.LIST, Collection.SET) and not self.single

    @property
    def is_set(self) -> bool:
        return self.collection is Collection.SET and not self.single

    @property
    def secret(self) -> bool:
        """Sensitive itself or holding a sensitive attribute (the whole value is then a secret)."""
        return self.sensitive or (self.block is not None and any(a.secret for a in self.block.attrs))


class Block:
    """An ordered set of attributes whose Pulumi names are bound together.

    Binding happens here because the bridge's plural rule looks at the sibling names.
    """

    def __init__(self, *attrs: Attr, description: str = "") -> None:
        tf_names = [a.tf_name for a in attrs]
        if len(set(tf_names)) != len(tf_names):
            raise ValueError(f"duplicate attribute names in {tf_names}")
        bound = []
        for attr in attrs:
            wire = naming.wire_name(attr.tf_name, plural=attr.plural, siblings=tf_names)
            bound.append(dataclasses.replace(attr, wire_name=wire, py_name=naming.snake(wire)))
        self.attrs: tuple[Attr, ...] = tuple(bound)
        self.description = description
        self._by_wire = {a.wire_name: a for a in self.attrs}
        self._by_tf = {a.tf_name: a for a in self.attrs}
        for attr in self.attrs:
            for other in attr.conflicts_with:
                if other not in self._by_tf:
                    raise ValueError(f"{attr.tf_name} conflicts with unknown attribute {other!r}")

    def __iter__(self) -> Iterator[Attr]:
        return iter(self.attrs)

    def by_wire(self, wire: str) -> Attr | None:
        return self._by_wire.get(wire)

    def by_tf(self, tf_name: str) -> Attr:
        return self._by_tf[tf_name]

    @property
    def inputs(self) -> tuple[Attr, ...]:
        return tuple(a for a in self.attrs if a.is_input)

    def __repr__(self) -> str:
        return f"Block({', '.join(a.tf_name for a in self.attrs)})"


@dataclass(frozen=True)
class RequiredWhen:
    """A rule the API enforces that the Terraform schema does not: `attr` must be set (and not
    empty) when `other` has one of `values`. `reason` says why, for the failure message."""

    attr: str
    other: str
    values: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class ResourceSchema:
    tf_name: str
    block: Block
    description: str = ""
    rules: tuple[RequiredWhen, ...] = ()
    delete_before_replace: bool = False

    @property
    def class_name(self) -> str:
        return naming.resource_class_name(self.tf_name)

    @property
    def token(self) -> str:
        return naming.resource_token(self.tf_name)

    @property
    def module_name(self) -> str:
        return naming.snake(self.class_name[0].lower() + self.class_name[1:])


@dataclass(frozen=True)
class DataSourceSchema:
    tf_name: str
    block: Block
    description: str = ""

    @property
    def function_name(self) -> str:
        return naming.data_source_function_name(self.tf_name)

    @property
    def token(self) -> str:
        return naming.data_source_token(self.tf_name)

    @property
    def result_class_name(self) -> str:
        name = self.function_name
        return name[0].upper() + name[1:] + "Result"

    @property
    def module_name(self) -> str:
        return naming.snake(self.function_name)

    @property
    def has_id_attr(self) -> bool:
        return self.block.by_wire("id") is not None


@dataclass(frozen=True)
class ProviderSchema:
    package: str
    block: Block
    description: str = ""

    @property
    def token(self) -> str:
        return naming.provider_token(self.package)


# --- attribute helpers --------------------------------------------------------------------------


def _attr(tf_name: str, element: Scalar | Block, presence: Presence, description: str, **kw: Any) -> Attr:
    return Attr(tf_name=tf_name, element=element, presence=presence, description=description, **kw)


def string(tf_name: str, presence: Presence, description: str = "", **kw: Any) -> Attr:
    return _attr(tf_name, Scalar.STRING, presence, description, **kw)


def json_string(tf_name: str, presence: Presence, description: str = "", **kw: Any) -> Attr:
    """A string holding JSON; equivalent JSON never diffs."""
    return _attr(tf_name, Scalar.STRING, presence, description, json=True, **kw)


def integer(tf_name: str, presence: Presence, description: str = "", **kw: Any) -> Attr:
    return _attr(tf_name, Scalar.INT, presence, description, **kw)


def number(tf_name: str, presence: Presence, description: str = "", **kw: Any) -> Attr:
    return _attr(tf_name, Scalar.FLOAT, presence, description, **kw)


def boolean(tf_name: str, presence: Presence, description: str = "", **kw: Any) -> Attr:
    return _attr(tf_name, Scalar.BOOL, presence, description, **kw)


def string_map(tf_name: str, presence: Presence, description: str = "", **kw: Any) -> Attr:
    return _attr(tf_name, Scalar.STRING, presence, description, collection=Collection.MAP, **kw)


def string_list(tf_name: str, presence: Presence, description: str = "", **kw: Any) -> Attr:
    return _attr(tf_name, Scalar.STRING, presence, description, collection=Collection.LIST, **kw)


def string_set(tf_name: str, presence: Presence, description: str = "", **kw: Any) -> Attr:
    return _attr(tf_name, Scalar.STRING, presence, description, collection=Collection.SET, **kw)


def block_list(tf_name: str, block: Block, presence: Presence, description: str = "", **kw: Any) -> Attr:
    return _attr(tf_name, block, presence, description, collection=Collection.LIST, **kw)


def block_set(tf_name: str, block: Block, presence: Presence, description: str = "", **kw: Any) -> Attr:
    return _attr(tf_name, block, presence, description, collection=Collection.SET, **kw)


def single_block(tf_name: str, block: Block, presence: Presence, description: str = "", **kw: Any) -> Attr:
    """A ``TypeList`` with ``MaxItems: 1``: one object in Pulumi."""
    return _attr(tf_name, block, presence, description, collection=Collection.LIST, max_items=1, **kw)

