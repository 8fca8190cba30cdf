"""Database expressions the apps share.

``PhoneTail`` is the last four characters of a phone number, so that a number's last digits
("5558", the way people remember a number) are an index lookup instead of ``LIKE '%5558'`` over
a whole register. Its SQL carries the constant inline (``RIGHT(phone, 4)``, SQLite's
``SUBSTR(phone, -4)``): a bound parameter would make the query's expression differ from the
index's, and neither database would use the index."""

from django.db.models import CharField, Q
from django.db.models.expressions import Func

TAIL = 4  # the digits a tail index holds; numbers end in at least four digits (UX 7)


class PhoneTail(Func):
    arity = 1
    output_field = CharField()
    template = f"RIGHT(%(expressions)s, {TAIL})"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template=f"SUBSTR(%(expressions)s, -{TAIL})", **extra
        )


def tail_alias(*fields: str) -> dict[str, PhoneTail]:
    """The ``alias()`` keywords that name each phone field's tail (``phone`` → ``phone_tail``)."""
    return {f"{field}_tail": PhoneTail(field) for field in fields}


def ends_with(digits: str, *fields: str) -> Q:
    """Any of ``fields`` ends with ``digits`` (at least four): the tail index finds the
    candidates, ``endswith`` keeps the exact ones. The queryset needs ``alias(**tail_alias(…))``."""
    found = Q()
    for field in fields:
        found |= Q(**{f"{field}_tail": digits[-TAIL:], f"{field}__endswith": digits})
    return found
