/* The whole CSV import (desk_import_csv): the header mapped to fields, each
 * row checked and recorded through desk_new, all in one transaction, into a
 * scratch database under $TMPDIR with the built-in configuration. All or
 * nothing: an import that succeeds adds as many complaints as it says; one
 * that fails adds none and names the line of fuzz.csv that was wrong. */
#include "fuzz.h"
#include "cdesk/desk.h"
#include "cdesk/import.h"

#include <unistd.h>

/* Start again with an empty database after this many complaints, so the
 * database stays small and each run fast. */
#define MAX_COMPLAINTS 2000

static struct cd_config *cfg;
static struct cd_desk *desk;
static char *dir, *db;

static void remove_db(void)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < 4; i++) {
		char *path = xasprintf("%s%s", db, suffixes[i]);
		unlink(path);
		free(path);
	}
}

static void open_desk(void)
{
	struct cd_err err;
	fuzz_check(desk_open(&desk, cfg, db, "fuzz", &err) == 0, "opening %s: %s", db, err.msg);
}

static void finish(void)
{
	desk_close(desk);
	remove_db();
	rmdir(dir);
	cd_config_free(cfg);
	free(db);
	free(dir);
}

static void start(void)
{
	struct cd_err err;
	const char *tmp = getenv("TMPDIR");
	dir = xasprintf("%s/cdesk-fuzz-import.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fuzz_check(mkdtemp(dir) != NULL, "cannot make a directory %s", dir);
	db = xasprintf("%s/fuzz.db", dir);
	cfg = cd_config_parse(cd_default_config, strlen(cd_default_config), "<built-in>", &err);
	fuzz_check(cfg != NULL, "the built-in configuration: %s", err.msg);
	cd_time now;
	fuzz_check(cd_parse_time("2026-11-02T10:00+08:00", "UTC", &now, &err) == 0, "%s", err.msg);
	cd_now_pin(now);
	open_desk();
	atexit(finish);
}

static int64_t complaints(void)
{
	struct cd_filter f;
	struct cd_err err;
	int64_t n = 0;
	cd_filter_init(&f);
	f.state = "all";
	fuzz_check(desk_count(desk, &f, &n, &err) == 0, "counting: %s", err.msg);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cd_err err;
	size_t count;
	if (!dir)
		start();
	int64_t before = complaints();
	if (before > MAX_COMPLAINTS) {
		desk_close(desk);
		remove_db();
		open_desk();
		before = 0;
	}
	FILE *in = size ? fmemopen((void *)data, size, "r") : fopen("/dev/null", "r");
	if (!in)
		abort();
	int rc = desk_import_csv(desk, in, "fuzz.csv", &count, &err);
	fclose(in);
	int64_t added = complaints() - before;
	if (rc == 0) {
		fuzz_check(added == (int64_t)count, "imported %zu complaints, the database has %lld more",
			   count, (long long)added);
		return 0;
	}
	fuzz_check(added == 0 && count == 0, "a failed import added %lld complaints (count %zu)",
		   (long long)added, count);
	fuzz_check(err.code == CD_EINPUT, "a failed import: error code %d: %s", err.code, err.msg);
	fuzz_check(strncmp(err.msg, "fuzz.csv:", 9) == 0, "the error does not name the file: %s", err.msg);
	return 0;
}
