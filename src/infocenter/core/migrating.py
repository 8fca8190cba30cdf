"""What data migrations share."""

from django.db import models


def fill_site_from(model: str, parent: str, via: str):
    """A ``RunPython`` step that fills ``site`` of every ``model`` row (``"app.Model"``) with
    the site of its ``parent`` row (``"app.Model"``, reached by the key ``via``): a line or
    comment gets its record's site key (docs/scaling.md). One ``UPDATE``."""

    def fill(apps, schema_editor):
        rows, parents = apps.get_model(model), apps.get_model(parent)
        site_of = parents.objects.filter(pk=models.OuterRef(f"{via}_id")).values("site_id")[:1]
        rows.objects.update(site_id=models.Subquery(site_of))

    return fill
