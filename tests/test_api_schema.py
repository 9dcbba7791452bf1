"""The JSON API against its own OpenAPI schema (schemathesis, in process over ASGI, on the seed store):
generated requests, valid and invalid, never get a 5xx, and every answer conforms to the schema
(status codes, media types, bodies). A request whose URL is over admission control's limit is
refused with 414 before its parameters are read: that too rejects invalid data.

The operations are read from the live schema inside the test (schemathesis' pytest plugin cannot
take the schema from a fixture under pytest 9), each fuzzed by hypothesis in both generation modes."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.config import SchemathesisConfig

from mskg.store.embedded import EmbeddedStore
from mskg.web.app import create_app

EXAMPLES = 20
REJECTIONS = ["400", "401", "403", "404", "405", "406", "409", "414", "415", "422", "428", "429", "5xx"]
"""what answers invalid data: schemathesis' default list, and 414 (URI Too Long)"""
CONFIG = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}}})


@pytest.fixture(scope="module")
def api_schema(seed_store):
    store = EmbeddedStore(str(seed_store), read_only=True)
    yield schemathesis.openapi.from_asgi("/openapi.json", create_app(store), config=CONFIG)
    store.close()


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode))
def test_api_conforms_to_its_schema(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 7
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def conforms(case):
            case.call_and_validate()

        conforms()
