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
    wait for each other crosswise; the rows missing (the first use of a year) are made by the
    same statement."""
    values = sorted(set(values))
    features = connection.features
    if features.can_return_columns_from_insert and features.supports_update_conflicts_with_target:
        return _upsert_each_returning(model, field, key, values, keys)
    if not features.can_return_columns_from_insert or len(values) < 2:
        return {value: increment(model, field, **keys, **{key: value}) for value in values}
    found = _update_each_returning(model, field, key, values, keys)
    for value in values:
        if value not in found:
            found[value] = increment(model, field, **keys, **{key: value})
    return found


def _upsert_each_returning(model, field: str, key: str, values: list, keys: dict) -> dict:
    """``INSERT … ON CONFLICT DO UPDATE … RETURNING``: the rows counted one up, or made with one
    on first use, in one statement either way. The rows are written, and so locked, in the
    order of ``key``. The model has a unique constraint on ``keys`` and ``key``."""
    quote = connection.ops.quote_name
    meta = model._meta
    table, column = quote(meta.db_table), quote(meta.get_field(field).column)
    names = [*keys, key]
    columns = ", ".join(quote(meta.get_field(name).column) for name in names)
    params = [value.pk if isinstance(value, models.Model) else value for value in keys.values()]
    rows = ", ".join(["(" + ", ".join(["%s"] * (len(names) + 1)) + ")"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, {column}) VALUES {rows} "  # noqa: S608  (names from the model's own meta)
            f"ON CONFLICT ({columns}) DO UPDATE SET {column} = {table}.{column} + 1 "
            f"RETURNING {quote(meta.get_field(key).column)}, {column}",
            [p for value in values for p in (*params, value, 1)],
        )
        return dict(cursor.fetchall())


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
