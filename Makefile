# Two entry points: `make demo` and `make test`. Both install what is missing (Debian
# packages through apt, Python packages into .venv) and are quick when nothing is.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# postgresql: the register's shared-office database, tested in CI (.ci/start-postgres starts it);
# chromium: the HTML report is tested in a real headless browser.
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie poppler-utils fonts-liberation2 fonts-dejavu-core postgresql chromium
PYTEST_ARGS ?=

.PHONY: demo test sysdeps venv bench samples clean

# The sample PKI is TEST-ONLY (samples/pki/README.md): trusted here for the demo, never in production.
TEST_TRUST := --trust-roots samples/pki --crl samples/pki/test-intermediate.TEST-ONLY.crl
TTHC ?= $(BIN)/tthc

demo: sysdeps $(STAMP)
	@echo; echo "== 1/3 Văn bản chỉ đạo: thể thức, viện dẫn, thời hạn / directives: format, references, deadlines"
	$(TTHC) check samples/directives --fail-on never
	@echo; echo "== 2/3 Hồ sơ TTHC số hóa: thành phần, tệp, số hóa, thời hạn, chữ ký số; bảng tổng hợp và tiến độ ở cuối"
	@echo "       dossiers: components, files, digitization, timeline, signatures; summary and on-time line at the end"
	$(TTHC) validate samples/dossiers $(TEST_TRUST) --format text --fail-on never
	@echo; echo "== 3/3 Chữ ký số trong PDF / PDF signatures"
	$(TTHC) signatures samples/signatures $(TEST_TRUST) --fail-on never

test: sysdeps $(STAMP)
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

bench: sysdeps $(STAMP)
	$(BIN)/python bench/run_all.py

samples: sysdeps $(STAMP)
	$(BIN)/python samples/make_samples.py

# Debian packages: only the missing ones, with sudo when not root.
sysdeps:
	@missing=""; \
	for pkg in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,dask]'
	@touch $(STAMP)

venv: $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
