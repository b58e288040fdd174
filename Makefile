# Thin wrapper over CMake: `make sample` and `make check` are the two
# commands of the README; both install missing Debian packages first.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps configure build sample check bench clean

all: build

deps:
	@bash scripts/install-deps

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

sample: build
	@mkdir -p $(BUILD)/samples
	$(BUILD)/bifolio samples/letter.md -o $(BUILD)/samples/letter.pdf
	$(BUILD)/bifolio samples/letter.md -o $(BUILD)/samples/letter.epub
	@echo "wrote $(BUILD)/samples/letter.pdf and $(BUILD)/samples/letter.epub"

check: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@bash bench/run.sh $(BUILD)/bifolio

clean:
	rm -rf $(BUILD)
