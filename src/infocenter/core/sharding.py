"""How the tables would sit in a PostgreSQL distributed by site (Citus), and the site key a
statement names to reach one site's shard (X-11, docs/scaling.md).

Three kinds of table:

- **distributed by site**: the records of a site's work (forms, orders, clocks, the audit
  chain, messages, the machine room's records …). Every table with a ``site`` key is one,
  unless it is listed below. A statement on them names its site (``site_id = …``), so it goes
  to one shard; ``site_key`` gives the filter for a record in hand.
- **distributed by person**: the in-app messages, read by their recipient on every page (the
  unread count) and spanning the person's sites. Their key is ``recipient_id``.
- **reference**: copied to every node, read locally: the organisation and its people (company,
  branch, site, users, their roles, which span sites and are read by person on every request),
  each site's structure (departments and their receivers and robots, buildings, units and
  rooms: read by every record's page, written when the owners' register is loaded) and the
  tables of the framework (sessions, permissions, content types, log-in attempts).

A record's lines, comments and links (a loan's lines, a change's comments, a roster day's
people on call) keep their parent's site in their own ``site_id``, so they sit on the parent's
shard. ``SITE_OWNED_WITHOUT_KEY`` would list a table that reaches its site only through its
parent; it is empty, and a test fails when such a table appears.

How the statements name the key: a ``SiteForeignKey`` (or ``SiteOneToOneField``) between two
distributed tables joins them on the site too and reads the parent, and the records below
it, with the site; a ``SiteManyToManyField`` reads its links with the record's site and
``set_links`` writes them with it. ``check`` and ``colocated`` decide whether a statement
names the key and whether its joins stay on one shard (``bench.sitekey`` counts both over a
logged run of the load drill).
"""

from __future__ import annotations

import re
from functools import cache, cached_property

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields.related_descriptors import (
    ManyToManyDescriptor,
    ReverseManyToOneDescriptor,
)
from django.db.models.lookups import Exact
from django.db.models.sql.where import WhereNode

# tables with a site key that are copied to every node instead (small, read everywhere)
REFERENCE_WITH_SITE = frozenset(
    {
        "core_roleassignment",
        "core_department",
        "core_building",
    }
)
# the site's structure without a site key of its own: reference tables too
REFERENCE_STRUCTURE = frozenset(
    {
        "core_department_receivers",
        "core_departmentwebhook",
        "core_unit",
        "core_room",
    }
)
BY_PERSON = {"core_notification": "recipient_id"}

# none left: every table of a site's records has its key (a test keeps it so)
SITE_OWNED_WITHOUT_KEY: frozenset[str] = frozenset()


def _site_of(instance) -> int | None:
    """The record's site key as loaded (a deferred one is not read for it)."""
    return instance.__dict__.get("site_id")


class _ReverseOnSite(ReverseManyToOneDescriptor):
    """``form.orders``: the records of a ``SiteForeignKey`` read with the parent's site, one by
    one (``form.orders.all()``) and a page's at a time (``prefetch_related("orders")``, with
    the page's sites)."""

    @cached_property
    def related_manager_cls(self):
        base = super().related_manager_cls

        class OnSite(base):
            def __init__(self, instance):
                super().__init__(instance)
                site_id = _site_of(instance)
                if site_id is not None:
                    self.core_filters = {**self.core_filters, "site_id": site_id}

            def get_prefetch_querysets(self, instances, querysets=None):
                sites = sorted({_site_of(i) for i in instances} - {None})
                queryset = querysets[0] if querysets else super(base, self).get_queryset()
                if sites and not queryset.query.is_sliced:
                    querysets = [queryset.filter(site_id__in=sites)]
                return super().get_prefetch_querysets(instances, querysets)

        return OnSite


class _JoinedOnSite:
    """A key between two records of one site, both in tables distributed by site (an order's
    form, a visit's access request). Every join along it also matches the site, in both
    directions: ``JOIN form ON order.form_id = form.id AND form.site_id = order.site_id``, so
    a distributed database joins the two on one shard; reading the parent through the record
    (``order.form``) names the record's site. The column and the constraint are a plain foreign
    key's, and migrations see one (``deconstruct``)."""

    plain: str

    def get_extra_restriction(self, alias, related_alias):
        if alias is None or related_alias is None:  # a subquery pushed down (``exclude``)
            return None
        site = self.model._meta.get_field("site")
        return WhereNode([Exact(site.get_col(alias), site.get_col(related_alias))])

    def get_extra_descriptor_filter(self, instance):
        site_id = _site_of(instance)
        return {} if site_id is None else {"site_id": site_id}

    def get_forward_related_filter(self, obj):
        """``order.reissue`` (the reverse of a one-to-one) names the parent's site."""
        found = super().get_forward_related_filter(obj)
        site_id = _site_of(obj)
        return found if site_id is None else {**found, "site_id": site_id}

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, self.plain, args, kwargs


