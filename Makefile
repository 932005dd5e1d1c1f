# cdesk — a terminal complaint desk.
#   make          build ./cdesk, its catalogues and completions (only builds: see make deps)
#   make deps     install the Debian packages to build and test (as root), or print the apt-get line
#   make run      install what is missing (make deps), build and open the desk on the default database
#   make check    install what is missing (make deps), build and run every test
#   make asan     run every test again under ASan + UBSan
#   make valgrind run the end-to-end tests with cdesk under valgrind
#   make install  install under $(PREFIX) (honours DESTDIR, SYSCONFDIR, BINDIR, DATADIR, MANDIR …)
#   make deb      build the Debian package, check it with lintian, install, try and purge it
#   make bench    time cdesk against sqlite3 floors at 10k-1M complaints (docs/performance.md)
#   make fuzz     fuzz the parsers with libFuzzer, FUZZ_SECONDS (60) each (tests/fuzz/README.md)

# Where 'make install' puts things. LOCALEDIR and SYSCONFDIR are compiled
# in: the catalogues are looked for in LOCALEDIR (after build/locale next
# to the binary, so ./cdesk finds its own), the system configuration is
# $(SYSCONFDIR)/cdesk/config.yaml.
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share
LOCALEDIR  ?= $(DATADIR)/locale
MANDIR     ?= $(DATADIR)/man
DOCDIR     ?= $(DATADIR)/doc/cdesk
SYSCONFDIR ?= /etc
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  ?= $(DATADIR)/zsh/vendor-completions

VERSION  := 0.1.0
BUILD    ?= build
BIN      ?= cdesk
CC       ?= cc
PKGS      = sqlite3 yaml-0.1 jansson ncursesw libsodium libcrypto libcurl libpq
WARN      = -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes -Wmissing-prototypes \
	    -Wformat=2 -Wundef -Wvla -Wwrite-strings -Wno-missing-field-initializers \
	    -Wdouble-promotion -Wold-style-definition -Wredundant-decls -Wnested-externs -Winit-self \
	    -Wmissing-declarations -Wcast-align -Walloca
# CPPFLAGS, CFLAGS and LDFLAGS are the packager's (dpkg-buildflags): they
# reach every compile and link; EXTRA_CFLAGS adds to CFLAGS (CI: -Werror).
CFLAGS   ?= -O2 -g
ALL_CPPFLAGS = -Iinclude -Isrc -DCDESK_VERSION='"$(VERSION)"' -DLOCALEDIR='"$(LOCALEDIR)"' \
	     -DCDESK_SYSCONFDIR='"$(SYSCONFDIR)"' $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CPPFLAGS)
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(EXTRA_CFLAGS)
COMPILE   = $(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS)
LINK      = $(CC) $(ALL_CFLAGS) $(LDFLAGS)
LIBS      = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
# Each object's header dependencies, written by the compiler.
DEPFLAGS  = -MMD -MP

# Debian packages: what building needs (debian/control's Build-Depends),
# what the tests add, and what make bench, make fuzz and make deb add.
DEBS_BUILD = make pkg-config gettext libsqlite3-dev libyaml-dev libjansson-dev libncurses-dev libsodium-dev \
	     libssl-dev libcurl4-openssl-dev libpq-dev
DEBS_TEST  = libcmocka-dev tmux sqlite3 jq locales valgrind clang clang-tidy cppcheck python3-aiosmtpd openssl msmtp \
	     postgresql-15 postgresql-client-15
DEBS_BENCH = hyperfine time taskwarrior
DEBS_FUZZ  = clang libclang-rt-dev
DEBS_DEB   = debhelper dpkg-dev fakeroot lintian man-db libcmocka-dev
DEBS       = $(DEBS_BUILD) $(DEBS_TEST)

