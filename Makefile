# Bản tin: `make build` then `make test` on a fresh machine. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PD_VENV := .venv-properdocs
PD_STAMP := $(PD_VENV)/.installed
# frictionless in its own venv: its dependencies stay out of the site's (requirements-frictionless.lock).
FL_VENV := .venv-frictionless
FL_STAMP := $(FL_VENV)/.installed
EDITOR_STAMP := editor/node_modules/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: build serve edit check import lint test test-unit bench clean browser properdocs fonts java

# In a terminal (a press officer at the keyboard) a failed check or build ends with our
# own Vietnamese summary, not make's "*** Error 1" line; in scripts and CI (no terminal,
# or CI set) the exit status is kept, so a failure still fails the pipeline.
SPARE := || { status=$$?; [ -t 1 ] && [ -z "$$CI" ] || exit $$status; }

# Incremental: only pages whose inputs changed are rendered, the others are linked from
# the last good site (bantin/incremental.py); nothing changed, nothing is built.
# `make build FULL=1` renders every page.
build: $(STAMP) fonts
	@$(PY) scripts/build.py $(if $(FULL),--full) $(SPARE)

# --dirty: after an edit, only pages whose inputs changed are rendered again
# (bantin/incremental.py); a one-article edit shows in about a second.
# scripts/serve.py: `mkdocs serve` that refuses (403) any Host but 127.0.0.1:8000 / localhost:8000.
serve: $(STAMP) fonts
	$(PY) scripts/serve.py --port 8000

# Preview plus Decap CMS at http://127.0.0.1:8000/admin/ and decap-server on 127.0.0.1:8081
# (bantin/editor/); both pinned in editor/package-lock.json (its own lock: with the test
# tools the lock would pass 300 KB), served from editor/node_modules. Ctrl+C stops both.
edit: $(STAMP) fonts browser $(EDITOR_STAMP)
	$(PY) scripts/edit.py --port 8000 --backend-port 8081

check: $(STAMP)
	@$(PY) -m bantin.check $(SPARE)

# A press report (.docx, .txt, .md) becomes a draft article: `make import FILE=bao-cao.docx`.
# The last line printed is the new article's path (bantin/importer/).
import: $(STAMP)
	@$(PY) -m bantin.importer "$(FILE)"

# Lint first: a style slip fails in a second, before minutes of builds and browsers.
lint: $(STAMP)
	$(BIN)/ruff check .

test: lint fonts browser java $(NODE_STAMP) $(EDITOR_STAMP) $(PD_STAMP) $(FL_STAMP)
	$(PY) -m pytest -q tests

# The pure tests only (marker `unit`): a few seconds, no site build, no browser, no npm.
test-unit: $(STAMP)
	$(PY) -m pytest -q -m unit tests

# Bulletin vs Material's blog plugin (the peer) and plain MkDocs (the floor) on N
# synthetic articles: `make bench N=5000`;
# more options (--growth, --profile, --reps, --photos) through BENCH_ARGS.
N ?= 1000
bench: $(STAMP)
	$(PY) scripts/bench.py --n $(N) $(BENCH_ARGS)

$(STAMP): requirements.txt requirements.lock plugins/pyproject.toml pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e plugins
	touch $(STAMP)

# ProperDocs (the continuation of MkDocs 1.x) in its own environment, for
# tests/test_properdocs.py: the same site must come out of both engines.
properdocs: $(PD_STAMP)

$(PD_STAMP): requirements-properdocs.lock plugins/pyproject.toml
	test -x $(PD_VENV)/bin/python || $(PYTHON) -m venv $(PD_VENV)
	$(PD_VENV)/bin/python -m pip install --quiet --no-deps -r requirements-properdocs.lock
	$(PD_VENV)/bin/python -m pip install --quiet --no-deps -e plugins
	touch $@

# Debian's Chromium for the browser tests; never a browser downloaded at run time.
browser:
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-core; }
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }

# Noto Sans (every Vietnamese letter) draws the share cards of pages without a photo.
fonts:
	@test -f /usr/share/fonts/truetype/noto/NotoSans-Bold.ttf || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq fonts-noto-core; }

# Java runs the Nu HTML Checker (npm vnu-jar) in the tests.
java:
	@command -v java >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless; }

$(FL_STAMP): requirements-frictionless.lock
	test -x $(FL_VENV)/bin/python || $(PYTHON) -m venv $(FL_VENV)
	$(FL_VENV)/bin/python -m pip install --quiet -r requirements-frictionless.lock
	touch $(FL_STAMP)

# axe-core and Lighthouse for the accessibility tests, and vnu-jar (the Nu HTML Checker),
# pinned by package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

# Decap CMS and decap-server for `make edit` (and its tests), pinned by editor/package-lock.json.
$(EDITOR_STAMP): editor/package.json editor/package-lock.json
	cd editor && npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site site.new site.new-* site.old .cache .pytest_cache
