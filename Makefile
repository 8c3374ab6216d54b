# sonicmap: make demo · make test · make bench
# Each target installs what it needs when missing (scripts/install-deps.sh).

SWIFT   ?= swift
PYTHON  ?= python3
BIN     := .build/debug/sonicmap

.PHONY: all deps deps-build build demo test test-real test-e2e stack bench clean

all: build

deps:
	@echo "==> deps"
	@scripts/install-deps.sh

deps-build:
	@echo "==> deps (build only)"
	@scripts/install-deps.sh --build

build: deps-build
	@echo "==> swift build"
	$(SWIFT) build

# Interactive: exec the binary directly so it owns the terminal (no pipes).
# Extra flags: make demo ARGS="--seed 2".
demo: deps-build
	@echo "==> swift build"
	@$(SWIFT) build
	@exec $(BIN) demo $(ARGS)

test: deps
	@echo "==> swift build"
	$(SWIFT) build
	@echo "==> swift test"
	$(SWIFT) test
	@echo "==> test stack (Tempo stand-in, real Envoy, real Prometheus)"
	$(PYTHON) -m pytest -q -m "not real_tempo" Tests/stack
	@echo "==> real-Tempo tier (skipped without a Tempo binary, required under CI=true)"
	$(PYTHON) -m pytest -q -m real_tempo Tests/stack
	@echo "==> e2e (pytest, tmux)"
	$(PYTHON) -m pytest -q Tests/e2e

# Only the real-Tempo tier (Tempo from TEMPO_BIN, PATH or ../shared/tools/tempo), against
# the current debug build.
test-real: build
	@echo "==> real-Tempo tier"
	$(PYTHON) -m pytest -q -m real_tempo Tests/stack

# Real Envoy → Triton stand-ins → collector → real Tempo → real Prometheus, with a load
# generator: point `sonicmap live` at the URLs it prints. Ctrl-C stops everything.
# The Tempo stand-in instead: make stack ARGS=--tempo=standin
stack: deps
	@echo "==> stack (Ctrl-C stops it)"
	@exec $(PYTHON) Tests/stack/run_stack.py $(ARGS)

# Only the end-to-end tests, against the current debug build.
test-e2e: build
	@echo "==> e2e (pytest, tmux)"
	$(PYTHON) -m pytest -q Tests/e2e

# Full deps: the bench compares sonicmap's decoders with orjson and jq.
bench: deps
	@echo "==> swift build -c release (sonicmap-bench)"
	$(SWIFT) build -c release --product sonicmap-bench
	@echo "==> bench"
	.build/release/sonicmap-bench

clean:
	@echo "==> clean"
	rm -rf .build Tests/e2e/__pycache__
