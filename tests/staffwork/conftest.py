"""What the staff-work tests share: a real PNG for drawn signatures."""

import struct
import zlib

import pytest
from django.test import Client
from rest_framework.test import APIClient


def _png(width: int = 4, height: int = 2) -> bytes:
    """A small, valid PNG (white pixels), as the signature pad draws."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = _png()


@pytest.fixture
def client_for():
    """Pages in English, so that tests can assert the exact messages."""

    def _client(user) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return _client


@pytest.fixture
def api_for():
    def _client(user) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(user)
        return client

    return _client
