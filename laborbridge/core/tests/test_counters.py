"""Rate-limit counters stay exact when many processes count at once (laborbridge/core/counters.py)."""

import threading

import pytest
import redis
from django.core.cache.backends.redis import RedisCache

from laborbridge.core import counters

REDIS = "redis://127.0.0.1:6379/15"


def redis_answers() -> bool:
    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.django_db
def test_a_counter_counts_and_starts_again_after_its_window(settings):
    assert [counters.count_hit("test:a", 60) for _ in range(3)] == [1, 2, 3]
    counters.cache.delete("test:a")
    assert counters.count_hit("test:a", 60) == 1


@pytest.mark.skipif(not redis_answers(), reason="no Redis at 127.0.0.1:6379")
def test_hits_from_many_threads_at_once_are_all_counted_in_redis(monkeypatch):
    cache = RedisCache(REDIS, {"KEY_PREFIX": "laborbridge-test-counters"})
    monkeypatch.setattr(counters, "cache", cache)
    cache.delete("hits")
    start = threading.Barrier(8)

    def hit_fifty():
        start.wait()
        for _ in range(50):
            counters.count_hit("hits", 60, sliding=True)

    threads = [threading.Thread(target=hit_fifty) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("hits") == 400
    cache.delete("hits")
