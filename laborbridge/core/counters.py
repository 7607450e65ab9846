"""Counters of rate limits in the shared cache, exact across processes.

Reading a count and writing it back (`get` then `set`) loses counts when two gunicorn processes do it at once;
`incr` is one atomic command in Redis (production). On the database cache of one machine it is still a read
and a write, as before.
"""

from django.core.cache import cache


def count_hit(key: str, window: int, *, sliding: bool = False) -> int:
    """Add one to the counter `key` that lives `window` seconds and return it. Sliding: every hit keeps the
    counter for another whole window, so a caller who goes on trying stays counted until they pause."""
    cache.add(key, 0, timeout=window)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=window)
        used = 1
    if sliding:
        cache.touch(key, timeout=window)
    return used
