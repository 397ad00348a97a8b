# Bản tin: `make build` then `make test` on a fresh machine. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: build serve check test bench clean browser

build: $(STAMP)
	$(PY) scripts/build.py

# --dirty: after an edit, only pages whose inputs changed are rendered again
# (bantin/incremental.py); a one-article edit shows in about a second.
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty -a 127.0.0.1:8000

check: $(STAMP)
	@$(PY) -m bantin.check

test: $(STAMP) browser $(NODE_STAMP)
	$(PY) -m pytest -q tests

# Bulletin vs Material's blog plugin (the peer) and plain MkDocs (the floor) on N
# synthetic articles: `make bench N=5000`;
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

clean:
	rm -rf site site.new site.old .cache .pytest_cache
