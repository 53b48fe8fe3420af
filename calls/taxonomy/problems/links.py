"""Addresses of the calls and moments behind each number of top problems and co-occurrence:
the call list filtered as the number was counted (calls/filters.py), and the moments page."""

from __future__ import annotations

from django.urls import reverse

from calls.models import Tag, TagCategory
from calls.taxonomy.problems.scope import Scope


def calls_url(
    scope: Scope,
    *,
    tag: Tag | None = None,
    also: Tag | None = None,
    category: TagCategory | None = None,
) -> str:
    """The analysed calls of the scope; with a tag (and `also` a second one: calls having both),
    or a category (calls with any of its tags)."""
    return (
        reverse("calls:list")
        + "?"
        + scope.query(
            tag=tag.code if tag is not None else None,
            also_tag=also.code if also is not None else None,
            category=category.pk if category is not None else None,
        )
    )


def moments_url(scope: Scope, tag: Tag) -> str:
    """The moments of audio (phrase evidence) behind a tag's count in the scope's calls."""
    return reverse("taxonomy:problem-moments") + "?" + scope.query(tag=tag.code)
