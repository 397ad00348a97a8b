# Bản tin: `make build` then `make test` on a fresh machine. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
EDITOR_STAMP := editor/node_modules/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: build serve edit check test bench clean browser

build: $(STAMP)
	$(PY) scripts/build.py

# --dirty: after an edit, only pages whose inputs changed are rendered again
# (bantin/incremental.py); a one-article edit shows in about a second.
# scripts/serve.py: `mkdocs serve` that refuses (403) any Host but 127.0.0.1:8000 / localhost:8000.
serve: $(STAMP)
	$(PY) scripts/serve.py --port 8000

# Preview plus Decap CMS at http://127.0.0.1:8000/admin/ and decap-server on 127.0.0.1:8081
# (bantin/editor/); both pinned in editor/package-lock.json (its own lock: with the test
# tools the lock would pass 300 KB), served from editor/node_modules. Ctrl+C stops both.
edit: $(STAMP) browser $(EDITOR_STAMP)
	$(PY) scripts/edit.py --port 8000 --backend-port 8081

check: $(STAMP)
	@$(PY) -m bantin.check

test: $(STAMP) browser $(NODE_STAMP) $(EDITOR_STAMP)
	$(PY) -m pytest -q tests

# Bulletin vs plain MkDocs on N synthetic articles: `make bench N=5000`;
# more options (--growth, --profile, --reps, --photos) through BENCH_ARGS.
N ?= 1000
bench: $(STAMP)
	$(PY) scripts/bench.py --n $(N) $(BENCH_ARGS)

$(STAMP): requirements.txt requirements.lock plugins/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e plugins
	touch $(STAMP)

# Debian's Chromium for the browser tests; never a browser downloaded at run time.
browser:
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-core; }
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }

# axe-core and Lighthouse for the accessibility tests, pinned by package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

# Decap CMS and decap-server for `make edit` (and its tests), pinned by editor/package-lock.json.
$(EDITOR_STAMP): editor/package.json editor/package-lock.json
	cd editor && npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site site.new site.old .cache .pytest_cache
