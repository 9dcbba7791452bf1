"""mskg.web.heap: freed memory goes back to the system. Each case runs in a fresh interpreter, measured by
its resident anonymous memory (mskg.web.limits.anonymous_memory)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's heap")

SCRIPT = """
import os, sys
from mskg.web import heap
from mskg.web.limits import anonymous_memory

def held():
    return anonymous_memory(os.getpid()) >> 20

if sys.argv[1] == "unmap":
    heap.unmap_large_buffers()
big = bytearray(30 << 20)  # an answer-sized buffer, freed: glibc then keeps buffers up to its size
del big
base = held()
buffers = [bytearray(8 << 20) for _ in range(8)]
pin = bytearray(200_000)  # something allocated after them: the heap cannot simply shrink
del buffers
kept = held() - base
blocks = [bytearray(64 << 10) for _ in range(2000)]
del blocks[::2]  # half of 125 MiB freed, in holes between live blocks
before_trim = held() - base
heap.give_back_free_memory()
print(kept, before_trim - (held() - base))
"""


def run(mode: str) -> tuple[int, int]:
    """(MiB kept after freeing 64 MiB of 8 MiB buffers, MiB given back by give_back_free_memory)."""
    done = subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    kept, returned = map(int, done.stdout.split())
    return kept, returned


def test_large_buffers_are_unmapped_when_freed():
    assert run("default")[0] >= 48  # glibc's own behaviour: it keeps them
    assert run("unmap")[0] < 8


def test_free_memory_between_live_blocks_is_given_back():
    assert run("unmap")[1] >= 40
