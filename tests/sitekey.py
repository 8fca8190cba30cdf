"""What the site-key tests share (X-11 item 7, docs/scaling.md): the statements of requests
sent through ``Statements``, checked against the layout a database distributed by site would
hold the tables in."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from infocenter.core import sharding


class Statements:
    """The statements of the requests sent through it, and those that miss a key or join
    their distributed tables off the site."""

    def __init__(self):
        self.kinds, self.sent, self.unkeyed = sharding.layout(), 0, []

    def send(self, what: str, request, *args, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            response = request(*args, **kwargs)
        assert response.status_code in (200, 201, 302), (what, response.content[:300])
        for query in queries.captured_queries:
            kind, touched = sharding.check(query["sql"], self.kinds)
            self.sent += 1
            sql = query["sql"]
            where = sql.find(" WHERE ")
            shown = sql[:120] + " …" + sql[where:][:300] if where > 120 else sql[:420]
            if kind == "unkeyed":
                self.unkeyed.append(f"{what}: {sorted(touched)}: {shown}")
            elif not sharding.colocated(sql, self.kinds):
                self.unkeyed.append(f"{what}: joined off the site: {sorted(touched)}: {shown}")
        return response
