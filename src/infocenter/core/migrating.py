"""What data migrations share."""

from django.db import migrations, models


def fill_site_from(model: str, parent: str, via: str):
    """A ``RunPython`` step that fills ``site`` of every ``model`` row (``"app.Model"``) with
    the site of its ``parent`` row (``"app.Model"``, reached by the key ``via``): a line or
    comment gets its record's site key (docs/scaling.md). One ``UPDATE``."""

    def fill(apps, schema_editor):
        rows, parents = apps.get_model(model), apps.get_model(parent)
        site_of = parents.objects.filter(pk=models.OuterRef(f"{via}_id")).values("site_id")[:1]
        rows.objects.update(site_id=models.Subquery(site_of))

    return fill


def add_site(model: str) -> migrations.AddField:
    """The first step of giving ``model`` (lower-case name) its site key: the column, empty
    (filled next by ``fill_site_from``; ``require_site`` in a later migration makes it
    required, in its own transaction: PostgreSQL alters no table with the fill's deferred
    checks pending)."""
    return migrations.AddField(
        model_name=model,
        name="site",
        field=models.ForeignKey(
            null=True, on_delete=models.PROTECT, related_name="+", to="core.site"
        ),
    )


def require_site(model: str) -> migrations.AlterField:
    return migrations.AlterField(
        model_name=model,
        name="site",
        field=models.ForeignKey(on_delete=models.PROTECT, related_name="+", to="core.site"),
    )


def fill_site(model: str, parent: str, via: str) -> migrations.RunPython:
    """The step between ``add_site`` and ``require_site``: ``fill_site_from`` as an operation."""
    return migrations.RunPython(fill_site_from(model, parent, via), migrations.RunPython.noop)
