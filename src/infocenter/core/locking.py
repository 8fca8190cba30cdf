"""Row locks that also create the row on first use, safely under concurrency."""

from django.db import models


def lock_or_create(model: type[models.Model], **keys) -> models.Model:
    """Return the row with ``keys``, locked ``FOR UPDATE`` until the transaction ends, creating
    it first when missing. Two transactions racing to create it both end up locking the same
    row (the loser's insert is ignored), so callers may count on it to serialise."""
    row = model.objects.select_for_update().filter(**keys).first()
    if row is None:
        model.objects.bulk_create([model(**keys)], ignore_conflicts=True)
        row = model.objects.select_for_update().get(**keys)
    return row
