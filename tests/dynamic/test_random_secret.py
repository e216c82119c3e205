"""RandomSecretProvider: what it draws, what it refuses, and when it draws again.

The lifecycle through the engine (kept across `up`s, replaced when keepers change, never in
plain text in state or previews) is in `test_encrypted_key.py`, where the password is used.
"""

from __future__ import annotations

import string

import pytest
from pulumi.output import Unknown

from gcx.dynamic.random_secret import (
    MAX_LENGTH,
    MIN_LENGTH,
    SPECIAL_CHARACTERS,
    RandomSecretProvider,
    draw,
)

PROVIDER = RandomSecretProvider()


@pytest.mark.parametrize("special", [False, True])
def test_every_character_class_is_present_and_nothing_else(special: bool):
    allowed = set(string.ascii_letters + string.digits + (SPECIAL_CHARACTERS if special else ""))
    for _ in range(200):
        value = draw(MIN_LENGTH, special)
        assert len(value) == MIN_LENGTH
        assert set(value) <= allowed
        assert any(c.islower() for c in value) and any(c.isupper() for c in value)
        assert any(c.isdigit() for c in value)
        if special:
            assert any(c in SPECIAL_CHARACTERS for c in value)


def test_special_characters_leave_out_option_file_and_shell_syntax():
    assert not set(SPECIAL_CHARACTERS) & set("#;=\"'\\ `|")


def test_draws_differ():
    assert len({draw(32, False) for _ in range(50)}) == 50


def test_check_normalizes_numbers_and_missing_keepers():
    result = PROVIDER.check({}, {"length": 32.0, "special": False})
    assert result.failures == []
    assert result.inputs["length"] == 32 and isinstance(result.inputs["length"], int)
    assert result.inputs["keepers"] == {}


@pytest.mark.parametrize(
    ("news", "prop", "words"),
    [
        ({"length": MIN_LENGTH - 1, "special": False}, "length", f"from {MIN_LENGTH} to {MAX_LENGTH}"),
        ({"length": MAX_LENGTH + 1, "special": False}, "length", "whole number"),
        ({"length": 20.5, "special": False}, "length", "whole number"),
        ({"length": 20, "special": "yes"}, "special", "true or false"),
        ({"length": 20, "special": False, "keepers": ["a"]}, "keepers", "map of names to values"),
    ],
)
def test_check_refuses_bad_inputs_naming_the_property(news: dict, prop: str, words: str):
    failures = PROVIDER.check({}, news).failures
    assert [f.property for f in failures] == [prop]
    assert words in failures[0].reason


def test_check_lets_unknowns_through_in_preview():
    assert (
        PROVIDER.check({}, {"length": Unknown(), "special": Unknown(), "keepers": Unknown()}).failures == []
    )


def test_create_draws_once_with_an_id_unrelated_to_the_secret():
    inputs = PROVIDER.check({}, {"length": 24, "special": True, "keepers": {"k": "1"}}).inputs
    created = PROVIDER.create(inputs)
    result = created.outs["result"]
    assert len(result) == 24 and any(c in SPECIAL_CHARACTERS for c in result)
    assert created.outs["keepers"] == {"k": "1"} and created.outs["length"] == 24
    assert result not in created.id and created.id not in result
    assert PROVIDER.read(created.id, created.outs).outs["result"] == result


def test_diff_replaces_on_length_special_or_keepers_only():
    olds = {
        **PROVIDER.check({}, {"length": 24, "special": False, "keepers": {"k": "1"}}).inputs,
        "result": "x",
    }

    def diff(**changes: object):
        news = PROVIDER.check({}, {"length": 24, "special": False, "keepers": {"k": "1"}, **changes}).inputs
        return PROVIDER.diff("id", olds, news)

    same = diff()
    assert same.changes is False and same.replaces == []
    assert diff(keepers={"k": "2"}).replaces == ["keepers"]
    assert diff(length=25).replaces == ["length"]
    assert diff(special=True).replaces == ["special"]
    assert diff(length=24.0).changes is False  # the wire's doubles are not a change
    unknown = diff(keepers=Unknown())
    assert unknown.changes is True and unknown.replaces == ["keepers"]
