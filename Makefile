# Stadslab: `make demo` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py
TRANSLATIONS := participation/translations
# The core catalogue, plus one per feature package (participation/<feature>/translations), merged at run time.
PO_FILES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po participation/*/translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: demo test translations update-messages messages bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ 2>/dev/null || $(BIN)/pybabel compile -i $< -o $@

translations: $(MO_FILES)

## demo: install, seed two demo municipalities in SQLite databases and serve them on one installation:
## Gent on http://127.0.0.1:5000, Oudsbergen on http://localhost:5000 (the host picks the municipality)
DEMO_REGISTRY ?= sqlite:///$(CURDIR)/instance/municipalities.sqlite
demo: $(VENV)/.installed translations
	MUNICIPALITIES_DATABASE_URL=$(DEMO_REGISTRY) $(BIN)/flask demo
	@echo "Serving Gent on http://127.0.0.1:5000 and Oudsbergen on http://localhost:5000 (Ctrl+C to stop)"
	MUNICIPALITIES_DATABASE_URL=$(DEMO_REGISTRY) $(BIN)/flask run --host 127.0.0.1 --port 5000

## test: the whole suite on SQLite (set TEST_DATABASE_URL for PostgreSQL), in parallel
# One xdist worker per core, at most four: each worker has its own database (tests/databases.py),
# live server, localstripe and ports. TEST_WORKERS=0 runs in one process (for a debugger).
TEST_WORKERS ?= auto
test: $(VENV)/.installed-dev translations
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses=4 --durations=25 $(PYTEST_ARGS)

## update-messages: refresh the core catalogue (participation/ and templates/ outside feature packages)
## messages PACKAGE=ideas: refresh one feature's catalogue (participation/ideas and templates/ideas)
update-messages: $(VENV)/.installed
	$(BIN)/python -m participation.core.catalogues core
	@for lang in nl fr en; do test -f $(TRANSLATIONS)/$$lang/LC_MESSAGES/messages.po || $(BIN)/pybabel init -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -l $$lang; done
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

messages: $(VENV)/.installed
	$(BIN)/python -m participation.core.catalogues $(PACKAGE)
	@for lang in nl fr en; do test -f participation/$(PACKAGE)/translations/$$lang/LC_MESSAGES/messages.po || $(BIN)/pybabel init -i participation/$(PACKAGE)/translations/messages.pot -d participation/$(PACKAGE)/translations -l $$lang; done
	$(BIN)/pybabel update -i participation/$(PACKAGE)/translations/messages.pot -d participation/$(PACKAGE)/translations --no-fuzzy-matching --ignore-obsolete

bench: $(VENV)/.installed-dev translations
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) instance/stadslab.sqlite instance/oudsbergen.sqlite instance/municipalities.sqlite $(MO_FILES)
