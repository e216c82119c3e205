"""`check` for the ``genesyscloud:*`` types: validate inputs against the Terraform schema.

For each `Block` a pydantic v2 model is built once (fields aliased by wire name, ``extra`` forbidden)
with the schema's rules as validators: required, type, enum, numeric range, regex, JSON syntax and
MinItems/MaxItems. Cross-field rules (ConflictsWith and the schema's `RequiredWhen` rules) run on
the data afterwards. Before validation the Terraform defaults are filled in, so the checked inputs
the engine stores carry them, as the bridge's `Check` does.

In a preview any value, at any depth, may be `Unknown`; it passes every rule (a missing required
value still fails: missing is not unknown). Every problem becomes a `CheckFailure` whose `property`
is the wire path (``roles[1].roleId``) and whose reason starts with that path and says what to
change. Keys starting with ``__`` are the engine's and pass through untouched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    WrapSerializer,
    WrapValidator,
    create_model,
)
from pydantic_core import PydanticCustomError

from gcx.engine.plugin import CheckFailure, CheckResult, is_unknown
from gcx.engine.wire import normalize_numbers
from gcx.provider.schema import Attr, Block, Collection, RequiredWhen, Scalar

__all__ = ["apply_defaults", "check_block", "format_path"]

_RULE_ERROR = "gcx_rule"
_PYTHON_TYPES: dict[Scalar, type] = {
    Scalar.STRING: str,
    Scalar.INT: int,
    Scalar.FLOAT: float,
    Scalar.BOOL: bool,
}
_TYPE_WORDS = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
}


def format_path(parts: tuple[Any, ...] | list[Any]) -> str:
    """``("roles", 1, "roleId")`` -> ``roles[1].roleId``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


# --- defaults -------------------------------------------------------------------------------------


