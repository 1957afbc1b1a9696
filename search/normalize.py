"""Whoosh's `normalize` of a parsed query, without its deep copies.

Whoosh's CompoundQuery.normalize merges a group into the group around it when both are
of one kind (an Or in an Or), and gives each merged member the product of the boosts
through `with_boost`, which deep-copies the member. An alternative of a rare name
(`Veenshoven` OR "veens hoven"^0.5) is such a group, of a phrase per searched field:
the copies were a third of parsing it. Here a merged member is copied shallowly (its
own parts are shared with the unnormalized query, which nothing keeps); everything
else is Whoosh's steps, in its order, and tests/search/test_query.py checks that the
result equals Whoosh's.
"""

from __future__ import annotations

import copy

from whoosh.query import And, Every, NullQuery, Or, Query

# The groups the parser makes; any other query normalizes itself (Whoosh's own).
_GROUPS = (And, Or)


def normalized(query: Query) -> Query:
    """`query.normalize()`, equal to Whoosh's result."""
    if type(query) not in _GROUPS:
        return query.normalize()
    members: list[Query] = []
    for sub in query.subqueries:
        sub = normalized(sub)
        if isinstance(sub, query.__class__):
            members += [_boosted(member, member.boost * sub.boost) for member in sub]
        else:
            members.append(sub)
    if all(member is NullQuery for member in members):
        return NullQuery
    if any(isinstance(member, Every) and member.fieldname is None for member in members):
        return Every()
    found = _distinct(members)
    if not found:
        return NullQuery
    if len(found) == 1:
        only = found[0]
        only_boost = getattr(only, "boost", 1.0)
        if not (query.boost == 1.0 and only_boost == 1.0):
            only = only.with_boost(only_boost * query.boost)
        return only
    result = query.__class__(found, boost=query.boost)
    if isinstance(query, Or) and result.__class__ is query.__class__:
        result.minmatch, result.scale = query.minmatch, query.scale
    return result


def _distinct(members: list[Query]) -> list[Query]:
    """The members without repeats and NullQuery, and without the other members of a
    field an Every of that field stands for (the parser makes no ranges to merge: the
    RangePlugin is removed, search.query.make_parser)."""
    every_fields: set[str | None] = set()
    kept: list[Query] = []
    for member in members:
        if member.field() in every_fields:
            continue
        if isinstance(member, Every):
            every_fields.add(member.fieldname)
        kept.append(member)
    found: list[Query] = []
    seen: set[Query] = set()
    for member in kept:
        if not isinstance(member, Every) and member.field() in every_fields:
            continue
        if member in seen:
            continue
        seen.add(member)
        found.append(member)
    return [member for member in found if member is not NullQuery]


def _boosted(query: Query, boost: float) -> Query:
    """`query.with_boost(boost)`, as a shallow copy where that is all Whoosh's does (its
    copy is deep); a query that passes the boost on to its parts does so itself."""
    if type(query).with_boost is not Query.with_boost:
        return query.with_boost(boost)
    found = copy.copy(query)
    found.boost = boost
    return found
