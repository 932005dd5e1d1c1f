/* The SQLite store against temporary databases: rows in, rows out, in the
 * orders the desk relies on; transactions and savepoints; what the event
 * log refuses; the change token another connection sees. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "store/store.h"

static char dir[64], path[96];

static int make_dir(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/cdesk-store.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	return 0;
}

static int remove_db(void **state)
{
	(void)state;
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	char p[128];
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
		unlink(p);
	}
	return 0;
}

static int remove_dir(void **state)
{
	remove_db(state);
	rmdir(dir);
	return 0;
}

static struct cd_store *open_store(void);

/* Each test gets the store open in *state, and the file removed after. */
static int open_db(void **state)
{
	*state = open_store();
	return 0;
}

static int close_db(void **state)
{
	store_close(*state);
	return remove_db(state);
}

static struct cd_store *open_store(void)
{
	struct cd_store *st;
	struct cd_err err;
	if (store_open(path, &st, &err))
		fail_msg("opening %s: %s", path, err.msg);
	return st;
}

static int64_t add_complaint(struct cd_store *st, const char *site, const char *phone, cd_time received)
{
	struct cd_complaint c;
	struct cd_err err;
	cd_complaint_init(&c);
	c.site = (char *)site;
	c.channel = (char *)"phone";
	c.severity = (char *)"normal";
	c.phone = (char *)phone;
	c.description = (char *)"加油机显示的升数不对";
	c.receiver = c.owner = (char *)"wang";
	c.received_at = c.updated_at = received;
	c.state = ST_RECEIVED;
	assert_int_equal(store_insert_complaint(st, &c, &err), 0);
	return c.id;
}

static void add_event(struct cd_store *st, int64_t complaint, const char *kind, cd_time at)
{
	struct store_link l;
	struct cd_err err;
	struct cd_event e = {0};
	assert_int_equal(store_last_event(st, &l, &err), 0);
	e.id = l.id + 1;
	e.complaint_id = complaint;
	e.at = at;
	e.actor = (char *)"wang";
	e.kind = (char *)kind;
	e.from_state = e.to_state = -1;
	assert_int_equal(store_insert_event(st, &e, NULL, "hash", &err), 0);
}

static void complaints_in_and_out(void **state)
{
	struct cd_store *st = *state;
	struct cd_err err;
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600); /* the customers' data is the owner's alone */
	assert_int_equal(store_begin(st, &err), 0);
	int64_t a = add_complaint(st, "s1", "13812345678", 1000);
	int64_t b = add_complaint(st, "s2", NULL, 2000);
	assert_int_equal(store_commit(st, &err), 0);
	assert_true(a == 1 && b == 2);
	struct cd_complaint c;
	assert_int_equal(store_get_complaint(st, a, &c, &err), 0);
	assert_string_equal(c.description, "加油机显示的升数不对");
	assert_string_equal(c.phone, "13812345678");
	assert_null(c.plate);
	assert_true(c.paused_since == CD_TIME_NONE);
	cd_complaint_free(&c);
	assert_int_equal(store_get_complaint(st, 99, &c, &err), -1);
	assert_int_equal(err.code, CD_ENOTFOUND);
	/* Counted and listed within the sites asked for. */
	struct cd_filter f;
	int64_t n;
	cd_filter_init(&f);
	assert_int_equal(store_count(st, &f, &n, &err), 0);
	assert_int_equal(n, 2);
	f.sites = "s2,s3";
	assert_int_equal(store_count(st, &f, &n, &err), 0);
	assert_int_equal(n, 1);
	f.sites = NULL;
	f.text = "升数";
	assert_int_equal(store_count(st, &f, &n, &err), 0);
	assert_int_equal(n, 2);
	f.text = "5678";
	assert_int_equal(store_count(st, &f, &n, &err), 0);
	assert_int_equal(n, 1);
}

static int count_message(void *ctx, const struct cd_message *m)
{
	char *seen = ctx;
	size_t n = strlen(seen);
	snprintf(seen + n, 256 - n, "%s%s:%lld:%s", n ? " " : "", m->recipient, (long long)m->complaint_id, m->kind);
	return 0;
}

static void add_message(struct cd_store *st, int64_t complaint, const char *kind, const char *cause,
			const char *to, const char *attachment, int want_added)
{
	struct cd_message m = {0};
	struct cd_err err;
	int added = -1;
	m.complaint_id = complaint;
	m.kind = (char *)kind, m.cause = (char *)cause, m.recipient = (char *)to;
	m.channel = (char *)"email", m.address = (char *)"x@example.com", m.lang = (char *)"en";
	m.subject = (char *)"s", m.body = (char *)"b", m.attachment = (char *)attachment;
	m.created_at = m.due_at = 1000;
	assert_int_equal(store_outbox_add(st, &m, &added, &err), 0);
	assert_int_equal(added, want_added);
}

/* Messages about no complaint are kept once too, and read by recipient
 * and by the sites of the complaints they are about. */
