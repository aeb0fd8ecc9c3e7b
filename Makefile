# wbench: plain Makefile. `make V=1` shows the commands; `make check SAN=1` builds
# and runs the tests with ASan+UBSan in a separate build directory.

VERSION := 0.1.0
PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
PKG_CONFIG ?= pkg-config

ifeq ($(FUZZ),1)
# libFuzzer build: clang, every object instrumented, fuzz targets linked with -fsanitize=fuzzer.
BUILD   := build-fuzz
CC      := clang
SANFLAGS := -fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer
else ifeq ($(SAN),1)
BUILD   := build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD   := build
SANFLAGS :=
endif

PKGS := libnl-3.0 libnl-genl-3.0 libnl-route-3.0 libpcap jansson libcrypto
# Resolved lazily so that `make deps` works before the -dev packages exist.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

CFLAGS  ?= -O2 -g
WFLAGS  := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
CPPFLAGS_ALL = -D_GNU_SOURCE -DWB_VERSION=\"$(VERSION)\" -I. $(PKG_CFLAGS) $(CPPFLAGS)
CFLAGS_ALL   = $(WFLAGS) $(CFLAGS) $(SANFLAGS) -MMD -MP
LDLIBS_ALL   = $(PKG_LIBS) -liperf -lm $(LDLIBS)
LDFLAGS_ALL  = $(SANFLAGS) $(LDFLAGS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRCS  := $(filter-out wbench/cli/main.c,$(wildcard wbench/*/*.c collectors/*.c reports/*.c))
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ  := $(BUILD)/obj/wbench/cli/main.o
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TEST_HELPER_SRCS := $(filter-out $(TEST_SRCS),$(wildcard tests/unit/*.c))
TEST_HELPER_OBJS := $(TEST_HELPER_SRCS:%.c=$(BUILD)/obj/%.o)
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(BUILD)/fuzz/%)

.SECONDARY:
.DELETE_ON_ERROR:

.PHONY: all deps run check check-fast check-vm unit bench fuzz install uninstall clean

all: $(BUILD)/wbench

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/libwbench.a: $(LIB_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/wbench: $(MAIN_OBJ) $(BUILD)/libwbench.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(TEST_HELPER_OBJS) $(BUILD)/libwbench.a
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL) -lcmocka

$(BUILD)/fuzz/%: $(BUILD)/obj/tests/fuzz/%.o $(BUILD)/libwbench.a
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS_ALL) -fsanitize=fuzzer -o $@ $^ $(LDLIBS_ALL)

# `make fuzz` builds the libFuzzer targets (tests/fuzz/fuzz_*.c) into build-fuzz/fuzz/.
ifeq ($(FUZZ),1)
fuzz: $(FUZZ_BINS)
else
fuzz:
	$(Q)$(MAKE) --no-print-directory FUZZ=1 fuzz
endif

# Idempotent: installs only what is missing, and only as root.
deps:
	$(Q)./tests/deps.sh

run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)./tests/run-default.sh $(BUILD)

unit: $(TEST_BINS)

check: deps
	$(Q)$(MAKE) --no-print-directory all unit
	$(Q)./tests/run-all.sh $(BUILD)

# The loop before a push: the layer rule, unit and host tests (no fuzzing, no VM tests).
check-fast: deps
	$(Q)$(MAKE) --no-print-directory all unit
	$(Q)./tests/run-all.sh --parts "layers unit host" $(BUILD)

# The VM tests in one VM boot: all of them and the after-VM report checks, or only the
# named tests/vm scripts: make check-vm T="t_run_gate t_vm_env".
check-vm: deps
	$(Q)$(MAKE) --no-print-directory all unit
	$(Q)./tests/run-all.sh --parts "$(if $(T),vm,vm after-vm)" --vm-tests "$(T)" $(BUILD)

bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)./tests/bench/bench.sh $(BUILD)

install: $(BUILD)/wbench
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/wbench/scenarios \
	    $(DESTDIR)$(PREFIX)/share/doc/wbench/examples $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 0755 $(BUILD)/wbench $(DESTDIR)$(PREFIX)/bin/wbench
	install -m 0644 docs/wbench.1 $(DESTDIR)$(PREFIX)/share/man/man1/wbench.1
	install -m 0644 docs/wbench-completion.bash \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/wbench
	install -m 0644 scenarios/*.json $(DESTDIR)$(PREFIX)/share/wbench/scenarios/
	install -m 0644 README.md docs/*.md docs/*.json $(DESTDIR)$(PREFIX)/share/doc/wbench/
	install -m 0644 docs/examples/*.json $(DESTDIR)$(PREFIX)/share/doc/wbench/examples/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/wbench $(DESTDIR)$(PREFIX)/share/man/man1/wbench.1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/wbench
	rm -rf $(DESTDIR)$(PREFIX)/share/wbench $(DESTDIR)$(PREFIX)/share/doc/wbench

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
