# Engagement Planner. `make run` starts the app; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test bench bench-load lint screenshots clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

run: $(BIN)/.installed
	$(BIN)/streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false

test: lint
	$(BIN)/python -m pytest -q -n 2 --durations=25

bench: $(BIN)/.installed-dev
	$(BIN)/python scripts/bench.py

bench-load: $(BIN)/.installed-dev
	$(BIN)/python scripts/load_test.py --sessions 50 --duration 60 --servers 2

lint: $(BIN)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy --strict model present ui ingest store report pages app.py

screenshots: $(BIN)/.installed-dev
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
