# Set-up and entry points. Two commands do everything on a fresh Debian 12 machine:
#   make figures   — every figure of the paper at the default profile
#   make test      — the test suite
# Both first install the Debian packages the project links against (only those missing).

DEB_PACKAGES := libhdf5-dev hdf5-tools libopenblas-dev liblapacke-dev libfftw3-dev gnuplot-nox zlib1g-dev pkg-config
# What only the tests need: a real browser to render the report page, pdfinfo to read PDF metadata.
TEST_DEB_PACKAGES := chromium poppler-utils
PROFILE ?= default
JOBS ?=

# OpenBLAS reads OPENBLAS_CORETYPE when the library loads, before main, and Debian's
# 0.3.21 does not recognise recent CPUs (it falls back to its slowest kernel).
# The timescales binary re-executes itself with the right value; the test process
# cannot, so the Makefile sets it here. A value the user set is never overridden.
OPENBLAS_CORETYPE ?= $(shell scripts/openblas-coretype.sh)
export OPENBLAS_CORETYPE

.PHONY: deps test-deps build release test format format-check figures gallery benchmark-pipeline benchmark-engine benchmark-gated benchmark-tau-net clean

deps:
	@scripts/install-deps.sh $(DEB_PACKAGES)

# h5py and pandas let the tests check that artifacts and tables are readable outside this project.
test-deps: deps
	@scripts/install-deps.sh $(TEST_DEB_PACKAGES)
	@python3 -c "import h5py" 2>/dev/null || python3 -m pip install --quiet h5py || echo "warning: h5py not installed; its check is skipped"
	@python3 -c "import pandas" 2>/dev/null || python3 -m pip install --quiet pandas || echo "warning: pandas not installed; its check is skipped"

build: deps
	swift build

# The release binary is rebuilt only when a source changed, so that a `make figures` with
# nothing to do returns at once (swift build itself takes seconds to find nothing to do).
SWIFT_SOURCES := Package.swift $(shell find Sources -type f 2>/dev/null)
RELEASE_BINARY := .build/release/timescales

release: deps $(RELEASE_BINARY)

$(RELEASE_BINARY): $(SWIFT_SOURCES)
	swift build -c release --product timescales
	@touch $@

test: test-deps format-check
	swift build --build-tests
	swift test --skip-build

# The layout of every Swift file is swift-format's (.swift-format); `make format` applies it,
# `make test` checks it first (a few seconds of CPU).
SWIFT_FORMAT_PATHS := Package.swift Sources Tests
format:
	swift format format --in-place --recursive --parallel $(SWIFT_FORMAT_PATHS)

format-check:
	swift format lint --strict --recursive --parallel $(SWIFT_FORMAT_PATHS)

# Every figure of the profile and the claims stage (both are pipeline targets), then the claims table
# and the report page, figures/out/$(PROFILE)/report.html.
figures: release
	$(RELEASE_BINARY) make --profile $(PROFILE) --claims $(if $(JOBS),--jobs $(JOBS),)
	@$(RELEASE_BINARY) report --profile $(PROFILE)

# The README's gallery: docs/figures/*.png and the claims table, from the default profile.
gallery: figures
	PROFILE=$(PROFILE) scripts/update-gallery.sh

benchmark-pipeline: release
	benchmarks/pipeline-overhead.sh

# τ_net + dimensionality at the paper's protocol vs the numpy/scipy reference (needs numpy, scipy,
# h5py; the reference's autocorrelation alone takes ~15 min: AC_NEURONS=50 times it on 50 neurons).
benchmark-tau-net: deps
	swift build -c release --product timescales-bench
	benchmarks/tau-net.sh

# One training step of this engine vs PyTorch (reference-style and idiomatic), one thread each.
# Installs torch (CPU) into .venv-bench/ on first use; builds release itself.
benchmark-engine: deps
	benchmarks/engine-step.sh

# One training step of this engine's GRU/LSTM vs torch.nn.GRU/LSTM (+ head, CE, Adam), one thread each.
benchmark-gated: deps
	benchmarks/gated-step.sh

clean:
	rm -rf .build
