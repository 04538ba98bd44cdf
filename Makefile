# The two commands of the README: `make run` and `make test`.
SWIFT ?= swift
BUILD_LOG := .build/build.log
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c

.PHONY: run run-mail mail-sink test browser-test build system-packages format lint clean

system-packages:
	@scripts/install-system-packages.sh

build: system-packages
	$(SWIFT) build

## Serves the API on the embedded default: data/pipeline.sqlite and workflows/, on 127.0.0.1:8080.
## A new database gets a first facilitator token, printed once. Webhook receivers on this machine
## are allowed, for trying them out (a plain `pipeline serve` refuses private addresses).
run: build
	$(SWIFT) run pipeline validate workflows
	$(SWIFT) run pipeline serve --webhook-allow-network 127.0.0.0/8

## As `make run`, and mails the notifications to the local sink of `make mail-sink` (start that
## first, in another terminal): every mail lands in data/mail/.
run-mail: build
	$(SWIFT) run pipeline validate workflows
	$(SWIFT) run pipeline serve --webhook-allow-network 127.0.0.0/8 --smtp-url smtp://127.0.0.1:2525 \
		--smtp-from "Innovatiepijplijn <pipeline@localhost>" --public-url http://127.0.0.1:8080

## A local SMTP server on 127.0.0.1:2525 that keeps every message in data/mail/ and prints a line each.
mail-sink:
	scripts/mail-sink.sh

## The whole suite: the format check (make lint), a clean-checked build (no warnings in our code,
## imports only as docs/architecture.md allows), the workflows' own test cases (pipeline test),
## then every test, with a throwaway PostgreSQL server
## for the PostgreSQL tests, then schemathesis with all checks against the served OpenAPI document
## (a bounded number of examples), then the pages in headless Chromium (skipped, saying why, where
## Chromium cannot be installed).
test: system-packages lint
	@mkdir -p .build
	$(SWIFT) build --build-tests --explicit-target-dependency-import-check error 2>&1 | tee $(BUILD_LOG)
	@scripts/check-warnings.sh $(BUILD_LOG)
	$(SWIFT) run --skip-build pipeline test workflows
	scripts/with-postgres.sh $(SWIFT) test --skip-build
	scripts/schemathesis.sh
	scripts/browser-test.sh

## Only the browser test: sign in, submit, advance on the board; screenshots to docs/screenshots/.
browser-test:
	scripts/browser-test.sh

format:
	$(SWIFT) format format --in-place --recursive Package.swift Sources Tests Benchmarks

## Formatting by swift-format, and no Date() outside the injected clock.
lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Benchmarks
	scripts/check-clock.sh

clean:
	rm -rf .build
