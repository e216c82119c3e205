"""Query parameter types shared by the API modules.

`QueryList` is every list-valued query parameter (`id`, `expand`, `permission`, ...). The
official SDKs send a `collection_format: csv` list as one comma-separated value
(`expand=skills,languages`), while other clients repeat the parameter (`id=a&id=b`); the real
API takes both, so both forms (and mixtures of them) give the same list. Empty items are dropped.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import AfterValidator

__all__ = ["QueryList", "split_csv"]


def split_csv(values: list[str] | None) -> list[str] | None:
    """`["a,b", "c"]` -> `["a", "b", "c"]`; None stays None (the parameter was not given)."""
    if values is None:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


QueryList = Annotated[list[str] | None, Query(), AfterValidator(split_csv)]