CORE_SRC  = $(wildcard src/core/*.c) $(wildcard src/store/*.c) $(wildcard src/desk/*.c)
APP_SRC   = $(wildcard src/cli/*.c) $(wildcard src/tui/*.c) src/main.c
CORE_OBJ  = $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/default_config.o
APP_OBJ   = $(APP_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC  = $(wildcard tests/unit/test_*.c)
UNIT_BIN  = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_TARGETS = config csv import duration time args
FUZZ_OBJ  = $(CORE_OBJ) $(filter-out $(BUILD)/src/main.o,$(APP_OBJ))
LANGS     = zh_CN en
MO        = $(LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/cdesk.mo)
COMPLETIONS = $(BUILD)/completion/cdesk.bash $(BUILD)/completion/_cdesk

.PHONY: FORCE all deps run check check-built unit e2e e2e-pg e2e-both asan valgrind lint tidy install uninstall clean pot po-check update-po bench bench-clean \
	fuzz fuzz-regress deb

# Only builds: installs nothing, asks dpkg nothing.
all: $(BIN) $(MO) $(COMPLETIONS)

# Install what is missing (as root), or say exactly what to install. DEBS is
# the list: 'make deps DEBS="…"' checks another one (make bench does;
# 'make deps DEBS="$(DEBS_BUILD)"' only what building needs). The targets
# that set up a fresh machine (run, check, asan, valgrind, lint) go through
# this stamp first, once per change of the Makefile.
$(BUILD)/.deps: Makefile
	@mkdir -p $(BUILD)
	@$(MAKE) --no-print-directory deps
	@touch $@

deps:
	@missing=""; \
	for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  if ! locale -a 2>/dev/null | grep -qi '^zh_CN.utf8$$'; then \
	    sed -i 's/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/' /etc/locale.gen 2>/dev/null; locale-gen >/dev/null 2>&1 || true; \
	  fi; \
	else \
	  echo "cdesk needs these Debian packages:$$missing"; \
	  echo "Install them with:  sudo apt-get install$$missing   (or run 'sudo make deps')"; \
	  exit 1; \
	fi

$(BIN): $(CORE_OBJ) $(APP_OBJ)
	$(LINK) -o $@ $^ $(LIBS)

# An object without its .d (from a tree built before -MMD, or a .d lost)
# is built again: nothing says which headers it was made from.
$(BUILD)/%.o: %.c $(BUILD)/%.d
	@mkdir -p $(dir $@)
	$(COMPILE) $(DEPFLAGS) -c -o $@ $<
$(BUILD)/%.d: ;
.PRECIOUS: $(BUILD)/%.d

-include $(CORE_OBJ:.o=.d) $(APP_OBJ:.o=.d) $(UNIT_BIN:=.d)

# The values compiled in, kept in a file that changes only when they do:
# 'make install PREFIX=/usr' after 'make' rebuilds what uses them.
COMPILED_IN = $(VERSION) $(LOCALEDIR) $(SYSCONFDIR)
$(BUILD)/.compiled-in: FORCE
	@mkdir -p $(BUILD)
	@echo '$(COMPILED_IN)' | cmp -s - $@ || echo '$(COMPILED_IN)' >$@
$(BUILD)/src/core/i18n.o $(BUILD)/src/desk/config_file.o $(BUILD)/src/main.o: $(BUILD)/.compiled-in
FORCE:

# The default config is compiled in, so the desk runs with no files at all.
$(BUILD)/default_config.c: data/cdesk.yaml
	@mkdir -p $(dir $@)
	@{ echo '/* Generated from data/cdesk.yaml by the Makefile. */'; \
	   echo 'const char cd_default_config[] ='; \
	   sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	   echo ';'; } > $@

$(BUILD)/default_config.o: $(BUILD)/default_config.c
	$(COMPILE) -c -o $@ $<

# Shell completion, printed by the binary from the option tables its --help
# comes from (src/cli/complete.c).
$(BUILD)/completion/cdesk.bash: $(BIN)
	@mkdir -p $(dir $@)
	./$(BIN) --lang en completion bash >$@.tmp && mv $@.tmp $@
$(BUILD)/completion/_cdesk: $(BIN)
	@mkdir -p $(dir $@)
	./$(BIN) --lang en completion zsh >$@.tmp && mv $@.tmp $@

$(BUILD)/locale/%/LC_MESSAGES/cdesk.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# Translations: po/cdesk.pot from the sources; po/*.po merged from it.
XGETTEXT = xgettext --from-code=UTF-8 -k_ -kN_ -kngettext:1,2 --add-comments=TRANSLATORS: --package-name=cdesk \
	  --package-version=$(VERSION) $(sort $(CORE_SRC) $(APP_SRC))
pot:
	$(XGETTEXT) -o po/cdesk.pot

# Every message in the sources has a Chinese translation, none of them a
# guess of msgmerge's (fuzzy): make check fails until they do.
po-check:
	@mkdir -p $(BUILD) && $(XGETTEXT) -o $(BUILD)/cdesk.pot
	@for l in $(LANGS); do \
	  msgcmp --use-untranslated po/$$l.po $(BUILD)/cdesk.pot || { echo "i18n: po/$$l.po lacks messages: make update-po"; exit 1; }; \
	  left=$$(msgattrib --untranslated po/$$l.po; msgattrib --only-fuzzy po/$$l.po); \
	  [ -z "$$left" ] || { echo "i18n: po/$$l.po has untranslated or fuzzy messages:"; echo "$$left" | grep '^msgid' | head; exit 1; }; \
	done; echo "i18n: $$(($$(grep -c "^msgid " $(BUILD)/cdesk.pot) - 1)) messages, each translated in $(LANGS)"
update-po: pot
	msgmerge -q -U --backup=none po/zh_CN.po po/cdesk.pot
	@# English is the source language: its catalogue is the identity.
	{ sed -n '1,/^$$/p' po/en.po; msgen po/cdesk.pot | sed '1,/^$$/d'; } > po/en.po.new && mv po/en.po.new po/en.po

run: $(BUILD)/.deps
	@$(MAKE) --no-print-directory all
	./$(BIN)

# Tests --------------------------------------------------------------------
$(BUILD)/tests/%: tests/unit/%.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(COMPILE) $(LDFLAGS) $(DEPFLAGS) -MF $@.d -o $@ $(filter %.c %.o,$^) $(LIBS) $(shell pkg-config --libs cmocka)

unit: $(UNIT_BIN) $(MO)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; CDESK_LOCALEDIR=$(BUILD)/locale $$t; done

# Two shards side by side: most tests wait on a desk or a server.
E2E_JOBS ?= 2
e2e: all
	@CDESK=$(CURDIR)/$(BIN) E2E_JOBS=$(E2E_JOBS) bash tests/e2e/run.sh

# The same tests on PostgreSQL, in a throw-away cluster the run starts and
# stops (tests/pg/cluster.sh).
e2e-pg: all
	@CDESK=$(CURDIR)/$(BIN) E2E_STORE=pg E2E_JOBS=$(E2E_JOBS) bash tests/e2e/run.sh

# Both stores side by side (make check): the tests spend most of their time
# waiting, so four shards share two cores. Each run's lines are printed
# whole once both are done.
e2e-both: all
	@out=$$(mktemp -d); \
	CDESK=$(CURDIR)/$(BIN) E2E_JOBS=$(E2E_JOBS) bash tests/e2e/run.sh >$$out/sqlite 2>&1 & s=$$!; \
	CDESK=$(CURDIR)/$(BIN) E2E_STORE=pg E2E_JOBS=$(E2E_JOBS) bash tests/e2e/run.sh >$$out/pg 2>&1 & p=$$!; \
	wait $$s; rs=$$?; wait $$p; rp=$$?; cat $$out/sqlite $$out/pg; rm -rf $$out; \
	[ $$rs -eq 0 ] && [ $$rp -eq 0 ]

# make check runs the end-to-end tests on both stores. make asan runs them
# on SQLite only, to keep CI within its time; 'make asan ASAN_E2E=e2e-both'
# runs both under the sanitizers.
# It builds everything first, CHECK_JOBS at a time (unless make was given
# -j itself), then runs the unit tests, the layers, the catalogues and the
# fuzz regressions beside the end-to-end tests, which wait more than they
# compute; the end-to-end tests print as they go, the rest after them.
CHECK_E2E ?= e2e-both
CHECK_JOBS ?= 2
check-built: all $(UNIT_BIN) $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)
	@:
