"""A map over several processes made by fork, for the stages before MkDocs starts, which would otherwise leave
every core but one idle.

A forked child starts with the parent's memory as it is, so the library is not pickled to reach it; it sends
back only its results (a guideline's pages are compressed bytes), through a temporary file rather than a pipe,
which would fill and stop the child while the parent is busy with its own share.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import tempfile
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class ChildFailed(Exception):
    """The work failed in a child process; carries the child's error as text."""


def forked_map(work: Callable[[T], R], items: Sequence[T], weight: Callable[[T], int] = lambda item: 1,
               processes: int | None = None) -> list[R]:
    """[work(item) for item in items], in up to `processes` processes (one per core), the items cut into
    runs of about equal weight. Falls back to this process alone where fork is missing or there is one core."""
    shares = _shares(items, weight, min(processes or os.cpu_count() or 1, len(items)))
    if len(shares) < 2 or not hasattr(os, "fork"):
        return [work(item) for item in items]
    children, running = [], set()
    frozen = gc.get_freeze_count()  # a build freezes its library once it is checked (pipeline._collector_held)
    gc.freeze()  # the collector would write to every shared object, and so copy the parent's memory into each child
    try:
        for share in shares[1:]:
            results = tempfile.TemporaryFile()
            pid = os.fork()
            if pid == 0:
                _child(work, share, results)
            children.append((pid, results))
            running.add(pid)
        mine = [work(item) for item in shares[0]]
        for pid, results in children:
            os.waitpid(pid, 0)
            running.discard(pid)
            results.seek(0)
            try:
                outcome, value = pickle.load(results)
            except (EOFError, pickle.UnpicklingError):
                outcome, value = "error", "the child process ended without a result"
            if outcome != "ok":
                raise ChildFailed(value)
            mine += value
        return mine
    finally:
        for pid in running:  # the parent failed first
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        for _pid, results in children:
            results.close()
        if not frozen:
            gc.unfreeze()


def _child(work: Callable, share: Sequence, results) -> None:
    """Runs in the child: the work, its results (or its error) into the file, then out without the parent's
    clean-up (atexit, open buffers, finally blocks further up)."""
    try:
        try:
            payload = pickle.dumps(("ok", [work(item) for item in share]), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as error:  # reported by the parent, which names the stage
            payload = pickle.dumps(("error", f"{type(error).__name__}: {error}"))
        results.write(payload)
        results.flush()
    finally:
        os._exit(0)


def _shares(items: Sequence[T], weight: Callable[[T], int], count: int) -> list[list[T]]:
    """The items in order, cut into `count` runs of about equal total weight (none empty)."""
    if count < 2:
        return [list(items)]
    total = sum(weight(item) for item in items)
    shares: list[list[T]] = [[]]
    done = 0
    for index, item in enumerate(items):
        left = len(items) - index
        due = total * len(shares) / count
        if shares[-1] and len(shares) < count and (done >= due or left <= count - len(shares)):
            shares.append([])
        shares[-1].append(item)
        done += weight(item)
    return shares
