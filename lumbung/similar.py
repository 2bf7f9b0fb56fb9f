"""Desa seperti desa saya": for each case, up to three cases a village head should read next.

The cases a file names in ``related`` come first, in its order. The rest are the cases
that share the most with it, among: Pasal 42 duties, topics, instrument types and
province. A shared value counts more when fewer cases have it (a province with three
cases says more than a duty every case has). Ties go to better-checked cases, then by id.

The work per case is bounded: at most ``CANDIDATES`` cases are scored, gathered from its
rarest values first (within a value, better-checked cases first, then by id). Up to that
many cases sharing its rarest value, the choice is exact; beyond it, it is the best
among those gathered. Scores are summed with ``math.fsum`` (exactly rounded), so the
order of a set never decides a tie.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from lumbung.catalog import CaseStudy, Catalog

LIMIT = 3
CANDIDATES = 64
STATUS_RANK = {"verified": 0, "reviewed": 1, "draft": 2}


@dataclass(frozen=True)
class Suggestion:
    case: CaseStudy
    explicit: bool  # named in the case's own `related`
    shared: tuple[tuple[str, str], ...]  # (kind, value) the two cases have in common


def signals(case: CaseStudy) -> frozenset[tuple[str, str]]:
    return frozenset(
        [("duty", d) for d in case.duties]
        + [("topic", t) for t in case.topics]
        + [("instrument", i.type) for i in case.instruments]
        + [("province", case.location.provinsi)]
    )


def _order(case: CaseStudy) -> tuple:
    return STATUS_RANK.get(case.status, 9), case.id


def similar_cases(catalog: Catalog, limit: int = LIMIT) -> dict[str, list[Suggestion]]:
    """Suggestions for every case, by case id (computed once per catalog)."""
    if limit not in catalog.similar_by_limit:
        catalog.similar_by_limit[limit] = _similar_cases(catalog, limit)
    return catalog.similar_by_limit[limit]


def _similar_cases(catalog: Catalog, limit: int) -> dict[str, list[Suggestion]]:
    order = {case.id: _order(case) for case in catalog.cases}
    cases = sorted(catalog.cases, key=lambda case: order[case.id])
    own = {case.id: signals(case) for case in cases}
    buckets: dict[tuple[str, str], list[CaseStudy]] = defaultdict(list)
    for case in cases:  # each bucket in preference order
        for signal in own[case.id]:
            buckets[signal].append(case)
    total = len(cases)
    weight = {signal: math.log(1 + total / len(members)) for signal, members in buckets.items()}

    result = {}
    for case in catalog.cases:
        explicit = [catalog.by_id[other] for other in case.related]
        chosen = [Suggestion(other, True, tuple(sorted(own[case.id] & own[other.id])))
                  for other in explicit]
        room = limit - len(chosen)
        if room > 0:
            skip = {case.id, *(other.id for other in explicit)}
            candidates: dict[str, CaseStudy] = {}
            for signal in sorted(own[case.id], key=lambda s: (len(buckets[s]), s)):
                for other in buckets[signal]:
                    if other.id not in skip and other.id not in candidates:
                        candidates[other.id] = other
                        if len(candidates) >= CANDIDATES:
                            break
                if len(candidates) >= CANDIDATES:
                    break
            mine = own[case.id]
            scored = []
            for other in candidates.values():
                shared = mine & own[other.id]
                scored.append((-math.fsum(map(weight.__getitem__, shared)), order[other.id], other,
                               shared))
            scored.sort(key=lambda item: item[:2])
            chosen += [Suggestion(other, False, tuple(sorted(shared)))
                       for _, _, other, shared in scored[:room]]
        result[case.id] = chosen
    return result
