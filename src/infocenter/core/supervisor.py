"""Keeps ``infocenter serve``'s children running (X-11): gunicorn and the background worker
run side by side; a child that dies (a crash, an out-of-memory kill) is logged and started
again after a back-off that doubles with each quick death (1 s, 2 s, 4 s … at most 60 s) and
resets once the child has stayed up a minute. The other child keeps running meanwhile."""

import logging
import subprocess
import threading
import time
from dataclasses import dataclass, field

log = logging.getLogger("infocenter.serve")

FIRST_BACKOFF = 1.0
MOST_BACKOFF = 60.0
STABLE_AFTER = 60.0


def backoff(deaths: int, *, first: float = FIRST_BACKOFF, most: float = MOST_BACKOFF) -> float:
    """Seconds to wait before the next start after ``deaths`` quick deaths in a row."""
    return min(most, first * 2 ** max(0, deaths - 1))


@dataclass
class Child:
    """One supervised process: its name for the log and the command that starts it."""

    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    deaths: int = 0
    restart_at: float | None = None
    restarts: int = field(default=0)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class Supervisor:
    """Starts ``children``, restarts any that dies (``check``), stops them all (``stop``)."""

    def __init__(self, children: list[Child], *, first: float = FIRST_BACKOFF):
        self.children = children
        self.first = first
        self.stopping = threading.Event()

    def start(self) -> None:
        for child in self.children:
            self._start(child)

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(child.argv)
        child.started_at, child.restart_at = time.monotonic(), None
        log.info("%s started (pid %s)", child.name, child.process.pid)

    def check(self) -> None:
        """One look at every child: note a death and schedule its restart; restart what is
        due."""
        now = time.monotonic()
        for child in self.children:
            if self.stopping.is_set():
                return
            if child.restart_at is not None:
                if now >= child.restart_at:
                    child.restarts += 1
                    self._start(child)
            elif not child.running:
                self._died(child, now)

    def _died(self, child: Child, now: float) -> None:
        quick = now - child.started_at < STABLE_AFTER
        child.deaths = child.deaths + 1 if quick else 1
        wait = backoff(child.deaths, first=self.first)
        child.restart_at = now + wait
        log.warning(
            "%s (pid %s) exited with %s; restarting in %.0f s",
            child.name,
            child.process.pid,
            child.process.returncode,
            wait,
        )

    def run(self, *, every: float = 0.5) -> None:
        """Start the children and keep them running until ``stop`` is called."""
        self.start()
        try:
            while not self.stopping.wait(every):
                self.check()
        finally:
            self.stop()

    def stop(self, *_) -> None:
        """Terminate every child and wait for them (called from a signal handler too)."""
        self.stopping.set()
        for child in self.children:
            if child.running:
                child.process.terminate()
        for child in self.children:
            if child.process is not None:
                try:
                    child.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.process.kill()
                    child.process.wait()
