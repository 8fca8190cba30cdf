"""Secrets at rest (X-11): ``infocenter rotate_secrets`` re-encrypts every stored secret under
the first key of ``INFOCENTER_SECRETS_KEYS``; ``--new-key`` prints a fresh key; ``--encrypt``
prints the encrypted form of a value read from standard input (for
``INFOCENTER_EMAIL_PASSWORD``)."""

import sys

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from infocenter.core import secrets

BATCH = 2000


class Command(BaseCommand):
    help = "Re-encrypt the stored secrets under the first key of INFOCENTER_SECRETS_KEYS."

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--new-key", action="store_true", help="print a new key and stop")
        what.add_argument(
            "--encrypt", action="store_true", help="encrypt one line of standard input"
        )

    def handle(self, *args, new_key, encrypt, verbosity, **options):
        if new_key:
            self.stdout.write(Fernet.generate_key().decode())
            return
        if encrypt:
            value = sys.stdin.readline().rstrip("\n")
            self.stdout.write(secrets.encrypt(value))
            return
        for model, field in secrets.encrypted_fields():
            rows = model._base_manager.exclude(**{field: ""})
            total = rows.count()
            with (
                transaction.atomic(),  # all of a table, or none of it
                tqdm(total=total, desc=model._meta.db_table, disable=verbosity == 0) as bar,
            ):
                batch = []
                for row in rows.only("pk", field).iterator(chunk_size=BATCH):
                    batch.append(row)  # decrypted with any key, written under the first
                    if len(batch) == BATCH:
                        model._base_manager.bulk_update(batch, [field])
                        bar.update(len(batch))
                        batch = []
                model._base_manager.bulk_update(batch, [field])
                bar.update(len(batch))
            self.stdout.write(f"{model._meta.db_table}.{field}: {total} value(s) re-encrypted")