class SiteForeignKey(_JoinedOnSite, models.ForeignKey):
    plain = "django.db.models.ForeignKey"
    related_accessor_class = _ReverseOnSite


class SiteOneToOneField(_JoinedOnSite, models.OneToOneField):
    plain = "django.db.models.OneToOneField"


class _LinksOnSite(ManyToManyDescriptor):
    """``day.on_call``: the links of a ``SiteManyToManyField`` read with the record's site, one
    record's (``day.on_call.all()``) and a page's at a time (with the page's sites). The filter
    is on the links table's own join (one join, no repeated rows)."""

    @cached_property
    def related_manager_cls(self):
        base = super().related_manager_cls
        if self.reverse:  # from a person or a department: no site of their own
            return base
        links = self.field.links_query_name()

        class OnSite(base):
            def __init__(self, instance=None):
                super().__init__(instance)
                site_id = _site_of(instance)
                if site_id is not None:
                    self.core_filters = {**self.core_filters, f"{links}__site_id": site_id}

            def get_prefetch_querysets(self, instances, querysets=None):
                sites = sorted({_site_of(i) for i in instances} - {None})
                queryset = querysets[0] if querysets else super(base, self).get_queryset()
                if sites and not queryset.query.is_sliced:
                    querysets = [queryset.filter(**{f"{links}__site_id__in": sites})]
                return super().get_prefetch_querysets(instances, querysets)

        return OnSite


class SiteManyToManyField(models.ManyToManyField):
    """A many-to-many from a record of a table distributed by site, through a model that keeps
    the record's site (``site``, and a ``SiteForeignKey`` to the record): the links are read
    with it, and written with ``set_links``. Migrations see a plain many-to-many."""

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        setattr(cls, self.name, _LinksOnSite(self.remote_field, reverse=False))

    def links_query_name(self) -> str:
        """The name the target model filters its links by (``on_call_links``)."""
        through = self.remote_field.through
        return through._meta.get_field(self.m2m_reverse_field_name()).related_query_name()

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ManyToManyField", args, kwargs


