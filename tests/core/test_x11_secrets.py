"""X-11: the robots' webhook addresses (they carry access tokens) are stored encrypted, in the
department robots and in the messages queued for them; the keys rotate with one command; the
SMTP password may be given encrypted; production refuses to start without keys."""

import importlib
import io
import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from infocenter.core import outbox, secrets
from infocenter.core import services as core_services
from infocenter.core.models import Department, DepartmentWebhook, OutboxMessage

TOKEN_URL = (
    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
)
OLD, NEW = Fernet.generate_key(), Fernet.generate_key()


def stored(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE id = %s', [pk])
        return cursor.fetchone()[0]


@pytest.fixture
def hook(org, root):
    department = Department.objects.get(site=org["a"], code="gc")
    return core_services.add_department_webhook(
        root, department=department, channel="wecom", url=TOKEN_URL
    )


def test_x11_a_robot_address_is_stored_encrypted_and_read_plain(hook):
    raw = stored("core_departmentwebhook", "url", hook.pk)
    assert raw.startswith("fernet:") and "693a91f6" not in raw and "qyapi" not in raw
    assert DepartmentWebhook.objects.get(pk=hook.pk).url == TOKEN_URL
    message = outbox.enqueue(channel="wecom", address=TOKEN_URL, subject="测试")
    raw = stored("core_outboxmessage", "address", message.pk)
    assert raw.startswith("fernet:") and "693a91f6" not in raw
    assert OutboxMessage.objects.get(pk=message.pk).address == TOKEN_URL
    empty = outbox.enqueue(channel="email", address="", subject="无地址")
    assert stored("core_outboxmessage", "address", empty.pk) == ""


def test_x11_rotating_the_keys_re_encrypts_every_secret(org, root, settings):
    settings.SECRETS_KEYS = [OLD]
    department = Department.objects.get(site=org["a"], code="gc")
    hook = core_services.add_department_webhook(
        root, department=department, channel="dingtalk", url=TOKEN_URL
    )
    message = outbox.enqueue(channel="dingtalk", address=TOKEN_URL, subject="测试")
    settings.SECRETS_KEYS = [NEW, OLD]  # the new key first; the old one still reads
    out = io.StringIO()
    call_command("rotate_secrets", verbosity=0, stdout=out)
    assert "core_departmentwebhook.url: 1 value(s) re-encrypted" in out.getvalue()
    assert "core_outboxmessage.address: 1 value(s) re-encrypted" in out.getvalue()
    for table, column, pk in [
        ("core_departmentwebhook", "url", hook.pk),
        ("core_outboxmessage", "address", message.pk),
    ]:
        token = stored(table, column, pk).removeprefix("fernet:").encode()
        assert Fernet(NEW).decrypt(token).decode() == TOKEN_URL
    settings.SECRETS_KEYS = [NEW]  # the old key dropped
    assert DepartmentWebhook.objects.get(pk=hook.pk).url == TOKEN_URL


def test_x11_a_key_dropped_before_rotating_is_a_clear_error(hook, settings):
    settings.SECRETS_KEYS = [NEW]
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted.*rotate_secrets"):
        DepartmentWebhook.objects.get(pk=hook.pk)


def test_x11_rows_written_before_encryption_are_encrypted_by_the_migration(hook):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_departmentwebhook SET url = %s", [TOKEN_URL])
    assert DepartmentWebhook.objects.get(pk=hook.pk).url == TOKEN_URL  # a plain one still reads
    migration = importlib.import_module("infocenter.core.migrations.0013_encrypted_secrets")
    migration.encrypt_rows(apps, None)
    assert stored("core_departmentwebhook", "url", hook.pk).startswith("fernet:")
    assert DepartmentWebhook.objects.get(pk=hook.pk).url == TOKEN_URL


def test_x11_the_command_prints_a_new_key_and_an_encrypted_password(db, monkeypatch, settings):
    out = io.StringIO()
    call_command("rotate_secrets", "--new-key", stdout=out)
    Fernet(out.getvalue().strip().encode())  # a valid key
    monkeypatch.setattr(sys, "stdin", io.StringIO("smtp-Passw0rd\n"))
    out = io.StringIO()
    call_command("rotate_secrets", "--encrypt", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("fernet:") and "smtp" not in token
    assert secrets.decrypt_with(settings.SECRETS_KEYS, token, name="x") == "smtp-Passw0rd"


def settings_in_a_new_process(**env) -> subprocess.CompletedProcess:
    code = "import django; django.setup(); from django.conf import settings as s; print(s.EMAIL_HOST_PASSWORD)"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("INFOCENTER_")}
    environ |= {"DJANGO_SETTINGS_MODULE": "infocenter.settings", **env}
    return subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True)


def test_x11_production_needs_the_keys_and_reads_an_encrypted_smtp_password():
    production = {"INFOCENTER_DEV": "false", "INFOCENTER_SECRET_KEY": "k" * 50}
    refused = settings_in_a_new_process(**production)
    assert refused.returncode != 0
    assert "INFOCENTER_SECRETS_KEYS is required when INFOCENTER_DEV=false" in refused.stderr
    bad = settings_in_a_new_process(**production, INFOCENTER_SECRETS_KEYS="not-a-key")
    assert "not a Fernet key" in bad.stderr
    token = "fernet:" + Fernet(NEW).encrypt(b"smtp-Passw0rd").decode()
    ok = settings_in_a_new_process(
        **production,
        INFOCENTER_SECRETS_KEYS=f"{NEW.decode()},{OLD.decode()}",
        INFOCENTER_EMAIL_PASSWORD=token,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "smtp-Passw0rd"
