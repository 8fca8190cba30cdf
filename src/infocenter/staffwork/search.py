"""What staff work offers the one search box: the endpoint registry."""

from django.utils.translation import gettext_lazy as _

from infocenter.core.search import Hit, Query, register_search

from .selectors.endpoints import endpoints_matching


def endpoints(actor, query: Query, limit: int) -> list[Hit]:
    return [
        Hit(
            str(e),
            e.get_absolute_url(),
            " · ".join(x for x in (e.site.name, str(e.department or ""), e.location, e.ip) if x),
        )
        for e in endpoints_matching(actor, query)
        .select_related(None)
        .select_related("site", "department")[:limit]
    ]


register_search("sw.endpoints", _("Endpoints"), endpoints, action="sw.view", order=110)
