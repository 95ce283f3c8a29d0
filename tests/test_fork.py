"""The map over forked processes that renders the guidelines on every core: the same results in the same order
as one process, each share run elsewhere, and a child's failure reported in the parent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.build.fork import ChildFailed, _shares, forked_map


def _where(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def test_results_come_back_in_order_and_the_later_shares_run_in_other_processes():
    items = list(range(40))
    results = forked_map(_where, items, weight=lambda i: 1 + (i % 7), processes=3)
    assert [value for value, _pid in results] == [i * i for i in items]
    pids = [pid for _value, pid in results]
    assert pids[0] == os.getpid() and len(set(pids)) == 3
    # Each process took one run of items, in order.
    assert pids == sorted(pids, key=pids.index)


def test_shares_are_runs_of_about_equal_weight_and_never_empty():
    weights = [100, 1, 1, 1, 1, 100, 1, 1]
    shares = _shares(list(range(8)), lambda i: weights[i], 2)
    assert sum(shares, []) == list(range(8))
    assert [sum(weights[i] for i in s) for s in shares] == [103, 103]
    assert [len(s) for s in _shares([1, 2, 3], lambda i: 1, 3)] == [1, 1, 1]


def _forks() -> list[int]:
    """This process's children that are copies of it (a fork has its command line), finished or not."""
    me = Path(f"/proc/{os.getpid()}/cmdline").read_bytes()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == os.getpid() \
                    and (entry / "cmdline").read_bytes() in (me, b""):
                found.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def _fails_on_30(item: int) -> int:
    if item == 30:
        raise ValueError("mal på side 30")
    return item


def test_a_failure_in_a_child_is_raised_in_the_parent_with_its_message_and_no_child_is_left():
    with pytest.raises(ChildFailed, match="ValueError: mal på side 30"):
        forked_map(_fails_on_30, list(range(40)), processes=2)
    assert _forks() == []
    with pytest.raises(ValueError, match="mal på side 30"):  # in the parent's own share: raised as it is
        forked_map(_fails_on_30, list(range(32)), processes=1)
