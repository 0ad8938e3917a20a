"""Schemathesis hooks (loaded through SCHEMATHESIS_HOOKS by contract-test.sh): how to send the
API's NDJSON bodies (POST /api/v1/jobs/import), a media type schemathesis has no serializer for:
as the text they are, like text/plain."""

import schemathesis
from schemathesis.transport.requests import text_serializer


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    return text_serializer(ctx, value)
