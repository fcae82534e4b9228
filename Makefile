# The two commands of the README: `make book` and `make test`. Each sets up
# the virtual environment first (once; again when a requirements file changes).
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
# An inherited MPLBACKEND=Agg would stop notebooks from showing figures inline.
# One BLAS thread (the notebooks are stored with one) and no progress bars.
# `make test-notebooks BLAS_THREADS=2` checks that two threads pass too.
BLAS_THREADS ?= 1
RUN := env -u MPLBACKEND TQDM_DISABLE=1 OPENBLAS_NUM_THREADS=$(BLAS_THREADS) OMP_NUM_THREADS=$(BLAS_THREADS) MKL_NUM_THREADS=$(BLAS_THREADS)

.PHONY: setup book test test-notebooks refresh benchmark clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt code/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

book: setup
	$(RUN) $(VENV)/bin/jupyter-book build . -W -n --keep-going

test: setup
	$(RUN) $(PY) -m pytest

# Only the notebooks: re-execute every chapter and compare its outputs
# (part of `make test`; CI also runs it on other kinds of CPU).
test-notebooks: setup
	$(RUN) $(PY) -m pytest chapters

# make refresh NB=chapters/02-neurons.ipynb   (or NB="chapters/*.ipynb")
refresh: setup
	$(RUN) $(PY) tools/refresh.py $(NB)

# How long each chapter takes to execute, without changing it; then the
# library next to PyTorch on the book's workloads (PyTorch is optional:
# pip install torch). The benchmark sets its own thread counts (1, then 2),
# so it runs without RUN's one-thread limit.
benchmark: setup
	$(RUN) $(PY) tools/refresh.py --dry-run chapters/*.ipynb
	env -u MPLBACKEND TQDM_DISABLE=1 $(PY) tools/benchmark.py

clean:
	rm -rf _build
