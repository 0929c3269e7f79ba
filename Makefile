# `make run` and `make test` (both create .venv on first use); `make image` builds the
# container image.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint typecheck pytest bench image clean

run: $(VENV)/.installed
	$(BIN)/python -m service serve

test: $(VENV)/.installed-dev lint typecheck pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

pytest: $(VENV)/.installed-dev
	$(BIN)/python -m service policies check policies
	$(BIN)/pytest

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/scan_bench.py

# The container image (README, "The container"): podman where it is installed, else docker.
# BASE=IMAGE builds on another base image; IMAGE_FLAGS adds flags to the build.
ENGINE      ?= $(if $(shell command -v podman),podman,docker)
IMAGE       ?= moderato
BASE        ?=
IMAGE_FLAGS ?=
# Podman only: chroot isolation, as these machines refuse the OCI runtime's rlimits; the
# docker format, as OCI images drop HEALTHCHECK; the host's package-index settings and CA
# bundle, read-only, for the pip install inside the build (only those that exist).
PODMAN_BUILD := --isolation chroot --format docker \
	$(foreach file,$(wildcard /etc/pip.conf /etc/ssl/certs/ca-certificates.crt),--volume $(file):$(file):ro)

image:
	$(ENGINE) build $(if $(filter podman,$(notdir $(ENGINE))),$(PODMAN_BUILD)) \
		$(if $(BASE),--build-arg BASE=$(BASE)) $(IMAGE_FLAGS) --tag $(IMAGE) --file Containerfile .

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
