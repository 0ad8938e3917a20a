# The two commands a newcomer needs: `make run` and `make test`. Every target honours the
# environment (APP_BIND, DATABASE_URL, REDIS_URL, ...): set a variable to use your own server.
SHELL := /bin/bash
CARGO ?= cargo
WITH_SERVICES := scripts/with-services.sh
BIN := $(or $(CARGO_TARGET_DIR),target)/debug/entrevistador

.PHONY: run test contract-test eval-matching bench services services-down services-test build migrate seed schema schema-check lint fmt

## Services up, migrations, demo data, then the API on http://127.0.0.1:8080 (APP_BIND).
run: build
	@$(WITH_SERVICES) bash -c '$(BIN) migrate && $(BIN) seed-demo && exec $(BIN) serve'

## Services up, then the whole test suite: unit tests, e2e journeys over HTTP, the contract fuzzer.
test: services-test
	@python3 scripts/check-skills.py >/dev/null
	@python3 scripts/check-questions.py 2>/dev/null
	@$(WITH_SERVICES) $(CARGO) test --workspace
	@$(MAKE) --no-print-directory contract-test

## schemathesis (all checks, stateful) against the real server: the OpenAPI document is the truth.
contract-test: build
	@$(WITH_SERVICES) scripts/contract-test.sh $(BIN)

## Quality of "jobs for a CV" on the labelled set: NDCG@10, strong fit first (scripts/matching_eval/).
eval-matching: build
	@$(WITH_SERVICES) scripts/matching_eval/run.sh --no-build --bin $(BIN)

## Release build, then latency, throughput and memory against baselines measured in the same run.
bench:
	@$(WITH_SERVICES) scripts/bench.sh

build:
	@$(CARGO) build -p entrevistador

services:
	@scripts/services.sh up

services-down:
	@scripts/services.sh down

## Checks scripts/services.sh itself in a fresh private clone (the root-in-a-0700-home case).
services-test:
	@scripts/services-test.sh

migrate: build
	@$(WITH_SERVICES) $(BIN) migrate

seed: build
	@$(WITH_SERVICES) bash -c '$(BIN) migrate && $(BIN) seed-demo'

## Regenerates schema/openapi.json, schema/database.sql and each context's src/schema.rs.
schema: build
	@$(WITH_SERVICES) scripts/schema.sh schema

## Fails when schema/ differs from what the code generates (CI runs this).
schema-check: build
	@$(WITH_SERVICES) scripts/schema.sh check

lint:
	@$(CARGO) fmt --all --check
	@$(CARGO) clippy --workspace --all-targets -- -D warnings

fmt:
	@$(CARGO) fmt --all
