"""``GET /v1/policies``: the kinds of personal information the policies look for.

The widget names a finding by its type ("전화번호로 보이는 부분이 있습니다"), in the
words each policy file gives, so a policy added by an operator is named as well as ours.
"""

from __future__ import annotations

import msgspec
from litestar import get
from litestar.datastructures import CacheControlHeader
from litestar.di import NamedDependency

from service.api.problems import documented
from service.pii.policy import Names
from service.runtime import Runtime


class PolicyType(msgspec.Struct, frozen=True):
    type: str
    names: Names


class PolicyTypes(msgspec.Struct, frozen=True):
    policy_version: str
    items: list[PolicyType]


@get(
    "/v1/policies",
    tags=["policies"],
    summary="Each type of personal information with its names in Korean and English",
    cache_control=CacheControlHeader(public=True, max_age=300),
    responses=documented(503),
)
async def list_policies(runtime: NamedDependency[Runtime]) -> PolicyTypes:
    scanner = runtime.scanner
    by_type: dict[str, Names] = {}
    for policy in scanner.policy_set.policies.values():
        by_type.setdefault(policy.type, policy.names)
    items = [PolicyType(type=name, names=names) for name, names in sorted(by_type.items())]
    return PolicyTypes(policy_version=scanner.version, items=items)
