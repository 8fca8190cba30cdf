from django.db import migrations, models


class Migration(migrations.Migration):
    """The reports' returns of a period (X-9) are read by site and when they were returned."""

    dependencies = [
        ("servicedesk", "0012_search_form_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="workorder",
            index=models.Index(fields=["site", "returned_at"], name="order_site_returned_idx"),
        ),
    ]