def apply_defaults(block: Block, value: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `value` with the Terraform defaults of absent attributes filled in, at any depth."""
    result = dict(value)
    for attr in block.inputs:
        current = result.get(attr.wire_name)
        if current is None:
            if attr.default is not None:
                result[attr.wire_name] = attr.default
            continue
        if attr.block is None or is_unknown(current):
            continue
        if attr.single and isinstance(current, Mapping):
            result[attr.wire_name] = apply_defaults(attr.block, current)
        elif attr.plural and isinstance(current, list):
            result[attr.wire_name] = [
                apply_defaults(attr.block, item) if isinstance(item, Mapping) else item for item in current
            ]
    return result


# --- the pydantic models --------------------------------------------------------------------------


def _unknown_as_is(value: Any, handler: Callable[[Any], Any]) -> Any:
    """Hands an `Unknown` through untouched; anything else goes to the normal validation/dump."""
    return value if is_unknown(value) else handler(value)


_UNKNOWN_OK = WrapValidator(_unknown_as_is)
_UNKNOWN_KEPT = WrapSerializer(_unknown_as_is)


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError(_RULE_ERROR, "{message}", {"message": message})


def _shown(attr: Attr, value: Any) -> str:
    return "" if attr.sensitive else f"; got {value!r}"


def _value_rules(attr: Attr) -> list[AfterValidator]:
    rules: list[AfterValidator] = []
    if attr.one_of:

        def one_of(value: Any) -> Any:
            if value not in attr.one_of:
                choices = ", ".join(str(c) for c in attr.one_of)
                raise _fail(f"must be one of {choices}{_shown(attr, value)}")
            return value

        rules.append(AfterValidator(one_of))
    if attr.range is not None:
        bounds = attr.range

        def in_range(value: Any) -> Any:
            if not bounds.contains(value):
                raise _fail(f"must be {bounds.describe()}{_shown(attr, value)}")
            return value

        rules.append(AfterValidator(in_range))
    if attr.pattern is not None:
        pattern = attr.pattern

        def matches(value: Any) -> Any:
            if not re.search(pattern.regex, value):
                raise _fail(f"must be {pattern.meaning}{_shown(attr, value)}")
            return value

        rules.append(AfterValidator(matches))
    if attr.json:

        def valid_json(value: Any) -> Any:
            try:
                json.loads(value)
            except json.JSONDecodeError as exc:
                raise _fail(
                    f"is not valid JSON ({exc}); give a JSON string, for example json.dumps({{...}})"
                ) from None
            return value

        rules.append(AfterValidator(valid_json))
    return rules


def _count_rule(attr: Attr) -> AfterValidator:
    def count(items: list[Any]) -> list[Any]:
        if attr.min_items is not None and len(items) < attr.min_items:
            raise _fail(f"needs at least {attr.min_items} item(s); got {len(items)}")
        if attr.max_items is not None and len(items) > attr.max_items:
            raise _fail(f"takes at most {attr.max_items} item(s); got {len(items)}")
        return items

    return AfterValidator(count)


def _annotation(attr: Attr) -> Any:
    element: Any = _model(attr.block) if attr.block is not None else _PYTHON_TYPES[attr.element]  # type: ignore[index]
    element = Annotated[element, *_value_rules(attr), _UNKNOWN_OK, _UNKNOWN_KEPT]
    if attr.collection is Collection.MAP:
        shaped: Any = dict[str, element]
    elif attr.plural:
        shaped = Annotated[list[element], _count_rule(attr)]
    else:
        shaped = element
    return Annotated[shaped, _UNKNOWN_OK, _UNKNOWN_KEPT]


@cache
def _model(block: Block) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for index, attr in enumerate(block.inputs):
        annotation = _annotation(attr)
        if attr.required:
            fields[f"f{index}"] = (annotation, Field(alias=attr.wire_name))
        else:
            fields[f"f{index}"] = (annotation | None, Field(None, alias=attr.wire_name))
    return create_model(
        "Block_" + "_".join(a.wire_name for a in block.attrs[:3]),
        __config__=ConfigDict(extra="forbid", populate_by_name=False, arbitrary_types_allowed=True),
        **fields,
    )


# --- failures -------------------------------------------------------------------------------------


def _block_at(block: Block, loc: tuple[Any, ...]) -> tuple[Block, Attr | None]:
    """The block that holds the last name in `loc`, and that attribute (if it is one of its)."""
    names = [part for part in loc if not isinstance(part, int)]
    current = block
    for name in names[:-1]:
        attr = current.by_wire(name)
        if attr is None or attr.block is None:
            return current, None
        current = attr.block
    return current, current.by_wire(names[-1]) if names else None


def _reason(block: Block, error: Mapping[str, Any], owner: str) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    holder, attr = _block_at(block, loc)
    if kind == _RULE_ERROR:
        return str(error["ctx"]["message"])
    if kind == "missing":
        hint = f" ({attr.description.rstrip('.')})" if attr is not None and attr.description else ""
        return f"is required{hint}; set it"
    if kind == "extra_forbidden":
        if attr is not None and not attr.is_input:
            return "is set by the provider and cannot be given; remove it"
        where = owner if len(loc) == 1 else format_path(loc[:-1])
        known = ", ".join(a.wire_name for a in holder.inputs)
        return f"is not a property of {where}; remove it (known properties: {known})"
    if kind in _TYPE_WORDS:
        shown = "" if attr is not None and attr.sensitive else f"; got {type(error['input']).__name__}"
        return f"must be {_TYPE_WORDS[kind]}{shown}"
    return error["msg"]


def _cross_field_failures(
    block: Block, value: Mapping[str, Any], rules: tuple[RequiredWhen, ...], prefix: tuple[Any, ...] = ()
) -> Iterator[CheckFailure]:
    def present(item: Any) -> bool:
        return item is not None and not (isinstance(item, list | dict) and not item)

    for attr in block.inputs:
        for other_name in attr.conflicts_with:
            other = block.by_tf(other_name)
            mine, theirs = value.get(attr.wire_name), value.get(other.wire_name)
            if present(mine) and present(theirs) and not is_unknown(mine) and not is_unknown(theirs):
                path = format_path((*prefix, attr.wire_name))
                yield CheckFailure(path, f"{path} conflicts with {other.wire_name}: set only one of them")
    for rule in rules:
        attr, other = block.by_tf(rule.attr), block.by_tf(rule.other)
        trigger, mine = value.get(other.wire_name), value.get(attr.wire_name)
        if is_unknown(trigger) or is_unknown(mine) or trigger not in rule.values or present(mine):
            continue
        path = format_path((*prefix, attr.wire_name))
        yield CheckFailure(path, f"{path} is required when {other.wire_name} is {trigger}: {rule.reason}")
    for attr in block.inputs:
        nested = value.get(attr.wire_name)
        if attr.block is None or nested is None or is_unknown(nested):
            continue
        items = [nested] if attr.single else nested
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, Mapping):
                where = (*prefix, attr.wire_name) if attr.single else (*prefix, attr.wire_name, index)
                yield from _cross_field_failures(attr.block, item, (), where)


def check_block(
    block: Block, news: Mapping[str, Any], *, owner: str, rules: tuple[RequiredWhen, ...] = ()
) -> CheckResult:
    """Validate `news` (wire names) against `block`; `owner` names the type in messages."""
    engine_keys = {k: v for k, v in news.items() if k.startswith("__")}
    data = apply_defaults(block, {k: v for k, v in news.items() if not k.startswith("__")})
    failures: list[CheckFailure] = []
    try:
        model = _model(block).model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            path = format_path(error["loc"])
            failures.append(CheckFailure(path, f"{path} {_reason(block, error, owner)}"))
        checked = data
    else:
        checked = normalize_numbers(model.model_dump(by_alias=True, exclude_unset=True, warnings=False))
    failures.extend(_cross_field_failures(block, checked, rules))
    return CheckResult(inputs={**checked, **engine_keys}, failures=failures)