static void the_outbox_once_and_by_recipient(void **state)
{
	struct cd_store *st = *state;
	struct cd_err err;
	char seen[256] = "";
	assert_int_equal(store_begin(st, &err), 0);
	int64_t a = add_complaint(st, "s1", NULL, 1000), b = add_complaint(st, "s2", NULL, 1000);
	add_message(st, 0, "digest", "2026-11-02", "zhang", NULL, 1);
	add_message(st, 0, "digest", "2026-11-02", "zhang", NULL, 0);
	add_message(st, 0, "digest", "2026-11-03", "zhang", NULL, 1);
	add_message(st, 0, "report", "2026-10@s1", "wang", "<html></html>", 1);
	add_message(st, a, "warning", "contact-1", "zhang", NULL, 1);
	add_message(st, a, "warning", "contact-1", "zhang", NULL, 0);
	add_message(st, b, "warning", "contact-1", "li", NULL, 1);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(store_outbox_of_recipient(st, "zhang", NULL, 0, count_message, seen, &err), 0);
	assert_string_equal(seen, "zhang:1:warning zhang:0:digest zhang:0:digest");
	seen[0] = '\0';
	assert_int_equal(store_outbox_of_recipient(st, "wang", "s1", 0, count_message, seen, &err), 0);
	assert_string_equal(seen, "zhang:1:warning wang:0:report");
	seen[0] = '\0';
	assert_int_equal(store_outbox_of_recipient(st, "nobody", "*", 2, count_message, seen, &err), 0);
	assert_string_equal(seen, "li:2:warning zhang:1:warning");
	/* A complaint's messages, and the causes of a kind about none. */
	seen[0] = '\0';
	assert_int_equal(store_outbox_of(st, a, count_message, seen, &err), 0);
	assert_string_equal(seen, "zhang:1:warning");
	struct strlist causes = {0};
	assert_int_equal(store_outbox_causes(st, 0, "digest", &causes, &err), 0);
	assert_int_equal(causes.n, 2);
	sl_free(&causes);
}

static void events_numbered_by_the_caller(void **state)
{
	struct cd_store *st = *state;
	struct cd_err err;
	struct store_link l;
	assert_int_equal(store_last_event(st, &l, &err), 0);
	assert_int_equal(l.id, 0);
	assert_string_equal(l.hash, "");
	assert_int_equal(store_begin(st, &err), 0);
	int64_t id = add_complaint(st, "s1", NULL, 1000);
	add_event(st, id, "received", 1000);
	add_event(st, id, "note", 1100);
	assert_int_equal(store_commit(st, &err), 0);
	struct cd_events ev;
	assert_int_equal(store_events(st, id, &ev, &err), 0);
	assert_int_equal(ev.n, 2);
	assert_string_equal(ev.v[0].kind, "received");
	assert_int_equal(ev.v[1].id, 2);
	cd_events_free(&ev);
	assert_int_equal(store_last_event(st, &l, &err), 0);
	assert_int_equal(l.id, 2);
	assert_string_equal(l.hash, "hash");
	/* A number taken already is refused, and nothing is half-written. */
	struct cd_event e = {.id = 2, .complaint_id = id, .at = 1200, .actor = (char *)"x", .kind = (char *)"note",
			     .from_state = -1, .to_state = -1};
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_insert_event(st, &e, NULL, "h", &err), -1);
	store_rollback(st);
	/* The log is append-only for every other program. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE events SET note = 'x' WHERE id = 1", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM events", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	/* … but for the sealing of a purge. */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_seal_event(st, 1, "{\"customer\":{\"purged\":\"x\"}}", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
}

static void savepoints(void **state)
{
	struct cd_store *st = *state;
	struct cd_err err;
	struct cd_filter f;
	int64_t n;
	cd_filter_init(&f);
	f.state = "all";
	assert_int_equal(store_begin(st, &err), 0);
	add_complaint(st, "s1", NULL, 1000);
	assert_int_equal(store_begin(st, &err), 0);
	add_complaint(st, "s1", NULL, 1001);
	store_rollback(st); /* the inner level only */
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(store_count(st, &f, &n, &err), 0);
	assert_int_equal(n, 1);
	/* A bulk load is all or nothing: an action rolled back inside it
	 * breaks it, its commit refuses, and the caller's rollback undoes it. */
	assert_int_equal(store_begin_bulk(st, STORE_BULK_APPEND, &err), 0);
	add_complaint(st, "s1", NULL, 1002);
	assert_int_equal(store_begin(st, &err), 0);
	add_complaint(st, "s1", NULL, 1003);
	store_rollback(st);
	assert_int_equal(store_commit(st, &err), -1);
	store_rollback(st);
	assert_int_equal(store_count(st, &f, &n, &err), 0);
	assert_int_equal(n, 1);
}

