"""The wire value model: secret wrapping, unknown detection and number normalisation."""

from gcx.engine.wire import (
    UNKNOWN,
    contains_secret,
    contains_unknown,
    make_secret,
    normalize_numbers,
    strip_secrets,
    unwrap_secret,
)


def test_secrets_wrap_once_and_strip_recursively():
    s = make_secret({"a": make_secret("x")})
    assert make_secret(s) is s
    assert contains_secret({"k": [1, s]})
    assert strip_secrets({"k": [1, s]}) == {"k": [1, {"a": "x"}]}
    assert unwrap_secret(s) == {"a": make_secret("x")}


def test_unknown_is_found_anywhere():
    assert contains_unknown({"a": [{"b": UNKNOWN}]})
    assert not contains_unknown({"a": ["b"]})


def test_integral_floats_become_ints_but_bools_stay():
    assert normalize_numbers({"a": 10.0, "b": [2.5, True, 3.0]}) == {"a": 10, "b": [2.5, True, 3]}
    assert isinstance(normalize_numbers(10.0), int)
