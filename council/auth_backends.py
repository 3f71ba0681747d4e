"""The logged-in user from the shared cache, instead of a query on every request.

Only where every worker reads one cache (Redis, `REDIS_URL`): a save or delete of the user, in any
worker, drops the entry, so a new password (which ends the user's sessions), a deactivation or a
new name counts from the very next request. With a per-process cache a worker could keep a user
another worker has just deactivated, so without Redis this is plain `ModelBackend`.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

# A bound on staleness should a row change without save() (a bulk update, SQL by hand), or a
# request read the old row just before a commit and store it just after.
TIMEOUT = 60


def cache_key(user_id: Any) -> str:
    return f"auth-user:{user_id}"


def field_names() -> list[str]:
    return [field.attname for field in get_user_model()._meta.concrete_fields]


class CachedUserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> AbstractBaseUser | None:
        if not settings.AUTH_USER_CACHE:
            return super().get_user(user_id)
        names = field_names()
        cached = cache.get(cache_key(user_id))
        # The field list travels with the values: an entry from before a schema change is a miss.
        if cached is not None and cached[0] == names:
            user = get_user_model().from_db("default", names, cached[1])
            return user if self.user_can_authenticate(user) else None
        user = super().get_user(user_id)
        if user is not None:
            values = [getattr(user, name) for name in names]
            cache.set(cache_key(user_id), (names, values), TIMEOUT)
        return user


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def forget_user(sender: type, instance: AbstractBaseUser, **kwargs: Any) -> None:
    if settings.AUTH_USER_CACHE:
        key = cache_key(instance.pk)
        cache.delete(key)
        # Again once the change is committed: a request that read the old row meanwhile (the
        # save is not visible before the commit) may have stored it again.
        transaction.on_commit(lambda: cache.delete(key))
