"""gunicorn, started and stopped by the benchmarks: a real WSGI server, as in production."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Gunicorn:
    """``gunicorn`` with ``workers`` gthread workers on ``ports`` of 127.0.0.1."""

    def __init__(
        self, app: str, ports: list[int], *, workers: int, threads: int, env: dict[str, str]
    ) -> None:
        self.app, self.ports, self.workers, self.threads = app, ports, workers, threads
        self.env = {**os.environ, **env}
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Gunicorn:
        command = [sys.executable, "-m", "gunicorn", self.app, "--workers", str(self.workers)]
        command += ["--worker-class", "gthread", "--threads", str(self.threads)]
        command += ["--log-level", "warning", "--keep-alive", "5", "--backlog", "512"]
        for port in self.ports:
            command += ["--bind", f"127.0.0.1:{port}"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 60
        for port in self.ports:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
                try:
                    url = f"http://127.0.0.1:{port}/bench/health/"
                    with urllib.request.urlopen(url, timeout=5) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
