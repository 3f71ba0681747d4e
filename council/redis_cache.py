"""Django's Redis cache, keeping one client per connection pool.

Django's client builds a new `redis.Redis` for every call; in redis-py 8 that constructor costs
about 0.2 ms of Python (it fills a table of 300 reply callbacks), as much as the round trip to
Redis itself, and sessions and the user are read on every request. A client is thread-safe
over its pool, so one per pool is enough.
"""

from typing import Any

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # pools live as long as this object
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
