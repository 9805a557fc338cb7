"""The rotation schedule generator, free of the database so it is fast and easy to test.

Every trainee visits every partner once, one partner per period, so the number of
periods equals the number of partners. The plan is found in two steps:

1. How many trainees each partner hosts in each period (a partners x periods load
   matrix, every row and column summing to the number of trainees), as balanced as
   the capacities allow: a max-flow with the per-cell limit raised from
   ceil(N / K) until the flow is complete or the capacities are exhausted.
2. Which trainee goes where: a matrix with equal row and column sums splits into
   that many permutations (Birkhoff-von Neumann / Konig), one per trainee, found by
   repeated perfect matchings. With N = K and capacity 1 this is a Latin square.
"""

from collections import deque
from dataclasses import dataclass


class PlanningError(Exception):
    """No plan exists; `message` says which period or partner is short."""

    def __init__(self, message: str, *, period: int | None = None, partner: int | None = None):
        super().__init__(message)
        self.message = message
        self.period = period
        self.partner = partner


@dataclass(frozen=True)
class Shortage:
    kind: str  # "period", "partner", "periods" or "partners"
    index: int | None
    room: int
    needed: int


def _max_flow(capacity: list[list[int]], source: int, sink: int) -> tuple[int, list[list[int]]]:
    """Edmonds-Karp on a small dense graph; returns (flow value, flow matrix)."""
    size = len(capacity)
    flow = [[0] * size for _ in range(size)]
    total = 0
    while True:
        parent = [-1] * size
        parent[source] = source
        queue = deque([source])
        while queue and parent[sink] == -1:
            node = queue.popleft()
            for nxt in range(size):
                if parent[nxt] == -1 and capacity[node][nxt] - flow[node][nxt] > 0:
                    parent[nxt] = node
                    queue.append(nxt)
        if parent[sink] == -1:
            return total, flow
        bottleneck, node = None, sink
        while node != source:
            prev = parent[node]
            room = capacity[prev][node] - flow[prev][node]
            bottleneck = room if bottleneck is None else min(bottleneck, room)
            node = prev
        node = sink
        while node != source:
            prev = parent[node]
            flow[prev][node] += bottleneck
            flow[node][prev] -= bottleneck
            node = prev
        total += bottleneck


def _load(n: int, caps: list[list[int]], limit: int) -> tuple[int, list[list[int]]]:
    """Max flow partners -> periods with every cell limited to min(capacity, limit)."""
    k = len(caps)
    source, sink = 2 * k, 2 * k + 1
    graph = [[0] * (2 * k + 2) for _ in range(2 * k + 2)]
    for j in range(k):
        graph[source][j] = n
        graph[k + j][sink] = n
        for p in range(k):
            graph[j][k + p] = min(caps[j][p], limit)
    value, flow = _max_flow(graph, source, sink)
    return value, [[flow[j][k + p] for p in range(k)] for j in range(k)]


def shortage(n: int, caps: list[list[int]]) -> Shortage | None:
    """The first reason `n` trainees cannot be planned with these capacities, if any."""
    k = len(caps)
    for p in range(k):
        room = sum(min(caps[j][p], n) for j in range(k))
        if room < n:
            return Shortage("period", p, room, n)
    for j in range(k):
        room = sum(min(caps[j][p], n) for p in range(k))
        if room < n:
            return Shortage("partner", j, room, n)
    value, _flow = _load(n, caps, n)
    if value < n * k:
        return Shortage("periods", None, value, n * k)
    return None


def _perfect_matching(support: list[list[int]], preferred_shift: int) -> list[int]:
    """A perfect matching period -> partner on cells with a positive count (Kuhn's algorithm).

    Partners are tried in a rotated order so that an unconstrained plan comes out as
    the familiar cyclic Latin square.
    """
    k = len(support)
    match_partner = [-1] * k  # partner j -> period p
    assignment = [-1] * k  # period p -> partner j

    def try_period(p: int, seen: list[bool]) -> bool:
        for step in range(k):
            j = (p + preferred_shift + step) % k
            if support[j][p] > 0 and not seen[j]:
                seen[j] = True
                if match_partner[j] == -1 or try_period(match_partner[j], seen):
                    match_partner[j] = p
                    assignment[p] = j
                    return True
        return False

    for p in range(k):
        if not try_period(p, [False] * k):
            raise PlanningError("no perfect matching")  # cannot happen for a regular matrix
    return assignment


def generate(n: int, caps: list[list[int]]) -> list[list[int]]:
    """Plan `n` trainees over `len(caps)` partners and as many periods.

    `caps[j][p]` is how many trainees partner j can still take in period p (0 when
    blocked). Returns, per trainee, the partner index of every period. Raises
    PlanningError (with the short period or partner) when no plan exists.
    """
    k = len(caps)
    if k == 0 or n == 0:
        return [[] for _ in range(n)]
    problem = shortage(n, caps)
    if problem is not None:
        raise PlanningError(
            problem.kind,
            period=problem.index if problem.kind == "period" else None,
            partner=problem.index if problem.kind == "partner" else None,
        )
    # The cyclic pattern (trainee i at partner (i + p) mod K) puts floor or ceil of N / K
    # in every cell; use it when the capacities allow, else the most balanced flow.
    load = [[sum(1 for i in range(n) if (i + p) % k == j) for p in range(k)] for j in range(k)]
    if any(load[j][p] > caps[j][p] for j in range(k) for p in range(k)):
        limit = -(-n // k)  # ceil: the balanced load
        while True:
            value, load = _load(n, caps, limit)
            if value == n * k:
                break
            limit += 1
    plan = []
    for trainee in range(n):
        assignment = _perfect_matching(load, trainee)
        for p, j in enumerate(assignment):
            load[j][p] -= 1
        plan.append(assignment)
    return plan