check: $(BUILD)/.deps
	@$(MAKE) --no-print-directory $(if $(findstring jobserver,$(MAKEFLAGS)),,-j$(CHECK_JOBS)) check-built
	@out=$$(mktemp); \
	{ $(MAKE) --no-print-directory unit && bash tests/layers.sh $(BUILD) && \
	  $(MAKE) --no-print-directory po-check && $(MAKE) --no-print-directory fuzz-regress; } >$$out 2>&1 & q=$$!; \
	$(MAKE) --no-print-directory $(CHECK_E2E); re=$$?; \
	wait $$q; rq=$$?; cat $$out; rm -f $$out; \
	[ $$rq -eq 0 ] && [ $$re -eq 0 ]

# Every seed and every input that once broke a fuzz target, replayed through
# it without libFuzzer (tests/fuzz/driver.c), with this build's compiler and
# flags: make asan replays them under the sanitizers.
$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(COMPILE) $(LDFLAGS) -o $@ $(filter %.c %.o,$^) $(LIBS)

fuzz-regress: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)
	@n=0; for t in $(FUZZ_TARGETS); do \
	  dirs=$$(ls -d tests/fuzz/corpus/$$t tests/fuzz/regress/$$t 2>/dev/null); \
	  log=$(BUILD)/fuzz/replay_$$t.log; \
	  if ! $(BUILD)/fuzz/replay_$$t $$dirs >$$log 2>&1; then \
	    echo "fuzz regressions: $$t failed; the end of $$log:"; tail -n 40 $$log; exit 1; \
	  fi; \
	  n=$$((n + $$(find $$dirs -type f | wc -l))); \
	done; \
	echo "fuzz regressions: $$n inputs replayed through $(words $(FUZZ_TARGETS)) targets"

