"""The load a fault test runs against a real server, and what it records.

Writers register establishments, each with a tax code and an idempotency key of its own. A write
that got no answer (the server killed mid-request, the connection refused) or a retryable one
(UNAVAILABLE) is sent again with the same key, as the API tells clients to, until it is
acknowledged: an acknowledged write is one whose answer carried a position. Every answer is
tallied, so a test can assert that none was INTERNAL or a 5xx. A health prober asks /healthz
throughout and keeps the times it took.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from api.auth import mint
from tests.e2e.api_client import KEYS

REGISTER = """mutation($tax: String!, $key: String) {
  registerEstablishment(input: {programCode: "BD-KC-2025", name: "Hợp tác xã Mây tre Phú Vinh",
    kind: "COOPERATIVE", taxCode: $tax, unitCode: "79", idempotencyKey: $key}) {
    userErrors { code message } position } }"""
RETRY_PAUSE_S = 0.05
ANSWER_TIMEOUT_S = 45  # longer than the server's own wait for the database (30 s)
PROBE_EVERY_S = 0.05
NO_ANSWER = "no answer"  # refused, reset or timed out: the outcome is unknown to the client


@dataclass
class Answer:
    status: int | None  # None: nothing answered
    text: str = ""

    def json(self) -> Any:
        return json.loads(self.text)

    @property
    def status_code(self) -> int:
        assert self.status is not None, "nothing answered"
        return self.status


def post(
    base: str,
    body: bytes | Iterable[bytes],
    headers: dict[str, str] | None = None,
    path: str = "/graphql",
    timeout_s: float = ANSWER_TIMEOUT_S,
) -> Answer:
    """One POST; any status is an answer, a connection error is `Answer(None)`."""
    request = urllib.request.Request(
        base + path,
        method="POST",
        data=body,  # an iterable without a length is sent chunked
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            return Answer(int(response.status), response.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(int(error.code), error.read().decode(errors="replace"))
    except OSError:
        return Answer(None)


def graphql(
    base: str, query: str, variables: dict[str, Any] | None = None, token: str | None = None
) -> Answer:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    return post(base, body, headers)


def token(role: str) -> str:
    return mint(KEYS, f"{role}.faults", role, None, 3600)


def error_codes(body: dict[str, Any]) -> list[str]:
    """The codes of a GraphQL answer's errors and of its payloads' user errors."""
    codes = [str(e.get("extensions", {}).get("code")) for e in body.get("errors") or []]
    for payload in (body.get("data") or {}).values():
        if isinstance(payload, dict):
            codes += [str(error["code"]) for error in payload.get("userErrors") or []]
    return codes


def outcome(answer: Answer) -> str:
    """How one answer is tallied: "ok", a 5xx, an error code, or no answer."""
    if answer.status is None:
        return NO_ANSWER
    if answer.status >= 500:
        return f"HTTP {answer.status}"
    try:
        codes = error_codes(answer.json())
    except ValueError:
        return f"HTTP {answer.status} without JSON"
    if answer.status != 200:
        return f"HTTP {answer.status} {codes[:1]}"
    return codes[0] if codes else "ok"


@dataclass
class Tally:
    """Every answer the load got, counted by outcome (thread-safe)."""

    counts: Counter[str] = field(default_factory=Counter)
    answers: list[tuple[float, float, str]] = field(default_factory=list)  # sent, took, outcome
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, what: str, sent: float, took: float) -> None:
        with self.lock:
            self.counts[what] += 1
            self.answers.append((sent, took, what))

    def answers_since(self, moment: float) -> list[tuple[float, float, str]]:
        with self.lock:
            return [answer for answer in self.answers if answer[0] >= moment]

    def sent_between(self, start: float, end: float) -> list[tuple[float, str]]:
        """(seconds to the answer, outcome) of each request sent between two moments."""
        with self.lock:
            return [(took, what) for sent, took, what in self.answers if start <= sent < end]

    def bad(self) -> dict[str, int]:
        """Answers no client may ever get: INTERNAL, a 5xx, anything but success or a retry."""
        fine = {"ok", "UNAVAILABLE", NO_ANSWER}
        return {what: n for what, n in self.counts.items() if what not in fine}


class Writers:
    """Threads that keep registering establishments against `base` until stopped."""

    def __init__(self, base: str, clients: int = 2, prefix: int = 37) -> None:
        self.base = base
        self.token = token("center")
        self.prefix = prefix
        self.tally = Tally()
        self.acknowledged: dict[str, int] = {}  # tax code -> the position its answer carried
        self.sent: set[str] = set()
        self.unexpected: list[str] = []  # the first words of each bad answer, for the failure
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._extra = 0
        self._threads = [
            threading.Thread(target=self._write, args=(n,), daemon=True) for n in range(clients)
        ]

    def __enter__(self) -> Writers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=ANSWER_TIMEOUT_S * 3)

    def one_more(self) -> None:
        """Sends one more write at once, from a thread of its own (the writers may all be
        waiting for answers): what a new client sees now."""
        with self._lock:
            self._extra += 1
            tax = f"{self.prefix:02d}99{self._extra:06d}"
            self.sent.add(tax)
        thread = threading.Thread(target=self._until_acknowledged, args=(tax,), daemon=True)
        self._threads.append(thread)
        thread.start()

    def wait_for_acknowledged(self, count: int, limit_s: float = 60) -> None:
        deadline = time.monotonic() + limit_s
        while len(self.acknowledged) < count:
            assert not self.tally.bad(), (self.tally.counts, self.unexpected[:3])
            assert time.monotonic() < deadline, f"only {len(self.acknowledged)} acknowledged"
            time.sleep(0.02)

    def first_success_after(self, moment: float, limit_s: float = 60) -> float:
        """Seconds from `moment` to the acknowledgement of the first write sent after it. (A
        write committed before a fault may be acknowledged after it: its read-back waits.)"""
        deadline = time.monotonic() + limit_s
        while True:
            answered = [
                sent + took for sent, took, what in self.tally.answers_since(moment) if what == "ok"
            ]
            if answered:
                return min(answered) - moment
            assert time.monotonic() < deadline, "no write succeeded again"
            time.sleep(0.01)

    def _write(self, client: int) -> None:
        for n in _counting():
            if self._stop.is_set():
                return
            tax = f"{self.prefix:02d}{client:02d}{n:06d}"
            with self._lock:
                self.sent.add(tax)
            self._until_acknowledged(tax)

    def _until_acknowledged(self, tax: str) -> None:
        # A write sent once is sent again until it has an answer, even after stop(): a write
        # left unknown could be neither counted as lost nor as acknowledged.
        variables = {"tax": tax, "key": f"faults-{tax}"}
        deadline = time.monotonic() + ANSWER_TIMEOUT_S * 2
        while time.monotonic() < deadline:
            sent = time.monotonic()
            answer = graphql(self.base, REGISTER, variables, self.token)
            what = outcome(answer)
            self.tally.add(what, sent, time.monotonic() - sent)
            if what == "ok":
                position = answer.json()["data"]["registerEstablishment"]["position"]
                with self._lock:
                    self.acknowledged[tax] = int(position)
                return
            if what not in (NO_ANSWER, "UNAVAILABLE"):
                self.unexpected.append(answer.text[:500])
                return  # tallied as bad; sending it again would hide nothing
            time.sleep(RETRY_PAUSE_S)


def _counting() -> Iterator[int]:
    n = 0
    while True:
        yield n
        n += 1


class HealthProbe:
    """Asks a path (/healthz) every PROBE_EVERY_S and keeps how long each answer took."""

    def __init__(self, base: str, path: str = "/healthz") -> None:
        self.url = base + path
        self.answered: list[float] = []  # seconds, of probes answered 200
        self.unanswered = 0  # while the server is down: nothing listens
        self.other: Counter[int] = Counter()
        self._stop = threading.Event()
        self._extra = 0
        self._thread = threading.Thread(target=self._probe, daemon=True)

    def __enter__(self) -> HealthProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _probe(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                with urllib.request.urlopen(self.url, timeout=10) as response:
                    code = int(response.status)
            except urllib.error.HTTPError as error:
                code = int(error.code)
            except OSError:
                self.unanswered += 1
                code = 0
            took = time.monotonic() - started
            if code == 200:
                self.answered.append(took)
            elif code:
                self.other[code] += 1
            self._stop.wait(PROBE_EVERY_S)

    def distribution(self) -> str:
        """p50, p99 and the slowest of the answered probes, in milliseconds."""
        if not self.answered:
            return "no probe answered"
        times = sorted(self.answered)
        p50 = times[len(times) // 2]
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        return (
            f"{len(times)} probes: p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
            f"max {times[-1] * 1000:.1f} ms"
        )
