"""Unit tests of the pure pieces: URNs and aliases, property values and paths, step planning,
the delete schedule and number formatting."""

from __future__ import annotations

import pytest

from gcx.engine.deletes import Condemned, schedule
from gcx.engine.display.values import go_number, go_quote
from gcx.engine.plan import plan_custom
from gcx.engine.plugin import DiffResult, Secret, Unknown
from gcx.engine.props import (
    annotate_secrets,
    apply_ignore_changes,
    changed_at,
    from_provider,
    parse_path,
    to_provider,
)
from gcx.engine.state import ResourceState
from gcx.engine.steps import Op
from gcx.engine.urns import (
    ProviderRef,
    default_provider_name,
    inherited_alias_urns,
    is_default_provider_urn,
    make_urn,
)
from gcx.engine.wire import RESOURCE_SIG, SIG_KEY, UNKNOWN, is_secret, make_secret

STACK = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev"


def test_urns_prefix_the_parent_type_except_for_the_root_stack():
    component = make_urn("dev", "proj", "my:index:Comp", "c", STACK)
    assert component == "urn:pulumi:dev::proj::my:index:Comp::c"
    child = make_urn("dev", "proj", "fake:index:Thing", "c-a", component)
    assert child == "urn:pulumi:dev::proj::my:index:Comp$fake:index:Thing::c-a"
    grandchild = make_urn("dev", "proj", "x:y:Z", "g", child)
    assert grandchild == "urn:pulumi:dev::proj::my:index:Comp$fake:index:Thing$x:y:Z::g"


def test_children_inherit_aliases_of_a_renamed_or_reparented_parent():
    old_parent = "urn:pulumi:dev::proj::my:index:Comp::grp"
    new_parent = "urn:pulumi:dev::proj::my:index:Comp::grp2"
    aliases = inherited_alias_urns(
        [old_parent, "urn:pulumi:dev::proj::old:index:Team::grp2"],
        new_parent,
        "fake:index:Thing",
        "grp2-a",
        "dev",
        "proj",
    )
    assert aliases == [
        "urn:pulumi:dev::proj::my:index:Comp$fake:index:Thing::grp-a",  # the name prefix follows
        "urn:pulumi:dev::proj::old:index:Team$fake:index:Thing::grp2-a",  # the parent's type changed
    ]


def test_default_provider_names_and_references():
    assert default_provider_name("") == "default"
    assert default_provider_name("1.84.1") == "default_1_84_1"
    ref = ProviderRef.parse("urn:pulumi:dev::p::pulumi:providers:fake::default_1_0_0::abc")
    assert (ref.package, ref.id) == ("fake", "abc")
    assert is_default_provider_urn(ref.urn)
    assert not is_default_provider_urn("urn:pulumi:dev::p::pulumi:providers:fake::east")
    with pytest.raises(ValueError):
        ProviderRef.parse("urn:pulumi:dev::p::fake:index:Thing::x::id")


def test_provider_values_strip_secrets_and_map_unknowns_and_references():
    wire = {
        "a": make_secret({"b": [1, UNKNOWN]}),
        "ref": {SIG_KEY: RESOURCE_SIG, "urn": "urn:x", "id": "id-1"},
        "pending": {SIG_KEY: RESOURCE_SIG, "urn": "urn:y", "id": ""},
    }
    plain = to_provider(wire)
    assert plain["a"]["b"][0] == 1 and isinstance(plain["a"]["b"][1], Unknown)
    assert plain["ref"] == "id-1" and plain["pending"] == "urn:y"
    back = from_provider({"x": Unknown(), "s": Secret("v"), "n": 2.0, "t": (1, 2)})
    assert back == {"x": UNKNOWN, "s": make_secret("v"), "n": 2, "t": [1, 2]}
    assert isinstance(back["n"], int)


def test_outputs_stay_secret_when_their_input_was():
    outputs = annotate_secrets({"password": "pw", "name": "n"}, {"password": make_secret("pw"), "name": "n"})
    assert is_secret(outputs["password"]) and not is_secret(outputs["name"])


def test_a_secret_nested_in_an_input_object_makes_only_that_output_leaf_secret():
    inputs = {
        "connection": {"region": "eu-west-1", "secret": make_secret("s3cr3t")},
        "tags": ["a", make_secret("b")],
        "whole": make_secret({"k": "v"}),
    }
    outputs = annotate_secrets(
        {"connection": {"region": "eu-west-1", "secret": "s3cr3t"}, "tags": ["a", "b"], "whole": {"k": "v"}},
        inputs,
    )
    assert outputs["connection"]["region"] == "eu-west-1"
    assert is_secret(outputs["connection"]["secret"])
    assert is_secret(outputs["tags"])  # arrays are tainted whole, as in Pulumi
    assert is_secret(outputs["whole"])


def test_property_paths():
    assert parse_path('a.b[0]["c.d"].e') == ["a", "b", 0, "c.d", "e"]
    assert parse_path("tags[*]") == ["tags", "*"]
    with pytest.raises(ValueError):
        parse_path("a..b[")


