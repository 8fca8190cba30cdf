"""The Django admin shows the service desk's records to superusers and never writes them (X-8):
every change goes through the services."""

import pytest

from infocenter.servicedesk import models

MODELS = [
    models.SlaPolicy,
    models.Resident,
    models.ServiceForm,
    models.WorkOrder,
    models.Callback,
    models.ArchiveBatch,
    models.BatchProblem,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_x8_admin_lists_service_desk_records_read_only(order, root, client_for, model):
    client = client_for(root)
    base = f"/admin/servicedesk/{model._meta.model_name}/"
    assert client.get(base).status_code == 200
    assert client.get(f"{base}add/").status_code == 403
    record = model.objects.first()
    if record is not None:
        page = client.get(f"{base}{record.pk}/change/")
        assert page.status_code == 200
        assert b'type="submit"' not in page.content.split(b'id="content-main"')[-1]
