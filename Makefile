# Bryggan: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run serve test test-browser bench lint format messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

node_modules/axe-core/axe.min.js: package.json
	npm install --no-audit --no-fund --silent

run: install
	mkdir -p var
	$(BIN)/bryggan migrate --no-input
	$(BIN)/bryggan seed_demo
	$(BIN)/bryggan collectstatic --no-input -v0
	@echo "Bryggan on http://127.0.0.1:$(PORT)/ (log in as coordinator@example.org / bryggan-demo)"
	trap 'kill 0' INT TERM EXIT; \
	$(BIN)/bryggan db_worker --interval 1 & \
	$(BIN)/bryggan scheduler & \
	$(BIN)/bryggan runserver 127.0.0.1:$(PORT)

test: install node_modules/axe-core/axe.min.js
	$(BIN)/pytest -q $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check bryggan tests bench
	$(BIN)/ruff format --check bryggan tests bench
	$(BIN)/mypy bryggan

format: install
	$(BIN)/ruff format bryggan tests bench
	$(BIN)/ruff check --fix bryggan tests bench

messages: install
	for app in bryggan/*/; do if [ -d "$$app/templates" ] || [ -f "$$app/models.py" ]; then \
	  (cd $$app && mkdir -p locale && ../../$(BIN)/bryggan makemessages -l sv --no-obsolete -v0); fi; done
	$(BIN)/bryggan compilemessages -v0

clean:
	rm -rf $(VENV) node_modules var/static
