"""Meeting.search_text follows every save of a meeting or of one of its bullets, whatever
saves it (the meeting form, the admin, the demo seed), in the same transaction."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from council.models import Meeting, MeetingItem

SEARCHED = {"title", "place"}


@receiver(post_save, sender=Meeting)
def meeting_saved(
    sender: type, instance: Meeting, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    # raw: loaddata and restores bring the column as it was dumped. A save of other fields
    # only (the minutes' status, say) leaves the searched text as it was.
    if not raw and (update_fields is None or SEARCHED & set(update_fields)):
        Meeting.objects.filter(pk=instance.pk).refresh_search_text()


@receiver(post_save, sender=MeetingItem)
@receiver(post_delete, sender=MeetingItem)
def item_changed(sender: type, instance: MeetingItem, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        # A bullet deleted with its meeting leaves nothing to refresh: the filter finds none.
        Meeting.objects.filter(pk=instance.meeting_id).refresh_search_text()