def set_links(record: models.Model, name: str, targets) -> None:
    """Make the links ``name`` of ``record`` (a ``SiteManyToManyField``) exactly ``targets``,
    each link with the record's site; every statement names it (the manager's own ``set``
    reads and deletes the links by the record alone)."""
    field = record._meta.get_field(name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    links = through._default_manager.filter(site_id=record.site_id, **{f"{source}_id": record.pk})
    wanted = {t.pk for t in targets}
    links.exclude(**{f"{target}_id__in": wanted}).delete()
    have = set(links.values_list(f"{target}_id", flat=True))
    through._default_manager.bulk_create(
        through(site_id=record.site_id, **{f"{source}_id": record.pk, f"{target}_id": pk})
        for pk in sorted(wanted - have)
    )
    prefetched = getattr(record, "_prefetched_objects_cache", {})
    prefetched.pop(name, None)


def keys_between_sites() -> list[models.ForeignKey]:
    """The foreign keys from a table distributed by site to another: each should be a
    ``SiteForeignKey`` (or ``SiteOneToOneField``), joining the two on the site."""
    return [
        field
        for model in apps.get_models()
        if is_distributed(model)
        for field in model._meta.local_concrete_fields
        if field.is_relation and field.name != "site" and is_distributed(field.related_model)
    ]


def across_sites(field: models.ForeignKey) -> models.QuerySet:
    """The rows whose ``field`` links them to a record of another site (there should be none:
    a join on the site would not find their parent). Read without the join."""
    parent = field.related_model._base_manager.filter(pk=models.OuterRef(field.attname))
    rows = field.model._base_manager.exclude(**{field.attname: None})
    return rows.annotate(_parent_site=models.Subquery(parent.values("site_id")[:1])).exclude(
        _parent_site=models.F("site_id")
    )


def has_site_key(model: type[models.Model]) -> bool:
    try:
        field = model._meta.get_field("site")
    except FieldDoesNotExist:
        return False
    return field.concrete and field.is_relation


def tables() -> dict[str, type[models.Model]]:
    """Every table of the installed apps, many-to-many tables included, by name."""
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models():
        if not model._meta.managed:
            continue
        found[model._meta.db_table] = model
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            found[through._meta.db_table] = through
    return found


def layout() -> dict[str, str]:
    """Each table's kind: ``site`` (distributed by site), ``person`` (by recipient),
    ``reference``, or ``site-owned`` (belongs to a site's records, no key yet)."""
    kinds: dict[str, str] = {}
    for table, model in tables().items():
        if table in BY_PERSON:
            kinds[table] = "person"
        elif table in REFERENCE_WITH_SITE or table in REFERENCE_STRUCTURE:
            kinds[table] = "reference"
        elif table in SITE_OWNED_WITHOUT_KEY:
            kinds[table] = "site-owned"
        elif has_site_key(model):
            kinds[table] = "site"
        else:
            kinds[table] = "reference"
    return kinds


@cache
def is_distributed(model: type[models.Model]) -> bool:
    table = model._meta.db_table
    return has_site_key(model) and table not in REFERENCE_WITH_SITE and table not in BY_PERSON


def site_key(record: models.Model) -> dict:
    """The filter that sends a statement about ``record`` to its site's shard:
    ``{"site_id": …}`` for a record of a distributed table with its site set, else nothing."""
    model = record._meta.model  # also through a lazy object (the request's user)
    if not is_distributed(model):
        return {}
    site_id = getattr(record, "site_id", None)
    return {} if site_id is None else {"site_id": site_id}


# what a statement touches and whether it names a key: ``"site_id" = …``, ``"site_id" IN (…``,
# ``"site_id" = ANY(…)``, or an INSERT that gives the column
TABLE = re.compile(r'\b(?:FROM|JOIN|UPDATE|INTO)\s+"(\w+)"', re.I)
INSERT_COLUMNS = re.compile(r'^\s*INSERT INTO\s+"\w+"\s*\(([^)]*)\)', re.I)


@cache
def _key_pattern(column: str) -> re.Pattern:
    return re.compile(rf'"{column}"\s*(?:=|IN\s*\()|"{column}"\)?\s*=\s*ANY', re.I)


def names_key(statement: str, column: str) -> bool:
    if _key_pattern(column).search(statement):
        return True
    columns = INSERT_COLUMNS.match(statement)
    return bool(columns and f'"{column}"' in columns.group(1))


def check(statement: str, kinds: dict[str, str]) -> tuple[str, set[str]]:
    """What a statement is in the layout ``kinds`` (``layout()``): ``"reference"`` (touches
    reference tables only), ``"keyed"`` (names the key of every distributed table it touches)
    or ``"unkeyed"``, with the distributed tables it touches."""
    touched = {t for t in TABLE.findall(statement) if kinds.get(t, "reference") != "reference"}
    if not touched:
        return "reference", touched
    needs = {"recipient_id" if kinds[t] == "person" else "site_id" for t in touched}
    keyed = all(names_key(statement, column) for column in needs)
    return ("keyed" if keyed else "unkeyed"), touched


# Co-location: each reference to a distributed table in a statement (``"table"`` or its alias,
# ``T4``, ``U0``) names its site, or is joined on the site to one that does.
_NOT_ALIAS = (
    "WHERE|INNER|LEFT|RIGHT|FULL|CROSS|JOIN|ON|SET|ORDER|GROUP|LIMIT|OFFSET|HAVING|UNION|AS|FOR"
    "|RETURNING|VALUES|EXCEPT|INTERSECT|WINDOW"
)
REFERENCE = re.compile(
    rf'\b(?:FROM|JOIN|UPDATE|INTO)\s+"(\w+)"(?:\s+(?!(?:{_NOT_ALIAS})\b)([A-Za-z]\w*))?', re.I
)
_COLUMN = r'(?:"\w+"|\b[A-Z]\d+)\."{column}"'


@cache
def _pair_pattern(column: str) -> re.Pattern:
    col = _COLUMN.format(column=column)
    return re.compile(rf"({col})\s*=\s*\(?\s*({col})\)?")


@cache
def _named_pattern(column: str) -> re.Pattern:
    col = _COLUMN.format(column=column)
    return re.compile(rf"({col})\s*(?:=|IN\s*\(|\)?\s*=\s*ANY)", re.I)


def _qualifier(column_ref: str) -> str:
    return column_ref.split(".", 1)[0]


def colocated(statement: str, kinds: dict[str, str]) -> bool:
    """Whether every reference to a distributed table in ``statement`` names its key or is
    joined on the key to one that does (``a.site_id = b.site_id``): what a distributed
    database needs to send a join to one shard instead of refusing it or moving rows between
    nodes. A statement on one table is ``check``'s question alone."""
    refs: dict[str, str] = {}
    for table, alias in REFERENCE.findall(statement):
        kind = kinds.get(table, "reference")
        if kind != "reference":
            refs[alias or f'"{table}"'] = "recipient_id" if kind == "person" else "site_id"
    if len(refs) < 2:
        return check(statement, kinds)[0] != "unkeyed"
    keyed: set[str] = set()
    edges: list[tuple[str, str]] = []
    for column in set(refs.values()):
        pairs = _pair_pattern(column)
        edges += [(_qualifier(a), _qualifier(b)) for a, b in pairs.findall(statement)]
        rest = pairs.sub(" ", statement)
        keyed |= {_qualifier(ref) for ref in _named_pattern(column).findall(rest)}
    insert = INSERT_COLUMNS.match(statement)
    if insert:
        keyed |= {q for q, column in refs.items() if f'"{column}"' in insert.group(1)}
    grew = True
    while grew:
        grew = False
        for a, b in edges:
            if (a in keyed) != (b in keyed):
                keyed |= {a, b}
                grew = True
    return set(refs) <= keyed
