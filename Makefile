# The two commands of the README: `make demo` (the four steps on the simulator, or the real
# service when SEEDANCE_API_KEY is set) and `make test` (every test; installs what it needs).
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
export CARGO_TERM_COLOR ?= never
export MATURIN_NO_INSTALL_RUST := 1
# The journal's PostgreSQL tests (every binding) run against this server; CI has the same one.
export SEEDANCE_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test
CARGO ?= cargo
JOBS ?= 2
CORE_PACKAGES := -p seedance-assets -p seedance-assets-simulator -p seedance-assets-cli -p seedance-assets-codegen

.PHONY: soak soak-smoke demo test lint test-rust test-python test-node test-browser test-terminal test-compat dist demo-rust demo-python demo-node simulator clean bench bench-smoke fuzz fuzz-replay

demo: demo-rust demo-python demo-node

demo-rust:
	@echo "== Rust quickstart"
	$(CARGO) run -j$(JOBS) -q -p seedance-assets --features simulator --example quickstart

demo-python:
	@echo "== Python quickstart"
	bash scripts/python-demo.sh

demo-node:
	@echo "== Node quickstart"
	bash scripts/node-demo.sh

test: lint test-rust test-python test-node test-browser test-terminal test-compat bench-smoke soak-smoke
	@echo "== all test suites passed"

lint:
	$(CARGO) fmt --all -- --check
	node scripts/check-versions.mjs
	$(CARGO) run -j$(JOBS) -q -p seedance-assets-codegen -- --check
	$(CARGO) clippy -j$(JOBS) --workspace --all-features -- -D warnings
	$(CARGO) clippy -j$(JOBS) $(CORE_PACKAGES) --all-targets --all-features -- -D warnings

test-rust:
	bash scripts/s3s-fs.sh
	bash -c 'source scripts/node-lib.sh && ensure_node_modules'
	$(CARGO) test -j$(JOBS) $(CORE_PACKAGES) --all-features

# Coverage-guided fuzzing of the core's parsers (callback, envelope, time, Retry-After, URLs),
# FUZZ_SECONDS per target (default 60); installs cargo-fuzz when missing. A finding fails.
fuzz:
	FUZZ_SECONDS=$${FUZZ_SECONDS:-60} bash scripts/fuzz.sh

# The committed fuzz corpus (seeds + crash reproducers) replayed as a plain test; also part
# of test-rust.
fuzz-replay:
	$(CARGO) test -j$(JOBS) -p seedance-assets --test fuzz_corpus

test-python:
	bash scripts/python-test.sh

test-node:
	bash scripts/node-test.sh

# A person validated in headless Chromium through the CLI's receiver (installs chromium).
test-browser:
	bash scripts/browser-test.sh

# The CLI's scripted --json session against its expected transcript (tests/cli; the wheel's and the
# npm package's CLI meet the same one in test-python and test-node), and its screens (QR read back,
# countdown, progress bars, colours, final table) read from tmux (installs tmux).
test-terminal:
	bash scripts/terminal-test.sh

# The release wheel and npm tarballs on Debian 11 (glibc 2.31, python3 3.9.2): a debootstrap root
# filesystem cached in ~/.cache/seedance-compat (~1 min once), then the quickstarts in it (~1 min);
# every artefact needs glibc <= 2.17. Needs root. Reuses what test-python and test-node built.
test-compat:
	bash tests/compat/run.sh

# The benchmarks (issues 5, 13): release builds, the simulator, every workload (~33 min on 2
# cores; see bench/README.md). Markdown table on stdout, everything in bench/results.json.
# Smaller: BENCH_SCALE=0.1.
bench:
	bash bench/run.sh

# Every benchmark workload once at 1 % size; fails only if a measurement errors. Reuses the
# release wheel (dist/) and addon (native/) that test-python and test-node built.
bench-smoke:
	bash bench/smoke.sh

# Reliability under faults (issue 11): 10,000 uploads + waits per binding against a simulator
# faulting 20 % of requests; fails on a duplicate, a lost or an unfinished operation, or growth
# of RSS / open descriptors. Then (issue 13) 1,000 items onboarded per binding and journal by
# worker processes killed at random, checked against the simulator's records.
# Larger or harsher: SOAK_SCALE=2 SOAK_CHAOS=0.5 make soak.
soak:
	bash scripts/soak.sh

# The same at 1 % size (100 operations, 10 onboarding items per binding): part of `make test`.
soak-smoke:
	SOAK_SCALE=$${SOAK_SCALE:-0.01} bash scripts/soak.sh

# The manylinux2014 wheel, the sdist, and the npm tarballs (main + per-platform) into dist/.
dist:
	bash scripts/python-dist.sh
	bash scripts/node-dist.sh

# Run the simulator on a fixed port for manual exploration: make simulator PORT=8080
simulator:
	$(CARGO) run -j$(JOBS) -q -p seedance-assets-simulator -- --port $${PORT:-8080}

clean:
	$(CARGO) clean
	rm -rf dist .venv node_modules native native-test bench/.venv bench/.build bench/rust-limit/target bench/results.json
	rm -rf fuzz/target fuzz/corpus-work fuzz/artifacts
