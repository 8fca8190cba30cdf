"""X-11: the robots' webhook addresses (they carry access tokens) encrypted at rest, in the
department robots and in the messages queued for them; rows written before are encrypted here
(and decrypted again when going back)."""

import infocenter.core.secrets
from django.db import migrations

TABLES = [("DepartmentWebhook", "url"), ("OutboxMessage", "address")]


def encrypt_rows(apps, schema_editor):
    for model_name, field in TABLES:
        model = apps.get_model("core", model_name)
        rows = model.objects.exclude(**{field: ""}).only("pk", field)
        batch = []
        for row in rows.iterator(chunk_size=2000):
            batch.append(row)  # read as plain (no prefix), written encrypted
            if len(batch) == 2000:
                model.objects.bulk_update(batch, [field])
                batch = []
        model.objects.bulk_update(batch, [field])


def decrypt_rows(apps, schema_editor):
    connection = schema_editor.connection
    for model_name, field in TABLES:
        model = apps.get_model("core", model_name)
        table, column = model._meta.db_table, model._meta.get_field(field).column
        rows = list(model.objects.exclude(**{field: ""}).values_list("pk", field))
        with connection.cursor() as cursor:
            for pk, plain in rows:
                cursor.execute(
                    f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', [plain, pk]
                )


class Migration(migrations.Migration):
    dependencies = [("core", "0012_backups_and_worker_beats")]

    operations = [
        migrations.AlterField(
            model_name="departmentwebhook",
            name="url",
            field=infocenter.core.secrets.EncryptedURLField(
                max_length=500, verbose_name="webhook address"
            ),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="address",
            field=infocenter.core.secrets.EncryptedCharField(blank=True, max_length=500),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
