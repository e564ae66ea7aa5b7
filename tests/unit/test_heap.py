"""shieldmap.ui.heap: after each full collection the survivors are frozen; cyclic garbage waits for a thaw."""

from __future__ import annotations

import gc
import weakref

import pytest

from shieldmap.ui import heap


class Node:
    pass


@pytest.fixture
def installed():
    heap.uninstall()
    assert heap.install(now=0.0) is True
    try:
        yield
    finally:
        heap.uninstall()


def _tracked(obj) -> bool:
    """Is ``obj`` in a generation the collector scans (frozen objects are in none of them)?"""
    return any(o is obj for o in gc.get_objects())


def test_a_full_collection_freezes_what_survives_it(installed):
    node = Node()
    assert _tracked(node)  # new: the next full collection scans it
    gc.collect()
    assert not _tracked(node)  # survived: frozen, no later full collection scans it
    fresh = Node()
    gc.collect(generation=1)  # a young collection freezes nothing
    assert _tracked(fresh)


def test_cyclic_garbage_among_frozen_objects_waits_for_the_thaw(installed):
    node = Node()
    node.me = node  # a cycle: reference counting alone cannot free it
    alive = weakref.ref(node)
    gc.collect()
    del node
    gc.collect()
    assert alive() is not None  # frozen: the collection did not see it
    assert heap.thaw_if_due(now=heap.THAW_SECONDS - 1) is False
    gc.collect()
    assert alive() is not None
    assert heap.thaw_if_due(now=heap.THAW_SECONDS + 1) is True
    gc.collect()
    assert alive() is None  # the full scan after the thaw reclaimed it
    assert heap.thaw_if_due(now=heap.THAW_SECONDS + 2) is False  # the next thaw is a full period later


def test_a_frozen_object_without_a_cycle_is_freed_at_once(installed):
    node = Node()
    alive = weakref.ref(node)
    gc.collect()
    assert not _tracked(node)
    del node
    assert alive() is None  # reference counting still frees frozen objects


def test_installed_once_per_process_and_thawed_by_before_run(installed):
    assert heap.install(now=5.0) is False
    node = Node()
    node.me = node
    alive = weakref.ref(node)
    gc.collect()
    del node
    heap.before_run(now=heap.THAW_SECONDS / 2)
    gc.collect()
    assert alive() is not None
    heap.before_run(now=heap.THAW_SECONDS * 2)
    gc.collect()
    assert alive() is None


def test_uninstalled_python_collects_as_usual():
    heap.uninstall()
    node = Node()
    node.me = node
    alive = weakref.ref(node)
    gc.collect()
    assert _tracked(node)
    del node
    gc.collect()
    assert alive() is None


def test_a_crowd_thaws_after_so_many_runs_whatever_the_time(installed):
    node = Node()
    node.me = node
    alive = weakref.ref(node)
    gc.collect()
    del node
    thawed = [heap.thaw_if_due(now=1.0) for _ in range(heap.THAW_RUNS)]
    assert thawed == [False] * (heap.THAW_RUNS - 1) + [True]
    gc.collect()
    assert alive() is None
    assert heap.thaw_if_due(now=1.0) is False  # counting starts again
