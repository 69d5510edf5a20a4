"""Reading and writing beside the projecting: a thread fetches the next rows and another writes
the last ones while Python works on the current ones. The drivers release the interpreter lock
while they wait for the database, so the database's work (a scan, a ``COPY``) and the
projection's overlap instead of taking turns."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")
CHUNK_ITEMS = 2_000
QUEUED_CHUNKS_MAX = 4  # bounds the memory a fast producer may fill
_DONE = object()


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def prefetched(items: Iterable[T]) -> Iterator[T]:
    """``items``, produced by a thread of their own a few chunks ahead."""
    chunks: queue.Queue[object] = queue.Queue(QUEUED_CHUNKS_MAX)
    stop = threading.Event()

    def produce() -> None:
        try:
            chunk: list[T] = []
            for item in items:
                chunk.append(item)
                if len(chunk) >= CHUNK_ITEMS:
                    if not _put(chunks, chunk, stop):
                        return
                    chunk = []
            _put(chunks, chunk, stop)
            _put(chunks, _DONE, stop)
        except BaseException as error:  # handed to the consumer, raised there
            _put(chunks, _Failure(error), stop)

    thread = threading.Thread(target=produce, name="bulk-reader", daemon=True)
    thread.start()
    try:
        while (chunk := chunks.get()) is not _DONE:
            if isinstance(chunk, _Failure):
                raise chunk.error
            yield from chunk  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()


def _put(chunks: queue.Queue[object], item: object, stop: threading.Event) -> bool:
    while not stop.is_set():
        try:
            chunks.put(item, timeout=0.1)
            return True
        except queue.Full:
            continue
    return False


class Writer(Generic[T]):
    """Writes each item handed to it with ``write``, in order, in a thread; ``close`` waits for
    the last and raises the first error (as does the next ``put`` after one)."""

    def __init__(self, write: Callable[[T], None]) -> None:
        self._write = write
        self._items: queue.Queue[object] = queue.Queue(2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="bulk-writer", daemon=True)
        self._thread.start()

    def put(self, item: T) -> None:
        self._raise()
        self._items.put(item)

    def close(self) -> None:
        self._items.put(_DONE)
        self._thread.join()
        self._raise()

    def _run(self) -> None:
        while (item := self._items.get()) is not _DONE:
            if self._error is None:
                try:
                    self._write(item)  # type: ignore[arg-type]
                except BaseException as error:
                    self._error = error

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error
