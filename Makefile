# The two commands (see README): `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
DEPS   := requirements.txt requirements-dev.txt pyproject.toml
RUNTIME_STAMP := $(VENV)/.runtime-$(shell cat requirements.txt pyproject.toml | sha1sum | cut -c1-12)
DEV_STAMP     := $(VENV)/.dev-$(shell cat $(DEPS) | sha1sum | cut -c1-12)

.PHONY: run test install install-dev unit integration bench dlq clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip 'setuptools<81' wheel

$(RUNTIME_STAMP): $(VENV)/bin/python requirements.txt pyproject.toml
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(RUNTIME_STAMP)
install-dev: $(DEV_STAMP)

## make run: install, migrate, start every service, the gateway and the sandbox payment provider, load demo data (Ctrl-C stops)
run: install
	bash scripts/ensure-infra.sh rabbitmq redis
	$(PY) -m kit.launcher

## make test: install and run the whole suite against the real PostgreSQL, RabbitMQ and Redis
test: install-dev
	bash scripts/ensure-infra.sh postgresql rabbitmq redis pdf browser
	$(PY) -m kit.testing.run $(PYTEST_ARGS)

unit: install-dev
	bash scripts/ensure-infra.sh browser
	$(PY) -m kit.testing.run -m "not integration" $(PYTEST_ARGS)

integration: install-dev
	bash scripts/ensure-infra.sh postgresql rabbitmq redis pdf
	$(PY) -m kit.testing.run tests/integration $(PYTEST_ARGS)

## make bench: the production shape started, every benchmark beside its raw baseline of the same run,
## bench/results/report.md + .json (not part of `make test`); make bench BENCH_ARGS=--quick for a short look
bench: install-dev
	bash scripts/ensure-infra.sh postgresql rabbitmq redis wrk
	$(PY) -m bench $(BENCH_ARGS)

## make dlq: dead-letter counts of every handler queue; make dlq show <queue>, make dlq replay <queue>
ifeq (dlq,$(firstword $(MAKECMDGOALS)))
DLQ_ARGS := $(wordlist 2,$(words $(MAKECMDGOALS)),$(MAKECMDGOALS))
$(eval $(DLQ_ARGS):;@:)
endif
dlq: install
	$(PY) -m kit.dlq $(or $(DLQ_ARGS),status)

clean:
	rm -rf $(VENV) var .pytest_cache
