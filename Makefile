# The two commands of the README: `make run` and `make test`.
SWIFT ?= swift
BUILD_LOG := .build/build.log
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c

.PHONY: run test build system-packages format lint clean

system-packages:
	@scripts/install-system-packages.sh

build: system-packages
	$(SWIFT) build

## Until the server exists, `run` validates the bundled workflows and prints their graphs.
run: build
	$(SWIFT) run pipeline validate workflows
	@for file in workflows/*.yml; do echo; echo "# $$file"; $(SWIFT) run pipeline graph "$$file"; done

## The whole suite: a clean-checked build (no warnings in our code, imports only as DESIGN.md
## allows), then every test.
test: system-packages
	@mkdir -p .build
	$(SWIFT) build --build-tests --explicit-target-dependency-import-check error 2>&1 | tee $(BUILD_LOG)
	@scripts/check-warnings.sh $(BUILD_LOG)
	$(SWIFT) test --skip-build

format:
	$(SWIFT) format format --in-place --recursive Package.swift Sources Tests Benchmarks

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Benchmarks

clean:
	rm -rf .build
