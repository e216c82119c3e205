# The two set-up commands (README): `make demo` and `make test`. Both build the virtualenv first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PULUMI_CONFIG_PASSPHRASE ?= dev-stack-passphrase

.PHONY: demo test lint bench check-fresh clean venv

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

## Run the dev stack (two tenants, every component) against the embedded emulator and print the handoffs.
demo: $(STAMP)
	$(BIN)/gcx demo --stack dev

## Lint and the whole test suite (benchmarks excluded).
test: $(STAMP) lint
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check gcx components tests bench __main__.py

## Benchmarks (not part of make test); results go to bench/README.md by hand.
bench: $(STAMP)
	$(BIN)/python -m pytest -q -m benchmark -p no:xdist bench -s

## Clone into a temp dir (../shared beside it) and run the two README commands as a new user would.
check-fresh:
	bash scripts/check_fresh.sh

clean:
	rm -rf $(VENV) .gcx
