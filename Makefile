# sonicmap: make demo · make test · make install · make bench
# Each target installs what it needs when missing (scripts/install-deps.sh).

SWIFT   ?= swift
VENV    := $(CURDIR)/.venv
PYTHON  ?= $(VENV)/bin/python
BIN     := .build/debug/sonicmap
PREFIX  ?= /usr/local
DESTDIR ?=

# The test stack's Python packages and Envoy live in .venv/ (Tests/requirements.txt); the
# Swift tests start `python3` by name, so .venv/bin comes first on PATH for everything here.
export PATH := $(VENV)/bin:$(PATH)

.PHONY: all deps deps-build stamp build demo test test-real test-e2e golden stack bench install uninstall fuzz clean

all: build

deps:
	@echo "==> deps"
	@scripts/install-deps.sh

deps-build:
	@echo "==> deps (build only)"
	@scripts/install-deps.sh --build

# `sonicmap --version` names the commit it was built from (Sources/CBuildInfo/commit.h).
stamp:
	@scripts/stamp-commit.sh

build: deps-build stamp
	@echo "==> swift build"
	$(SWIFT) build

# Interactive: exec the binary directly so it owns the terminal (no pipes).
# Extra flags: make demo ARGS="--seed 2".
demo: deps-build stamp
	@echo "==> swift build"
	@$(SWIFT) build
	@exec $(BIN) demo $(ARGS)

test: deps stamp
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
test-e2e: deps build
	@echo "==> e2e (pytest, tmux)"
	$(PYTHON) -m pytest -q Tests/e2e

# Re-record the golden frames and the --help snapshots after a deliberate change; review
# the diff (git diff Tests/) before committing it.
golden: deps build
	@echo "==> re-record goldens"
	SONICMAP_RECORD_GOLDEN=1 $(SWIFT) test --filter SonicMapUITests
	SONICMAP_RECORD_HELP=1 $(PYTHON) -m pytest -q Tests/e2e/test_help.py

# Full deps: the bench compares sonicmap's decoders with orjson and jq.
bench: deps stamp
	@echo "==> swift build -c release (sonicmap-bench)"
	$(SWIFT) build -c release --product sonicmap-bench
	@echo "==> bench"
	.build/release/sonicmap-bench

# A release binary, the themes, bash/zsh/fish completions and a man page under
# $(DESTDIR)$(PREFIX): make install PREFIX=$$HOME/.local
install: deps-build stamp
	@echo "==> swift build -c release"
	$(SWIFT) build -c release --product sonicmap
	$(SWIFT) build -c release --product generate-manual
	@echo "==> install into $(DESTDIR)$(PREFIX)"
	rm -rf .build/install && mkdir -p .build/install/man
	.build/release/generate-manual .build/release/sonicmap --output-directory .build/install/man
	.build/release/sonicmap --generate-completion-script bash > .build/install/sonicmap.bash
	.build/release/sonicmap --generate-completion-script zsh > .build/install/_sonicmap
	.build/release/sonicmap --generate-completion-script fish > .build/install/sonicmap.fish
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/sonicmap/themes \
		$(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 .build/release/sonicmap $(DESTDIR)$(PREFIX)/bin/sonicmap
	install -m 644 themes/*.yaml $(DESTDIR)$(PREFIX)/share/sonicmap/themes/
	install -m 644 .build/install/man/sonicmap.1 $(DESTDIR)$(PREFIX)/share/man/man1/sonicmap.1
	install -m 644 .build/install/sonicmap.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/sonicmap
	install -m 644 .build/install/_sonicmap $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_sonicmap
	install -m 644 .build/install/sonicmap.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/sonicmap.fish
	@echo "installed $$($(DESTDIR)$(PREFIX)/bin/sonicmap --version)"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/sonicmap $(DESTDIR)$(PREFIX)/share/man/man1/sonicmap.1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/sonicmap \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_sonicmap \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/sonicmap.fish
	rm -rf $(DESTDIR)$(PREFIX)/share/sonicmap

# The mutation fuzzer at length, from the debug build (no second build): a crash or hang
# saves its input under .fuzz/ with the seed and case number. make fuzz CASES=20000 SEED=7
CASES ?= 20000
SEED  ?= 1
fuzz: build
	@echo "==> fuzz ($(CASES) cases, seed $(SEED))"
	.build/debug/sonicmap-fuzz --cases $(CASES) --seed $(SEED) --out .fuzz

clean:
	@echo "==> clean"
	rm -rf .build .fuzz Tests/e2e/__pycache__ Tests/stack/__pycache__
