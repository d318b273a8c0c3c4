# Two commands do all the set-up on a fresh Debian machine with rustup:
#   make run    build and run the app (its own local PostgreSQL primary and replica under .data/)
#   make test   run every test: unit, integration (real PostgreSQL), end-to-end (headless Chromium)
# Each installs only what is missing. Nothing is downloaded but from the package registries.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

# Builds live outside the clone so that fresh clones (CI) reuse them.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/hirevoo/target
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/.tools/node_modules/.bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

CARGO_LEPTOS_VERSION := 0.3.10
BINARYEN_VERSION := 132.0.0
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3 }' Cargo.lock)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := $(CARGO_TARGET_DIR)/release/hirevoo-server
PKG := target/site/pkg
FRONT := $(CARGO_TARGET_DIR)/front
# What the Rust wasm target emits; wasm-opt must accept it.
WASM_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue

.PHONY: run test build candidate-bundle bench api-check tools compressors postgres pdftotext chromium e2e-packages

run: tools postgres pdftotext build
	$(BIN) serve

build: tools compressors
	cargo leptos build --release
	$(MAKE) candidate-bundle
	@for file in $(PKG)/*.wasm $(PKG)/*.js; do brotli -f -k -q 11 "$$file"; gzip -f -k -9 "$$file"; done

# The test page's own bundle (app::CandidateApp): candidates download only what that page runs.
candidate-bundle:
	cargo build --locked -p hirevoo --lib --no-default-features --features candidate --target wasm32-unknown-unknown --profile wasm-release --target-dir $(FRONT)
	wasm-bindgen --target web --no-typescript --out-dir $(PKG) --out-name candidate $(FRONT)/wasm32-unknown-unknown/wasm-release/hirevoo.wasm
	wasm-opt -Oz $(WASM_FEATURES) $(PKG)/candidate_bg.wasm -o $(PKG)/candidate.wasm
	rm $(PKG)/candidate_bg.wasm

# The bundles are built first: the integration tests check that every file a page asks for is served.
# One test at a time: each test runs its own server on its own runtime, and Leptos's executor is
# global, so a task spawned for one test's request could land on another test's runtime and die
# with it (seen as a request that never answers, about one run of the page tests in ten).
test: tools postgres pdftotext chromium e2e-packages
	$(MAKE) build
	timeout 1800 cargo test --locked -p app --features ssr -p hirevoo-server -p style -- --test-threads=1
	node --test extension/
	cd end2end && HIREVOO_BIN=$(BIN) npx playwright test
	$(MAKE) api-check

# The REST API under schemathesis (from PyPI, into .tools/venv), against its OpenAPI document.
api-check: postgres
	server/tests/api-check.sh 120

# Figures go to docs/benchmarks.md by hand, with the machine they came from.
bench: tools postgres pdftotext build
	@command -v wrk >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y wrk)
	server/benches/http.sh
	server/benches/saves.sh
	server/benches/requisitions.sh
	server/benches/board.sh
	server/benches/pipeline.sh
	server/benches/interviews.sh
	server/benches/flags.sh
	server/benches/usage.sh
	server/benches/delegation.sh

tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)" || cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@wasm-opt --version 2>/dev/null | grep -q "version $(firstword $(subst ., ,$(BINARYEN_VERSION)))" || npm install --no-audit --no-fund --prefix .tools binaryen@$(BINARYEN_VERSION)

compressors:
	@command -v brotli >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y brotli)

postgres:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		($(SUDO) apt-get update && $(SUDO) apt-get install -y postgresql)

# Résumés' text is extracted with Debian's pdftotext, so that candidate search finds words in them.
pdftotext:
	@command -v pdftotext >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y poppler-utils)

chromium:
	@[ -x /usr/bin/chromium ] || ($(SUDO) apt-get update && $(SUDO) apt-get install -y chromium)

e2e-packages:
	@[ -d end2end/node_modules/@axe-core/playwright ] || (cd end2end && npm ci --no-audit --no-fund)
