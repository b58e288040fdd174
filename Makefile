# Thin wrapper over CMake: `make sample` and `make check` are the two
# commands of the README; both install missing Debian packages first.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps configure build sample check check-asan fuzz bench install clean

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
	@# The letter under each sheet in styles/.
	$(BUILD)/bifolio samples/letter.md --style styles/letter.css -o $(BUILD)/samples/letter-letter.pdf
	$(BUILD)/bifolio samples/letter.md --style styles/booklet.css -o $(BUILD)/samples/letter-booklet.pdf
	$(BUILD)/bifolio samples/letter.md --style styles/booklet.css --booklet -o $(BUILD)/samples/letter-booklet-imposed.pdf
	$(BUILD)/bifolio samples/letter.md --style styles/ebook.css -o $(BUILD)/samples/letter-ebook.epub
	$(BUILD)/bifolio samples/letter-fa.md --style styles/persian.css -o $(BUILD)/samples/letter-persian.pdf
	@# Urdu in Nastaliq and pointed Hebrew, each beside English.
	$(BUILD)/bifolio samples/letter-ur.md -o $(BUILD)/samples/letter-ur.pdf
	$(BUILD)/bifolio samples/letter-ur.md -o $(BUILD)/samples/letter-ur.epub
	$(BUILD)/bifolio samples/letter-he.md -o $(BUILD)/samples/letter-he.pdf
	$(BUILD)/bifolio samples/letter-he.md -o $(BUILD)/samples/letter-he.epub
	@echo "wrote $(BUILD)/samples/letter.pdf and letter.epub, the letter under each sheet in styles/, and the Urdu and Hebrew letters beside them"

check: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The whole suite again under AddressSanitizer and UndefinedBehaviorSanitizer.
check-asan: deps
	@cmake -S . -B $(BUILD)-asan -DCMAKE_BUILD_TYPE=Debug -DBIFOLIO_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD)-asan -j $(JOBS)
	@cd $(BUILD)-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

# Each libFuzzer target for FUZZ_SECONDS (default 60) under ASan and UBSan.
FUZZ_SECONDS ?= 60
fuzz: deps
	@CC=clang cmake -S . -B $(BUILD)-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBIFOLIO_FUZZ=ON >/dev/null
	@cmake --build $(BUILD)-fuzz -j $(JOBS)
	@ASAN_OPTIONS=detect_leaks=0 bash tests/fuzz/run-fuzzers.sh $(BUILD)-fuzz $(FUZZ_SECONDS)

# The program, libbifolio.so.0, its header and pkg-config file, the fonts,
# the style sheets and the man page under PREFIX (movable as a whole).
PREFIX ?= /usr/local
install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

bench: build
	@bash bench/run.sh $(BUILD)/bifolio

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-fuzz
