# sonicmap: make demo · make test · make bench
# Each target installs what it needs when missing (scripts/install-deps.sh).

SWIFT   ?= swift
PYTHON  ?= python3
BIN     := .build/debug/sonicmap

.PHONY: all deps deps-build build demo test test-e2e stack bench fuzz clean

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
	$(PYTHON) -m pytest -q Tests/stack
	@echo "==> e2e (pytest, tmux)"
	$(PYTHON) -m pytest -q Tests/e2e

# Real Envoy → Triton stand-ins → Tempo stand-in, and Prometheus with data, with a load
# generator: point `sonicmap live` at the URLs it prints. Ctrl-C stops everything.
stack: deps
	@echo "==> stack (Ctrl-C stops it)"
	@exec $(PYTHON) Tests/stack/run_stack.py

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

# The mutation fuzzer at length, from the debug build (no second build): a crash or hang
# saves its input under .fuzz/ with the seed and case number. make fuzz CASES=20000 SEED=7
CASES ?= 20000
SEED  ?= 1
fuzz: build
	@echo "==> fuzz ($(CASES) cases, seed $(SEED))"
	.build/debug/sonicmap-fuzz --cases $(CASES) --seed $(SEED) --out .fuzz

clean:
	@echo "==> clean"
	rm -rf .build .fuzz Tests/e2e/__pycache__
