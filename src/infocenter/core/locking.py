"""Row locks that also create the row on first use, safely under concurrency."""

from django.db import connection, models


def lock_or_create(model: type[models.Model], **keys) -> models.Model:
    """Return the row with ``keys``, locked ``FOR UPDATE`` until the transaction ends, creating
    it first when missing. Two transactions racing to create it both end up locking the same
    row (the loser's insert is ignored), so callers may count on it to serialise."""
    row = model.objects.select_for_update().filter(**keys).first()
    if row is None:
        model.objects.bulk_create([model(**keys)], ignore_conflicts=True)
        row = model.objects.select_for_update().get(**keys)
    return row


def increment(model: type[models.Model], field: str, **keys) -> int:
    """Add one to ``field`` of the row with ``keys`` and return the new value, creating the row
    (with its field's default) on first use. One ``UPDATE … RETURNING`` statement where the
    database has it (PostgreSQL, SQLite 3.35+): the update locks the row until the transaction
    ends, as ``lock_or_create`` does, so concurrent callers wait for each other and a rolled-back
    transaction gives its value back."""
    if not connection.features.can_return_columns_from_insert:
        row = lock_or_create(model, **keys)
        setattr(row, field, getattr(row, field) + 1)
        row.save(update_fields=[field])
        return getattr(row, field)
    value = _update_returning(model, field, keys)
    if value is None:
        model.objects.bulk_create([model(**keys)], ignore_conflicts=True)
        value = _update_returning(model, field, keys)
    return value


def increment_each(model: type[models.Model], field: str, key: str, values, **keys) -> dict:
    """``increment`` of the rows whose ``key`` is each of ``values`` (the other ``keys`` shared:
    a site's form and order counters of one year), in one statement when every row exists.
    The rows are locked in the order of ``key``, so two callers taking the same counters never
    wait for each other crosswise; a missing row is created and counted on its own."""
    values = sorted(set(values))
    if not connection.features.can_return_columns_from_insert or len(values) < 2:
        return {value: increment(model, field, **keys, **{key: value}) for value in values}
    found = _update_each_returning(model, field, key, values, keys)
    for value in values:
        if value not in found:
            found[value] = increment(model, field, **keys, **{key: value})
    return found


def _update_each_returning(model, field: str, key: str, values: list, keys: dict) -> dict:
    quote = connection.ops.quote_name
    meta = model._meta
    table, column, key_column = (
        quote(meta.db_table),
        quote(meta.get_field(field).column),
        quote(meta.get_field(key).column),
    )
    where = " AND ".join(f"{quote(meta.get_field(name).column)} = %s" for name in keys)
    params = [value.pk if isinstance(value, models.Model) else value for value in keys.values()]
    marks = ", ".join(["%s"] * len(values))
    rows = f"{where} AND {key_column} IN ({marks})"
    if connection.features.has_select_for_update:  # lock in key order (PostgreSQL)
        pk = quote(meta.pk.column)
        rows = f"{pk} IN (SELECT {pk} FROM {table} WHERE {rows} ORDER BY {key_column} FOR UPDATE)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = {column} + 1 WHERE {rows} "  # noqa: S608  (names from the model's own meta)
            f"RETURNING {key_column}, {column}",
            [*params, *values],
        )
        return dict(cursor.fetchall())


def _update_returning(model, field: str, keys: dict) -> int | None:
    quote = connection.ops.quote_name
    meta = model._meta
    column = quote(meta.get_field(field).column)
    where = " AND ".join(f"{quote(meta.get_field(name).column)} = %s" for name in keys)
    params = [value.pk if isinstance(value, models.Model) else value for value in keys.values()]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(meta.db_table)} SET {column} = {column} + 1 "  # noqa: S608  (names from the model's own meta)
            f"WHERE {where} RETURNING {column}",
            params,
        )
        row = cursor.fetchone()
    return None if row is None else row[0]
