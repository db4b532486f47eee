"""A lean HTTP/1.1 load generator: asyncio streams, keep-alive, one coroutine per client.

It competes with the server for the same cores, so it does as little as it can: requests
are prebuilt bytes, and a response is read by its Content-Length, nothing parsed beyond.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MakeRequest = Callable[[int, int], bytes]  # (client index, sequence number) -> raw request


@dataclass
class LoadResult:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def add(self, other: LoadResult) -> None:
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.errors += other.errors
        self.error_samples += other.error_samples[: 5 - len(self.error_samples)]


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = None
    close = False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection" and value.strip().lower() == b"close":
            close = True
    if length is None:
        body = await reader.read()
        close = True
    else:
        body = await reader.readexactly(length)
    return status, body, close


async def _client(
    index: int, host: str, port: int, make: MakeRequest, until: float, result: LoadResult
) -> None:
    sequence = 0
    reader = writer = None
    while time.perf_counter() < until:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            request = make(index, sequence)
            sequence += 1
            start = time.perf_counter()
            writer.write(request)
            status, body, close = await _read_response(reader)  # type: ignore[arg-type]
            if 200 <= status < 300:
                result.latencies.append(time.perf_counter() - start)
            else:
                result.errors += 1
                if len(result.error_samples) < 5:
                    result.error_samples.append(f"HTTP {status}: {body[:300]!r}")
            if close:
                writer.close()
                reader = writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as error:
            result.errors += 1
            if len(result.error_samples) < 5:
                result.error_samples.append(f"{type(error).__name__}: {error}")
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _run(host: str, port: int, make: MakeRequest, clients: int, seconds: float) -> LoadResult:
    result = LoadResult()
    start = time.perf_counter()
    until = start + seconds
    await asyncio.gather(*(_client(i, host, port, make, until, result) for i in range(clients)))
    result.seconds = time.perf_counter() - start
    return result


def run(host: str, port: int, make: MakeRequest, *, clients: int, seconds: float) -> LoadResult:
    """``clients`` concurrent keep-alive connections sending requests for ``seconds``."""
    return asyncio.run(_run(host, port, make, clients, seconds))
