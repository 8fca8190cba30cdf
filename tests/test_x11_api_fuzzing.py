"""X-11: every operation of the API, fuzzed from its own OpenAPI schema (Schemathesis) over HTTP
against the demo data, as the people who use it: no answer is a server error, and every answer
matches the schema. A bounded run (a few examples an operation, a fixed seed) in the SQLite
run of the suite; a longer one by hand:

    INFOCENTER_FUZZ_EXAMPLES=50 .venv/bin/pytest tests/test_x11_api_fuzzing.py
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from infocenter import demo
from infocenter.core import services
from infocenter.core.models import User

pytestmark = pytest.mark.django_db(transaction=True)

# The processor reaches the service desk and the registers, the information-center head the
# machine room and the staff work; between them every operation answers more than 403.
PEOPLE = ("wangfang", "zhouming")
EXAMPLES = os.environ.get("INFOCENTER_FUZZ_EXAMPLES", "3")


def test_x11_fuzzed_api_answers_no_server_error_and_keeps_to_its_schema(live_server, tmp_path):
    if connection.vendor != "sqlite" and "INFOCENTER_FUZZ_EXAMPLES" not in os.environ:
        pytest.skip("the bounded run is in the SQLite run of the suite")
    demo.load()
    schemathesis = Path(sys.executable).parent / "schemathesis"
    for username in PEOPLE:
        token = services.issue_api_key(None, person=User.objects.get(username=username))
        done = subprocess.run(
            [
                schemathesis,
                "run",
                f"{live_server.url}/api/schema/",
                "--header",
                f"Authorization: Token {token}",
                "--checks",
                "not_a_server_error,response_schema_conformance",
                "--phases",
                "examples,fuzzing",
                "--max-examples",
                EXAMPLES,
                "--seed",
                "20261204",
                "--no-color",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=900,
        )
        summary = done.stdout[-8000:]
        assert done.returncode == 0, f"{username}:\n{summary}"
        cases = re.search(r"(\d+) generated, (\d+) passed", summary)
        assert cases and cases[1] == cases[2] and int(cases[1]) > 500, summary