def test_ignore_changes_keeps_old_values_at_nested_paths():
    old = {"name": "a", "settings": {"note": "v1", "keep": 1}, "list": [{"x": 1}, {"x": 2}], "size": 1}
    new = {"name": "b", "settings": {"note": "v2", "keep": 2}, "list": [{"x": 9}, {"x": 8}], "size": 5}
    result = apply_ignore_changes(old, new, ["settings.note", "list[*].x", "size"])
    assert result == {
        "name": "b",
        "settings": {"note": "v1", "keep": 2},
        "list": [{"x": 1}, {"x": 2}],
        "size": 1,
    }
    assert new["settings"]["note"] == "v2"  # the registration's inputs are not modified
    # A property the old state never had stays absent.
    assert apply_ignore_changes({"name": "a"}, {"name": "a", "extra": 1}, ["extra"]) == {"name": "a"}


def test_replace_on_changes_looks_at_the_named_paths_only():
    old = {"config": {"mode": "a", "label": "x"}}
    assert changed_at(old, {"config": {"mode": "b", "label": "x"}}, "config.mode")
    assert not changed_at(old, {"config": {"mode": "a", "label": "y"}}, "config.mode")
    assert changed_at(old, {"config": {"mode": "a", "label": "y"}}, "*")


def test_planning_an_existing_resource():
    old = {"name": "a", "size": 1, "kind": "k1"}
    same = plan_custom(
        old,
        old,
        DiffResult(changes=False),
        replace_on_changes=[],
        delete_before_replace=None,
        provider_changed=False,
    )
    assert same.op == Op.SAME
    update = plan_custom(
        old,
        {**old, "size": 2},
        DiffResult(changes=True, diffs=["size"]),
        replace_on_changes=[],
        delete_before_replace=None,
        provider_changed=False,
    )
    assert (update.op, update.diff_reasons, update.detailed_diff) == (Op.UPDATE, ["size"], {"size": "update"})
    # No answer from the provider: the engine diffs the inputs (added keys included).
    fallback = plan_custom(
        old,
        {**old, "tags": ["x"]},
        DiffResult(changes=None),
        replace_on_changes=[],
        delete_before_replace=None,
        provider_changed=False,
    )
    assert (fallback.op, fallback.diff_reasons, fallback.detailed_diff) == (
        Op.UPDATE,
        ["tags"],
        {"tags": "add"},
    )
    forced = plan_custom(
        old,
        {**old, "size": 2},
        DiffResult(changes=True, diffs=["size"]),
        replace_on_changes=["size"],
        delete_before_replace=None,
        provider_changed=False,
    )
    assert (forced.op, forced.replace_reasons, forced.detailed_diff) == (
        Op.REPLACE,
        ["size"],
        {"size": "update-replace"},
    )
    provider = plan_custom(
        old,
        old,
        DiffResult(changes=False),
        replace_on_changes=[],
        delete_before_replace=None,
        provider_changed=True,
    )
    assert provider.op == Op.REPLACE
    dbr = plan_custom(
        old,
        {**old, "kind": "k2"},
        DiffResult(changes=True, replaces=["kind"], delete_before_replace=True),
        replace_on_changes=[],
        delete_before_replace=None,
        provider_changed=False,
    )
    assert dbr.delete_before_replace
    overridden = plan_custom(
        old,
        {**old, "kind": "k2"},
        DiffResult(changes=True, replaces=["kind"], delete_before_replace=True),
        replace_on_changes=[],
        delete_before_replace=False,
        provider_changed=False,
    )
    assert not overridden.delete_before_replace


def _state(name: str, parent: str = STACK, deps: tuple[str, ...] = (), **extra: object) -> ResourceState:
    return ResourceState(
        urn=f"urn:pulumi:dev::proj::t:i:T::{name}",
        custom=True,
        type="t:i:T",
        parent=parent,
        dependencies=list(deps),
        **extra,
    )


def test_deletes_go_dependents_first_in_parallel_waves():
    provider = ResourceState(
        urn="urn:pulumi:dev::proj::pulumi:providers:t::default",
        custom=True,
        type="pulumi:providers:t",
        id="p1",
    )
    a = _state("a", provider=provider.provider_ref())
    b = _state("b", deps=(a.urn,), provider=provider.provider_ref())
    c = _state("c", parent=a.urn)
    d = _state("d", property_dependencies={"x": [b.urn]})
    e = _state("e")
    waves = schedule([Condemned(s, Op.DELETE) for s in (provider, a, b, c, d, e)])
    names = [sorted(item.state.urn.rsplit("::", 1)[-1] for item in wave) for wave in waves]
    assert names == [["c", "d", "e"], ["b"], ["a"], ["default"]]


def test_a_dependency_cycle_among_deletes_is_reported():
    a = _state("a", deps=("urn:pulumi:dev::proj::t:i:T::b",))
    b = _state("b", deps=(a.urn,))
    with pytest.raises(ValueError, match="cycle"):
        schedule([Condemned(a, Op.DELETE), Condemned(b, Op.DELETE)])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (3600, "3600"),
        (2.5, "2.5"),
        (999999, "999999"),
        (1000000, "1e+06"),
        (123456789, "1.23456789e+08"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (-7, "-7"),
    ],
)
def test_numbers_print_like_go(value, text):
    assert go_number(value) == text


def test_strings_quote_like_go():
    assert go_quote('a"b\\c\nd\té\x01') == '"a\\"b\\\\c\\nd\\té\\x01"'
