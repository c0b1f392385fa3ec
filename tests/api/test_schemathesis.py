"""schemathesis against ``/openapi.json`` of a live server: no 500, no off-schema response.

Driven through hypothesis directly (one ``@given`` per operation) rather than schemathesis'
pytest plugin, so the number of examples stays bounded and explicit.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from exportctl.api import create_app
from exportctl.config import Settings
from tests.api.conftest import LiveServer, auth, keys_for

# Bounded for the suite: a few examples per operation.
MAX_EXAMPLES = 12


@pytest.mark.slow
def test_every_operation_conforms(api_settings: Settings) -> None:
    live = LiveServer(create_app(api_settings, warm_in_background=False)).start()
    headers = auth(keys_for(api_settings)["admin"])
    try:
        schema = schemathesis.openapi.from_url(f"{live.url}/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
        assert len(operations) >= 10
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
            def check(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
                # A schema-valid name can still be refused by the screener (a name made only
                # of legal forms, say): that is a 400 with our error body, not a bug.
                case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

            check()
    finally:
        live.stop()
