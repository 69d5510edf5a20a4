"""A small HTTP/1.1 load generator on asyncio streams: ``clients`` keep-alive connections, each
sending the same POST back to back.

It shares the machine's cores with the server it measures, so each request costs it as little
as it can: the request bytes are built once, a response is framed by its Content-Length with
one scan of the head, and the only per-request bookkeeping is two clock reads and an append."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from scripts.benchmarks.report import percentile

HEAD_END = b"\r\n\r\n"
CONTENT_LENGTH = b"\r\ncontent-length:"
ERROR_BODY_CHARS = 300


class ProtocolError(Exception):
    """The server answered something this client cannot frame as an HTTP/1.1 response."""


@dataclass(frozen=True)
class LoadResult:
    clients: int
    requests: int  # completed after the warm-up
    seconds: float  # from the end of the warm-up to the last response
    rate: float  # requests per second
    p50_ms: float
    p99_ms: float
    # Non-200 responses and broken connections over the whole run, warm-up included, so that
    # no failure goes unseen; error_detail says which.
    errors: int
    error_detail: str
    # 200 responses whose body differs from sample_body (the first 200 body received).
    other_bodies: int
    sample_body: bytes


@dataclass
class _Tally:
    """What all clients of one run share: the latencies and errors they saw."""

    latencies: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    first_failure_body: bytes = b""
    sample_body: bytes | None = None
    other_bodies: int = 0
    last_response: float = 0.0

    def fail(self, what: str, body: bytes = b"") -> None:
        if not self.failures:
            self.first_failure_body = body
        self.failures[what] += 1


async def run_load(
    host: str,
    port: int,
    path: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    clients: int,
    seconds: float,
    warmup_s: float,
) -> LoadResult:
    request = _request_bytes(host, port, path, body, headers)
    tally = _Tally()
    started = time.perf_counter()
    measure_from = started + warmup_s
    until = measure_from + seconds
    await asyncio.gather(
        *(_client(host, port, request, measure_from, until, tally) for _ in range(clients))
    )
    elapsed = max(tally.last_response - measure_from, 1e-9)
    samples = sorted(tally.latencies)
    return LoadResult(
        clients=clients,
        requests=len(samples),
        seconds=elapsed,
        rate=len(samples) / elapsed,
        p50_ms=percentile(samples, 0.50) * 1000 if samples else 0.0,
        p99_ms=percentile(samples, 0.99) * 1000 if samples else 0.0,
        errors=sum(tally.failures.values()),
        error_detail=_describe_failures(tally),
        other_bodies=tally.other_bodies,
        sample_body=tally.sample_body or b"",
    )


def load(
    host: str,
    port: int,
    path: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    clients: int,
    seconds: float,
    warmup_s: float,
) -> LoadResult:
    return asyncio.run(
        run_load(
            host, port, path, body, headers, clients=clients, seconds=seconds, warmup_s=warmup_s
        )
    )


async def _client(
    host: str, port: int, request: bytes, measure_from: float, until: float, tally: _Tally
) -> None:
    clock = time.perf_counter
    latencies = tally.latencies
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while (sent := clock()) < until:
            try:
                writer.write(request)
                status, answer, closing = await _read_response(reader)
            except (OSError, asyncio.IncompleteReadError, ProtocolError) as error:
                # A broken connection is an error of the run, not of this client: count it,
                # connect again and go on (the connect raises if the server is gone).
                tally.fail(f"{type(error).__name__}: {error}")
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
                continue
            done = clock()
            if sent >= measure_from:
                latencies.append(done - sent)
                tally.last_response = max(tally.last_response, done)
            if status != 200:
                tally.fail(f"HTTP {status}", answer)
            elif tally.sample_body is None:
                tally.sample_body = answer
            elif answer != tally.sample_body:
                tally.other_bodies += 1
            if closing:
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """One response: its status, its body, and whether the server closes the connection."""
    head = await reader.readuntil(HEAD_END)
    if not head.startswith(b"HTTP/1."):
        raise ProtocolError(f"not an HTTP/1.x status line: {head[:40]!r}")
    status = int(head[9:12])
    lower = head.lower()
    at = lower.find(CONTENT_LENGTH)
    if at >= 0:
        start = at + len(CONTENT_LENGTH)
        length = int(lower[start : lower.index(b"\r\n", start)])
        answer = await reader.readexactly(length) if length else b""
    elif b"\r\ntransfer-encoding: chunked" in lower:
        answer = await _read_chunked(reader)
    else:
        raise ProtocolError("a response with neither Content-Length nor chunked encoding")
    return status, answer, b"\r\nconnection: close" in lower


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")  # no trailers expected: the final empty line
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


def _request_bytes(
    host: str, port: int, path: str, body: bytes, headers: Mapping[str, str]
) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _describe_failures(tally: _Tally) -> str:
    if not tally.failures:
        return ""
    counts = ", ".join(f"{n} × {what}" for what, n in tally.failures.most_common())
    first = tally.first_failure_body[:ERROR_BODY_CHARS].decode("utf-8", "replace")
    return f"{counts}; first body: {first!r}" if first else counts