static void clock_orders(void **state)
{
	(void)state;
	struct cd_store *st = open_store();
	struct cd_err err;
	assert_int_equal(store_begin(st, &err), 0);
	int64_t a = add_complaint(st, "s1", NULL, 1000), b = add_complaint(st, "s1", NULL, 1001);
	struct cd_clock k[3] = {0};
	for (int i = 0; i < 3; i++) {
		k[i].complaint_id = a;
		k[i].seq = 1;
		k[i].started = 1000 + i;
		k[i].met = k[i].stopped = k[i].paused_since = CD_TIME_NONE;
	}
	snprintf(k[0].kind, sizeof k[0].kind, "promise");
	k[0].due = 5000;
	snprintf(k[1].kind, sizeof k[1].kind, "contact");
	k[1].due = 9000;
	snprintf(k[2].kind, sizeof k[2].kind, "feedback");
	k[2].due = 7000;
	struct cd_clocks l = {k, 3}, got;
	assert_int_equal(store_replace_clocks(st, a, &l, &err), 0);
	struct cd_clock kb = k[1];
	kb.complaint_id = b;
	kb.due = 6000;
	struct cd_clocks lb = {&kb, 1};
	assert_int_equal(store_replace_clocks(st, b, &lb, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	/* A complaint's clocks: deadlines by start, promises last. */
	assert_int_equal(store_clocks(st, a, &got, &err), 0);
	assert_int_equal(got.n, 3);
	assert_string_equal(got.v[0].kind, "contact");
	assert_string_equal(got.v[2].kind, "promise");
	cd_clocks_free(&got);
	store_close(st);
}

static int64_t seen[8];
static size_t nseen;

static int take(void *ctx, struct cd_complaint *c)
{
	(void)ctx;
	seen[nseen++] = c->id;
	return 0;
}

static int take_clock(void *ctx, const struct cd_clock *k, const struct cd_complaint *c)
{
	(void)ctx;
	(void)c;
	seen[nseen++] = k->due;
	return 0;
}

/* The database clock_orders left: the queue, soonest open deadline first. */
static void queue_order(void **state)
{
	(void)state;
	struct cd_store *st = open_store();
	struct cd_err err;
	struct cd_filter f;
	cd_filter_init(&f);
	f.by_deadline = 1;
	nseen = 0;
	assert_int_equal(store_list(st, &f, take, NULL, &err), 0);
	/* a's soonest open deadline is its promise at 5000, b's is 6000. */
	assert_int_equal(nseen, 2);
	assert_int_equal(seen[0], 1);
	assert_int_equal(seen[1], 2);
	nseen = 0;
	assert_int_equal(store_open_clocks(st, 7000, NULL, take_clock, NULL, &err), 0);
	assert_int_equal(nseen, 2);
	assert_int_equal(seen[0], 5000);
	assert_int_equal(seen[1], 6000);
	store_close(st);
}

static void changes_seen_by_the_other(void **state)
{
	(void)state;
	struct cd_store *a = open_store(), *b = open_store();
	struct cd_err err;
	uint64_t before, after, mine, again;
	assert_int_equal(store_changes(b, &before, &err), 0);
	assert_int_equal(store_changes(a, &mine, &err), 0);
	assert_int_equal(store_meta_set(a, "k", "v", &err), 0);
	assert_int_equal(store_changes(b, &after, &err), 0);
	assert_true(before != after);
	/* A connection's own commits are no news to it. */
	assert_int_equal(store_changes(a, &again, &err), 0);
	assert_true(mine == again);
	char *v;
	assert_int_equal(store_meta_get(b, "k", &v, &err), 0);
	assert_string_equal(v, "v");
	free(v);
	assert_int_equal(store_meta_get(b, "missing", &v, &err), 0);
	assert_null(v);
	store_close(a);
	store_close(b);
}

static void refused_databases(void **state)
{
	(void)state;
	struct cd_store *st;
	struct cd_err err;
	sqlite3 *db;
	/* Newer than this program. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, &st, &err), -1);
	assert_int_equal(err.code, CD_EDB);
	assert_non_null(strstr(err.msg, "newer"));
	remove_db(state);
	/* Another program's. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, &st, &err), -1);
	assert_non_null(strstr(err.msg, "another program"));
	remove_db(state);
	/* Not a database at all. */
	FILE *f = fopen(path, "w");
	fputs("hello, this is text\n", f);
	fclose(f);
	assert_int_equal(store_open(path, &st, &err), -1);
	assert_non_null(strstr(err.msg, "not a cdesk database"));
	remove_db(state);
	assert_int_equal(store_open(dir, &st, &err), -1);
	assert_non_null(strstr(err.msg, "directory"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(complaints_in_and_out, open_db, close_db),
		cmocka_unit_test_setup_teardown(events_numbered_by_the_caller, open_db, close_db),
		cmocka_unit_test_setup_teardown(savepoints, open_db, close_db),
		cmocka_unit_test_setup_teardown(the_outbox_once_and_by_recipient, open_db, close_db),
		cmocka_unit_test(clock_orders),
		cmocka_unit_test_teardown(queue_order, remove_db),
		cmocka_unit_test_teardown(changes_seen_by_the_other, remove_db),
		cmocka_unit_test_teardown(refused_databases, remove_db),
	};
	return cmocka_run_group_tests_name("store", tests, make_dir, remove_dir);
}
