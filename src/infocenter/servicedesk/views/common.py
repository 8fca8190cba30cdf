"""What the service desk's pages share: the record's page after a refused step."""

from django.contrib import messages

from infocenter.core.workflows import available


def refused_page(get, steps, detail):
    """The record's page after a refused step. A refused step that is not on the page any more
    (the state moved on), or a side step outside the table, says why at the top."""

    def page(request, pk, bound, status):
        record = get(request.user, pk)
        offered = {s.name for s in available(request.user, record, steps)}
        for name, form in bound.items():
            if name not in offered:
                for error in form.non_field_errors():
                    messages.error(request, error)
        return detail(request, pk, bound, status=status)

    return page
