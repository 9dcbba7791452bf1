"""The C heap of the server's processes: memory they free is given back to the system, not kept.

glibc keeps memory a process frees for its later allocations, so a process
stays as large as its largest moment. Measured on the 10^6-observation store
(bench/RESULTS-memory.md):

- the server's process passes answers of up to tens of MB; after freeing
  one, glibc raises the size from which it maps a buffer on its own (and
  unmaps it when freed) and keeps later ones in its heap: +90 MiB after two
  rounds of three 32 MB answers, kept. `unmap_large_buffers` fixes that size
  at 1 MiB: +0 MiB;
- a query worker holds, after a query with a 32 MB answer, ~80 MiB of freed
  heap beside its store handle's caches; building the search index leaves
  ~50 MiB freed in the server's process. `give_back_free_memory`
  (malloc_trim) returns it, in a few milliseconds.

Without glibc (another C library), both do nothing.
"""

from __future__ import annotations

import ctypes

M_MMAP_THRESHOLD = -3
"""glibc's mallopt parameter: allocations of at least this many bytes are mapped on their own"""


def _glibc_function(name: str):
    try:
        return getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None


def unmap_large_buffers(size: int = 1 << 20) -> None:
    """Map every allocation of size bytes or more on its own, so that freeing it unmaps it."""
    mallopt = _glibc_function("mallopt")
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, size)


def give_back_free_memory() -> None:
    """Return the heap's free pages to the system (glibc's malloc_trim)."""
    malloc_trim = _glibc_function("malloc_trim")
    if malloc_trim is not None:
        malloc_trim(0)
