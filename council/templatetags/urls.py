"""Leftovers for the apps still converting (hubs, subcommittees); the lead deletes this
module at merge."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.urls import NoReverseMatch, get_script_prefix, reverse

# Digits only, so every converter that takes an id (int, str, slug) accepts them; eleven
# digits each, so no marker is part of another or of a real path.
MARKERS = tuple(f"9876543210{i}" for i in range(10))
# For text arguments: a converter that takes these letters (str, slug) takes any slug, which
# reverse() would print unquoted. Other text goes through reverse().
WORD_MARKERS = tuple(f"qzxwordmarker{i}q" for i in range(10))
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=2048)
def _pieces(prefix: str, view_name: str, current_app: str | None, kinds: str) -> tuple[str, ...]:
    """The URL split around its arguments: ('/meetings/', '/') for meeting-detail. `kinds`
    has a letter per argument: "d" for an id, "w" for a slug. Empty when the pattern cannot be
    filled this way (then reverse() is used each time)."""
    if len(kinds) > len(MARKERS):
        return ()
    markers = [MARKERS[i] if kind == "d" else WORD_MARKERS[i] for i, kind in enumerate(kinds)]
    try:
        rest = reverse(view_name, args=markers, current_app=current_app)
    except NoReverseMatch:
        return ()
    pieces = []
    for marker in markers:
        head, found, rest = rest.partition(marker)
        if not found:
            return ()
        pieces.append(head)
    return (*pieces, rest)


def _kind(arg: Any) -> str:
    if type(arg) is int and arg >= 0:
        return "d"
    if isinstance(arg, str) and SLUG.fullmatch(arg):
        return "w"
    return ""


# Used by hubs and subcommittees until merge.
def fast_reverse(view_name: str, args: list[Any], current_app: str | None = None) -> str:
    """reverse(view_name, args=args), remembered per pattern when every argument is an id or
    a slug (a document kind, a workflow action)."""
    kinds = "".join(_kind(arg) for arg in args)
    if len(kinds) == len(args):
        pieces = _pieces(get_script_prefix(), view_name, current_app, kinds)
        if pieces:
            out = [pieces[0]]
            for arg, piece in zip(args, pieces[1:], strict=True):
                out += (str(arg), piece)
            return "".join(out)
    return reverse(view_name, args=args, current_app=current_app)


# Used by subcommittees until merge.
def id_url(view_name: str) -> Callable[[int], str]:
    """The link to `view_name` for one id, resolved once for a whole table's rows."""
    pieces = _pieces(get_script_prefix(), view_name, None, "d")
    if not pieces:
        return lambda pk: reverse(view_name, args=[pk])
    head, tail = pieces
    return lambda pk: f"{head}{pk}{tail}"
