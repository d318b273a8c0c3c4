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

.PHONY: run test build bench tools postgres chromium e2e-packages

run: tools postgres build
	$(BIN) serve

build: tools
	cargo leptos build --release

test: tools postgres chromium e2e-packages
	timeout 1800 cargo test --locked -p app --features ssr -p hirevoo-server -p style
	cargo leptos build --release
	cd end2end && HIREVOO_BIN=$(BIN) npx playwright test

# Figures go to docs/benchmarks.md by hand, with the machine they came from.
bench: tools postgres build
	@command -v wrk >/dev/null && command -v brotli >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y wrk brotli)
	server/benches/http.sh
	server/benches/saves.sh

tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)" || cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@wasm-opt --version 2>/dev/null | grep -q "version $(firstword $(subst ., ,$(BINARYEN_VERSION)))" || npm install --no-audit --no-fund --prefix .tools binaryen@$(BINARYEN_VERSION)

postgres:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		($(SUDO) apt-get update && $(SUDO) apt-get install -y postgresql)

chromium:
	@[ -x /usr/bin/chromium ] || ($(SUDO) apt-get update && $(SUDO) apt-get install -y chromium)

e2e-packages:
	@[ -d end2end/node_modules/@playwright/test ] || (cd end2end && npm ci --no-audit --no-fund)
