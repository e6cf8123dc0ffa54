# Learning Loop: `make run` to try it, `make test` to check it. Both create .venv/ on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export LEARNING_LOOP_INSTANCE_PATH ?= $(CURDIR)/instance

.PHONY: run test install lint typecheck bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# The links in emails, the survey builder's preview and a campaign's link to share point at the port `make run`
# serves on (the settings' default is port 5000, wrong for `PORT=8000 make run`), unless the variable is set.
RUN_PUBLIC_BASE_URL = $(or $(LEARNING_LOOP_PUBLIC_BASE_URL),http://127.0.0.1:$(PORT))

run: install
	$(BIN)/learning-loop db upgrade
	$(BIN)/learning-loop keys generate --no-passphrase --if-missing
	$(BIN)/learning-loop demo load
	@echo "Feedback app: http://127.0.0.1:$(PORT)/   Staff app: http://127.0.0.1:$(PORT)/admin/"
	LEARNING_LOOP_SCHEDULER_ENABLED=true LEARNING_LOOP_PUBLIC_BASE_URL='$(RUN_PUBLIC_BASE_URL)' $(BIN)/learning-loop serve --host 127.0.0.1 --port $(PORT)

# The suite runs on both cores (pytest-xdist); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

typecheck: install
	$(BIN)/mypy core analysis config feedback_app admin_app wsgi.py

# ruff with the security rules, ruff's formatting, and mypy: what .ci/run checks before the suite.
lint: typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python bench/submit.py
	$(BIN)/python bench/page_weight.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache
