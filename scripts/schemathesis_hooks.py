"""Schemathesis hooks for the API contract test (Tests/EndToEndTests/APIContractTests.swift).

Teaches schemathesis to send `application/x-ndjson` bodies, which docs/openapi.yaml offers for
POST /api/v1/streams/{stream}/records: a string is sent as it is, a record (object) as one line,
a list of records as one line each.
"""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    records = value if isinstance(value, list) else [value]
    return "".join(json.dumps(record) + "\n" for record in records).encode("utf-8")