# Sanitizers: a separate build tree, the same tests.
ASAN_E2E ?= e2e
asan:
	@$(MAKE) --no-print-directory BUILD=build-asan BIN=build-asan/cdesk CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" CHECK_E2E=$(ASAN_E2E) check

# The end-to-end tests with cdesk under valgrind: no memory error, no leak.
# Every desk on a terminal runs under it, and of each test's other commands
# the first and every VG_EVERY-th after it (5; 1 runs every one: a run costs
# valgrind a second or more to start, and the suite makes thousands; make
# asan runs all of them under AddressSanitizer and LeakSanitizer), except
# the runs a test marks VALGRIND_SKIP=1 because they only make its data
# (a demo of 1500 complaints costs valgrind a minute). The crash
# and concurrency tests are left out: they kill and race processes on
# timings valgrind's slowness would change, and make check runs them. The
# desk gets 60 s to draw a screen instead of 5. The tests are shared out
# as they go over VG_JOBS runs side by side (default: one per core).
VG_LOGS = $(BUILD)/valgrind
VG_JOBS ?= $(shell nproc)
VG_EVERY ?= 5
valgrind: $(BUILD)/.deps
	@$(MAKE) --no-print-directory all
	@rm -rf $(VG_LOGS) && mkdir -p $(VG_LOGS) && chmod 1777 $(VG_LOGS)  # tests run cdesk as nobody too
	@export CDESK=$(CURDIR)/tests/e2e/valgrind-cdesk.sh VALGRIND_CDESK=$(CURDIR)/$(BIN) \
	  VALGRIND_LOGS=$(CURDIR)/$(VG_LOGS) VALGRIND_EVERY=$(VG_EVERY) E2E_POLLS=1200 E2E_LEAVE_OUT='t_crash|t_concurrent'; \
	  E2E_JOBS=$(VG_JOBS) bash tests/e2e/run.sh
	@runs=$$(ls $(VG_LOGS)/*.log | wc -l); bad=$$(find $(VG_LOGS) -name '*.log' -size +0 | wc -l); \
	echo "valgrind: $$runs cdesk runs (every desk, 1 in $(VG_EVERY) other commands), $$bad with memory errors or leaks"; \
	[ $$runs -gt 0 ] && [ $$bad -eq 0 ] || { find $(VG_LOGS) -name '*.log' -size +0 | head -3 | xargs cat; exit 1; }

# Static analysis of src/: cppcheck, and clang-tidy with the checks in
# .clang-tidy. Both must be silent. jansson.h is read for its foreach macros.
# clang-tidy reads each file on its own, LINT_JOBS side by side; a file's
# log is kept while it and the headers are unchanged and it was clean.
LINT_JOBS ?= $(shell nproc)
TIDY_LOGS = $(patsubst %.c,$(BUILD)/tidy/%.log,$(sort $(CORE_SRC) $(APP_SRC)))
tidy: $(TIDY_LOGS)
$(BUILD)/tidy/%.log: %.c $(wildcard include/*/*.h src/*/*.h) .clang-tidy
	@mkdir -p $(dir $@)
	@clang-tidy --quiet $< -- $(ALL_CPPFLAGS) $(ALL_CFLAGS) >$@.tmp 2>&1 || \
	  { grep -v 'warnings\? generated\.$$' $@.tmp; rm -f $@.tmp; exit 1; }
	@mv $@.tmp $@
lint: $(BUILD)/.deps
	cppcheck --quiet --error-exitcode=1 --enable=warning,style,performance,portability --std=c11 \
	  --inline-suppr --suppress=missingIncludeSystem --include=/usr/include/jansson.h -Iinclude -Isrc src
	@echo "clang-tidy on src/, $(LINT_JOBS) files at a time …"
	@$(MAKE) --no-print-directory -s -k -j$(LINT_JOBS) tidy
	@echo "lint: cppcheck and clang-tidy found nothing in $(words $(CORE_SRC) $(APP_SRC)) files"

# Fuzzing ------------------------------------------------------------------
# libFuzzer with ASan + UBSan in build-fuzz/, each target for FUZZ_SECONDS,
# FUZZ_JOBS at a time; see tests/fuzz/README.md.
FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= $(shell nproc)
FUZZ_CFLAGS   = -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
		-fno-sanitize-recover=all

fuzz:
	@$(MAKE) --no-print-directory deps DEBS="$(DEBS) $(DEBS_FUZZ)"
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS)" \
	  LDFLAGS="-fsanitize=address,undefined" $(FUZZ_TARGETS:%=build-fuzz/fuzz/fuzz_%)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) bash tests/fuzz/run.sh build-fuzz $(FUZZ_TARGETS)

# A target linked with libFuzzer, which brings its own main().
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(COMPILE) $(LDFLAGS) -fsanitize=fuzzer -o $@ $(filter %.c %.o,$^) $(LIBS)

# Benchmarks ---------------------------------------------------------------
# The data sets and results are cached under $(BUILD)/bench; see docs/performance.md.
bench:
	@$(MAKE) --no-print-directory deps DEBS="$(DEBS) $(DEBS_BENCH)"
	@$(MAKE) --no-print-directory all $(BUILD)/bench/ptykeys
	@CDESK=$(CURDIR)/$(BIN) PTYKEYS=$(CURDIR)/$(BUILD)/bench/ptykeys BENCH_DIR=$(CURDIR)/$(BUILD)/bench \
	  bash tests/bench/run.sh

# The pty driver that types keys into the desk and times it.
$(BUILD)/bench/ptykeys: tests/bench/ptykeys.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -std=c11 $(WARN) -Werror $(CFLAGS) $(LDFLAGS) -o $@ $<

bench-clean:
	rm -rf $(BUILD)/bench

# The Debian package ----------------------------------------------------------
# Built from a copy of the tree in $(BUILD)/deb (dpkg-buildpackage cleans
# its tree and writes next to it), checked with lintian (any error fails),
# then installed, tried and purged by tests/deb.sh (as root).
DEB_DIR = $(BUILD)/deb
deb:
	@$(MAKE) --no-print-directory deps DEBS="$(DEBS_BUILD) $(DEBS_DEB)"
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/cdesk-$(VERSION)
	tar -c --exclude=./.git --exclude=./build --exclude=./build-asan --exclude=./build-fuzz --exclude=./cdesk . \
	  | tar -x -C $(DEB_DIR)/cdesk-$(VERSION)
	cd $(DEB_DIR)/cdesk-$(VERSION) && dpkg-buildpackage -us -uc -b >../build.log 2>&1 \
	  || { tail -n 40 ../build.log; exit 1; }
	lintian --fail-on error --info $(DEB_DIR)/cdesk_$(VERSION)_*.changes
	bash tests/deb.sh $(DEB_DIR)/cdesk_$(VERSION)_*.deb

# Install ------------------------------------------------------------------
# The default configuration goes to $(DATADIR)/cdesk/cdesk.yaml for
# reference (the same text is built in); the administrator's override is
# $(SYSCONFDIR)/cdesk/config.yaml, which install leaves alone (see cdesk.yaml(5)).
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/cdesk $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(DOCDIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/cdesk
	install -m 644 data/cdesk.yaml $(DESTDIR)$(DATADIR)/cdesk/cdesk.yaml
	install -m 644 docs/cdesk.1 $(DESTDIR)$(MANDIR)/man1/cdesk.1
	install -m 644 docs/cdesk.yaml.5 $(DESTDIR)$(MANDIR)/man5/cdesk.yaml.5
	install -m 644 README.md docs/*.md $(DESTDIR)$(DOCDIR)/
	install -m 644 $(BUILD)/completion/cdesk.bash $(DESTDIR)$(BASHCOMPDIR)/cdesk
	install -m 644 $(BUILD)/completion/_cdesk $(DESTDIR)$(ZSHCOMPDIR)/_cdesk
	for l in $(LANGS); do install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
	  install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/cdesk.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/cdesk.mo; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cdesk $(DESTDIR)$(MANDIR)/man1/cdesk.1 $(DESTDIR)$(MANDIR)/man5/cdesk.yaml.5
	rm -f $(DESTDIR)$(BASHCOMPDIR)/cdesk $(DESTDIR)$(ZSHCOMPDIR)/_cdesk
	rm -rf $(DESTDIR)$(DOCDIR) $(DESTDIR)$(DATADIR)/cdesk
	for l in $(LANGS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/cdesk.mo; done

clean:
	rm -rf build build-asan build-fuzz cdesk
