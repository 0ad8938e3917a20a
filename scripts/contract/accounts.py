#!/usr/bin/env python3
"""The contract fuzzer's accounts, made through the API.

    accounts.py create BASE_URL RUN_ID OUT_FILE   write the Web Fuzzing Commons auth document
                                                   schemathesis reads ([auth.wfc])
    accounts.py alive BASE_URL WFC_FILE NAME...    fail unless these fixed-token identities'
                                                   tokens still work (GET /api/v1/me)

Three identities, each with a random password nobody else learns (so that the fuzzer can never pass
a password re-authentication such as DELETE /me or POST /me/password):

  alice  registered, creates a company and switches into it: a fixed access token acting in her
         company as its admin. The main run acts as alice.
  bob    the same in a second company. Only used as alice's peer by the
         object_level_authorization check (replays alice's reads with bob's token).
  carol  registered, with a company she has not switched into. Her entry logs in through
         POST /api/v1/auth/login, so schemathesis fetches a new token whenever a request answers
         401 and replays it (reactive re-auth). The run that fuzzes the operations ending the
         caller's own session acts as carol.

Standard library only: it runs outside the schemathesis venv.
"""

import json
import secrets
import sys
import urllib.error
import urllib.request


def call(base, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")
        sys.exit(f"contract: {method} {path} answered {error.code} during setup: {detail}")


def register(base, name, run_id):
    email = f"contract-{name}-{run_id}@example.com"
    password = f"Cf-{secrets.token_urlsafe(18)}"
    answer = call(
        base,
        "POST",
        "/api/v1/auth/register",
        {
            "email": email,
            "password": password,
            "first_name": name.capitalize(),
            "last_name": "Contract",
            "accept_terms": True,
            "accept_privacy": True,
        },
    )
    return email, password, answer["access_token"]


def create_tenant(base, name, run_id, token):
    return call(
        base,
        "POST",
        "/api/v1/tenants",
        {"name": f"Contract {name.capitalize()} {run_id}", "slug": f"contract-{name}-{run_id}"},
        token,
    )


def tenant_admin(base, name, run_id):
    """An access token acting as the admin of a company of its own."""
    _, _, token = register(base, name, run_id)
    tenant = create_tenant(base, name, run_id, token)
    switched = call(base, "POST", "/api/v1/auth/switch-tenant", {"tenant_id": tenant["id"]}, token)
    return switched["access_token"]


def create(base, run_id, out):
    alice = tenant_admin(base, "alice", run_id)
    bob = tenant_admin(base, "bob", run_id)
    carol_email, carol_password, carol_token = register(base, "carol", run_id)
    create_tenant(base, "carol", run_id, carol_token)
    document = {
        "schemaVersion": "1.0.0",
        "auth": [
            {"name": "alice", "fixedHeaders": [{"name": "Authorization", "value": f"Bearer {alice}"}]},
            {"name": "bob", "fixedHeaders": [{"name": "Authorization", "value": f"Bearer {bob}"}]},
            {
                "name": "carol",
                "loginEndpointAuth": {
                    "endpoint": "/api/v1/auth/login",
                    "verb": "POST",
                    "contentType": "application/json",
                    "payloadRaw": json.dumps({"email": carol_email, "password": carol_password}),
                    "token": {
                        "extractFrom": "body",
                        "extractSelector": "/access_token",
                        "sendIn": "header",
                        "sendName": "Authorization",
                        "sendTemplate": "Bearer {token}",
                    },
                },
            },
        ],
    }
    with open(out, "w", encoding="utf-8") as file:
        json.dump(document, file, indent=2)


def alive(base, wfc_file, names):
    with open(wfc_file, encoding="utf-8") as file:
        entries = {entry["name"]: entry for entry in json.load(file)["auth"]}
    dead = []
    for name in names:
        header = entries[name]["fixedHeaders"][0]
        request = urllib.request.Request(base + "/api/v1/me", headers={header["name"]: header["value"]})
        try:
            with urllib.request.urlopen(request, timeout=30):
                pass
        except urllib.error.HTTPError as error:
            dead.append(f"{name} ({error.code}: {error.read().decode(errors='replace')})")
    if dead:
        sys.exit(
            "contract: error: the fuzzer's own credentials stopped working during the run: "
            + ", ".join(dead)
            + ". An operation ended the session it was called with, so the rest of the run tested "
            "401s: fuzz it as carol (SELF_REVOKING in scripts/contract-test.sh)."
        )


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "create":
        create(sys.argv[2].rstrip("/"), sys.argv[3], sys.argv[4])
    elif len(sys.argv) >= 5 and sys.argv[1] == "alive":
        alive(sys.argv[2].rstrip("/"), sys.argv[3], sys.argv[4:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
