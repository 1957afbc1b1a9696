# The two commands of the README:
#   make serve   set up, build the index of the bundled corpus if there is none, serve the site
#   make test    set up (including Chromium for the browser tests) and run lint + the test suite

VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed

.PHONY: serve test setup browser lint bench relevance clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/vraagbaak serve

# Debian's Chromium drives the browser tests; nothing downloads a browser of its own.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	elif [ -n "$$CI" ]; then echo "CI needs Chromium: run as root or install chromium" >&2; exit 1; \
	else echo "Chromium not installed (apt-get install chromium): browser tests will be skipped"; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) browser lint
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench

relevance: $(STAMP)
	$(BIN)/python -m bench.relevance

clean:
	rm -rf $(VENV) instance/index test-output bench/out
