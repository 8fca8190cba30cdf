"""The one shape most of the machine room's lists filter by: a field's choices."""

import django_filters


def choices_filter(name: str, model, **fields) -> type[django_filters.FilterSet]:
    """The filterset ``name`` of ``model``'s list by each field's choices, in the order given:
    ``choices_filter("LoanFilter", Loan, state=LoanState)`` takes ``?state=``."""
    filters = {f: django_filters.ChoiceFilter(choices=c.choices) for f, c in fields.items()}
    meta = type("Meta", (), {"model": model, "fields": list(fields)})
    return type(name, (django_filters.FilterSet,), filters | {"Meta": meta})


def narrowed(condition):
    """A yes/no filter's method by ``condition()`` (a Q, shared with the report's figure that
    links to the list): yes keeps the rows that meet it, no the others."""

    def method(queryset, name, value):
        if value is None:
            return queryset
        test = condition()
        return queryset.filter(test) if value else queryset.exclude(test)

    return method
