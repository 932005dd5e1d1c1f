/* The SQLite store: schema and migrations, transactions, the record
 * (complaints, events, clocks, escalations) and its lists. Statements are
 * prepared once and kept in a small cache keyed by their (static) SQL
 * text; filters are built from fixed fragments with every value bound,
 * never spliced in. */
#define _GNU_SOURCE
#include "sqlite.h"
#include "cdesk/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* The triggers that keep the search index current (made in migration 4;
 * a bulk load replaces them for its transaction, see store_begin_bulk). */
#define FTS_INSERT_TRIGGER \
	"CREATE TRIGGER complaints_fts_i AFTER INSERT ON complaints BEGIN" \
	" INSERT INTO complaints_fts(rowid, search) VALUES(new.id, new.search); END;"
#define FTS_UPDATE_TRIGGER(when) \
	"CREATE TRIGGER complaints_fts_u AFTER UPDATE OF customer, phone, plate, reference, description" \
	" ON complaints " when "BEGIN" \
	" INSERT INTO complaints_fts(complaints_fts, rowid, search) VALUES('delete', old.id, old.search);" \
	" INSERT INTO complaints_fts(rowid, search) VALUES(new.id, new.search); END;"

/* Each entry upgrades the schema by one version. Never edit a released one:
 * add a new entry. */
static const char *const migrations[] = {
	/* 1: the complaint, its event log, clocks and escalations. */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE complaints("
	" id INTEGER PRIMARY KEY,"
	" site TEXT NOT NULL, channel TEXT NOT NULL, category TEXT, severity TEXT NOT NULL,"
	" customer TEXT, phone TEXT, plate TEXT, reference TEXT,"
	" description TEXT NOT NULL, request TEXT, need TEXT, behaviour TEXT,"
	" receiver TEXT NOT NULL, owner TEXT NOT NULL,"
	" received_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, state TEXT NOT NULL,"
	" esc_level INTEGER NOT NULL DEFAULT 0, esc_role TEXT,"
	" reopen_count INTEGER NOT NULL DEFAULT 0, paused_since INTEGER,"
	" resolved_at INTEGER, closed_at INTEGER,"
	" next_due INTEGER);" /* earliest open clock: the queue's order */
	"CREATE INDEX complaints_received ON complaints(received_at);"
	"CREATE INDEX complaints_open ON complaints(received_at)"
	" WHERE state NOT IN ('closed','withdrawn');"
	"CREATE INDEX complaints_phone ON complaints(phone, received_at);"
	"CREATE INDEX complaints_site ON complaints(site, received_at);"
	"CREATE INDEX complaints_owner ON complaints(owner, received_at);"
	"CREATE INDEX complaints_queue ON complaints(next_due, id)"
	" WHERE state NOT IN ('closed','withdrawn');"
	"CREATE TABLE events("
	" id INTEGER PRIMARY KEY,"
	" complaint_id INTEGER NOT NULL REFERENCES complaints(id),"
	" at INTEGER NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL,"
	" from_state TEXT, to_state TEXT, note TEXT, data TEXT);"
	"CREATE INDEX events_complaint ON events(complaint_id, id);"
	"CREATE INDEX events_at ON events(at);"
	"CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events"
	" BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"
	"CREATE TRIGGER events_append_only_d BEFORE DELETE ON events"
	" BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"
	"CREATE TABLE clocks("
	" complaint_id INTEGER NOT NULL REFERENCES complaints(id),"
	" kind TEXT NOT NULL, seq INTEGER NOT NULL, ref INTEGER,"
	" started_at INTEGER NOT NULL, due_at INTEGER NOT NULL,"
	" met_at INTEGER, stopped_at INTEGER, paused_since INTEGER,"
	" PRIMARY KEY(complaint_id, kind, seq)) WITHOUT ROWID;"
	"CREATE INDEX clocks_open ON clocks(due_at, complaint_id)"
	" WHERE met_at IS NULL AND stopped_at IS NULL;"
	"CREATE TABLE escalations("
	" complaint_id INTEGER NOT NULL REFERENCES complaints(id),"
	" rule TEXT NOT NULL, event_id INTEGER NOT NULL REFERENCES events(id),"
	" PRIMARY KEY(complaint_id, rule)) WITHOUT ROWID;",
	/* 2: the monthly analysis. Clock instances by deadline and each
	 * complaint's customer-facing events from covering indexes; the events
	 * counted, by time, from a partial index; the complaints closed after a
	 * month's end by their closing time. */
	"CREATE INDEX clocks_due ON clocks(due_at, started_at, met_at, stopped_at, paused_since);"
	"CREATE INDEX complaints_closed ON complaints(closed_at) WHERE closed_at IS NOT NULL;"
	"CREATE INDEX events_report ON events(at, kind, to_state, complaint_id) WHERE " CD_REPORT_EVENTS_V2 ";"
	"CREATE INDEX events_facts ON events(complaint_id, id, at, kind, to_state) WHERE " CD_FACT_EVENTS_V2 ";",
	/* 3: people and trust. Accounts; the audit trail; each event's link in
	 * the hash chain (and the salt of its personal values, dropped when
	 * they are purged, which is the one update the log allows); the remedy
	 * awaiting approval; the customer key that outlives a purged phone. */
	"CREATE TABLE users("
	" name TEXT PRIMARY KEY, display TEXT NOT NULL, role TEXT NOT NULL,"
	" sites TEXT NOT NULL DEFAULT '*', unix_user TEXT UNIQUE, pin_hash TEXT,"
	" disabled INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0, retry_at INTEGER,"
	" created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE audit("
	" id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL,"
	" complaint_id INTEGER, data TEXT, hash TEXT NOT NULL);"
	"CREATE INDEX audit_at ON audit(at);"
	"CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"ALTER TABLE events ADD COLUMN hash TEXT;"
	"ALTER TABLE events ADD COLUMN salt TEXT;"
	"DROP TRIGGER events_append_only_u;"
	"CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events WHEN NOT cdesk_purge_in_progress()"
	" BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"
	"ALTER TABLE complaints ADD COLUMN awaiting INTEGER;"
	"ALTER TABLE complaints ADD COLUMN ckey INTEGER;"
	"UPDATE complaints SET ckey = (SELECT min(x.id) FROM complaints x WHERE x.phone = complaints.phone)"
	" WHERE phone IS NOT NULL;"
	"CREATE INDEX complaints_awaiting ON complaints(awaiting) WHERE awaiting IS NOT NULL;",
	/* 4: speed at a million complaints. The analysis indexes again, with
	 * terms that cost an insert nothing extra. */
	"DROP INDEX events_report;"
	"DROP INDEX events_facts;"
	"CREATE INDEX events_report ON events(at, kind, to_state, complaint_id) WHERE " CD_REPORT_EVENTS_V4 ";"
	"CREATE INDEX events_facts ON events(complaint_id, id, at, kind, to_state) WHERE " CD_FACT_EVENTS ";"
	/* Search by any part of the text through trigrams (see search.c). */
	"ALTER TABLE complaints ADD COLUMN search TEXT GENERATED ALWAYS AS ("
	" ' ' || coalesce(customer, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(plate, '')"
	" || ' ' || coalesce(reference, '') || ' ' || coalesce(description, '') || '  ') VIRTUAL;"
	"CREATE VIRTUAL TABLE complaints_fts USING fts5(search, content='complaints', content_rowid='id',"
	" tokenize='trigram');"
	"INSERT INTO complaints_fts(complaints_fts) VALUES('rebuild');"
	FTS_INSERT_TRIGGER
	FTS_UPDATE_TRIGGER("")
	"CREATE TRIGGER complaints_fts_d AFTER DELETE ON complaints BEGIN"
	" INSERT INTO complaints_fts(complaints_fts, rowid, search) VALUES('delete', old.id, old.search); END;",
	/* 5: the queue in its own order (deadlines first, then those with
	 * none), straight from an index: complaints_queue put the ones with
	 * none first, so every page sorted all open complaints. */
	"DROP INDEX complaints_queue;"
	"CREATE INDEX complaints_deadline ON complaints(next_due IS NULL, next_due, id)"
	" WHERE state NOT IN ('closed','withdrawn');",
	/* 6: events_at goes. No statement reads events by time alone (the
	 * analysis has events_report), and every event paid for it: at a
	 * million complaints, 13 million entries. */
	"DROP INDEX events_at;",
	/* 7: escalations that reach people. Each account's contact points and
	 * language; the outbox, written in the transaction of the event that
	 * causes a message, once per complaint, cause and recipient. */
	"ALTER TABLE users ADD COLUMN email TEXT;"
	"ALTER TABLE users ADD COLUMN webhook TEXT;"
	"ALTER TABLE users ADD COLUMN lang TEXT;"
	"CREATE TABLE outbox("
	" id INTEGER PRIMARY KEY,"
	" complaint_id INTEGER NOT NULL REFERENCES complaints(id),"
	" kind TEXT NOT NULL, cause TEXT NOT NULL,"
	" recipient TEXT NOT NULL, channel TEXT NOT NULL, address TEXT NOT NULL,"
	" lang TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,"
	" created_at INTEGER NOT NULL, due_at INTEGER NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,"
	" next_at INTEGER NOT NULL, last_error TEXT, sent_at INTEGER,"
	" UNIQUE(complaint_id, kind, cause, recipient, channel, address));"
	"CREATE INDEX outbox_next ON outbox(next_at, id) WHERE state IN ('pending','sending');",
	/* 8: messages about no one complaint (a person's daily digest, the
	 * monthly report) have complaint_id NULL, so the outbox is made again:
	 * SQLite cannot drop a NOT NULL. Once is now a unique index over
	 * ifnull(complaint_id, 0) (NULLs would all differ), which also serves
	 * a complaint's messages. A report's HTML rides along (attachment).
	 * "My messages" reads by recipient (outbox_recipient). */
	"CREATE TABLE outbox_8("
	" id INTEGER PRIMARY KEY,"
	" complaint_id INTEGER REFERENCES complaints(id),"
	" kind TEXT NOT NULL, cause TEXT NOT NULL,"
	" recipient TEXT NOT NULL, channel TEXT NOT NULL, address TEXT NOT NULL,"
	" lang TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,"
	" created_at INTEGER NOT NULL, due_at INTEGER NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,"
	" next_at INTEGER NOT NULL, last_error TEXT, sent_at INTEGER, attachment TEXT);"
	"INSERT INTO outbox_8(id, complaint_id, kind, cause, recipient, channel, address, lang, subject, body,"
	" created_at, due_at, state, attempts, next_at, last_error, sent_at)"
	" SELECT id, complaint_id, kind, cause, recipient, channel, address, lang, subject, body,"
	" created_at, due_at, state, attempts, next_at, last_error, sent_at FROM outbox;"
	"DROP TABLE outbox;"
	"ALTER TABLE outbox_8 RENAME TO outbox;"
	"CREATE UNIQUE INDEX outbox_once ON outbox(ifnull(complaint_id, 0), kind, cause, recipient, channel, address);"
	"CREATE INDEX outbox_next ON outbox(next_at, id) WHERE state IN ('pending','sending');"
	"CREATE INDEX outbox_recipient ON outbox(recipient, id);",
	/* 9: pauses counted by reason in the analysis: the events it counts
	 * take the pauses in too. */
	"DROP INDEX events_report;"
	"CREATE INDEX events_report ON events(at, kind, to_state, complaint_id) WHERE " CD_REPORT_EVENTS ";",
	/* 10: what the analysis derives from each complaint's own log, kept
	 * current as its events are written (see data-model.md), built here
	 * from the log. */
	"CREATE TABLE report_facts("
	" complaint_id INTEGER PRIMARY KEY,"
	" first_contact INTEGER, first_resolved INTEGER,"
	" last_touch INTEGER NOT NULL, last_at INTEGER NOT NULL, silence INTEGER NOT NULL,"
	" contacts INTEGER NOT NULL, feedbacks INTEGER NOT NULL, promises INTEGER NOT NULL,"
	" answered INTEGER NOT NULL, side TEXT);",
	/* 11: the analysis's day sums (see data-model.md); made by the desk
	 * (report rebuild), which is what knows the figures. */
	"CREATE TABLE report_sums("
	" day INTEGER NOT NULL, site TEXT NOT NULL, cell TEXT NOT NULL, since INTEGER NOT NULL,"
	" n INTEGER NOT NULL, base INTEGER NOT NULL, sum INTEGER NOT NULL,"
	" PRIMARY KEY(day, site, cell, since)) WITHOUT ROWID;",
};
/* Work a migration needs beyond SQL, run after it (NULL: none). */
static int chain_existing_events(struct sq_store *st, struct cd_err *err);
static int build_kept(struct sq_store *st, struct cd_err *err)
{
	return store_rebuild_kept(&st->base, 0, NULL, NULL, err);
}
static int (*const migration_steps[])(struct sq_store *, struct cd_err *) = {
	NULL, NULL, chain_existing_events, NULL, NULL, NULL, NULL, NULL, NULL, build_kept, NULL,
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof *migrations))

int sq_schema_version(void) { return SCHEMA_VERSION; }

/* Why the database cannot be written, when it is the file, its directory
 * (where SQLite must make the -wal and -shm files) or the file system:
 * fills err and returns -1; 0 when it is none of those. */
static int readonly_why(struct sq_store *st, struct cd_err *err)
{
	struct statvfs fs;
	if (statvfs(st->path, &fs) == 0 && (fs.f_flag & ST_RDONLY))
		return cd_fail(err, CD_EDB, _("the database %s is on a read-only file system; nothing was changed"),
			       st->path);
	if (access(st->path, W_OK) != 0)
		return errno == EACCES || errno == EROFS
		       ? cd_fail(err, CD_EDB, _("the database %s is read-only; nothing was changed"), st->path) : 0;
	char *copy = xstrdup(st->path);
	const char *dir = dirname(copy);
	int r = 0;
	if (access(dir, W_OK) != 0)
		r = cd_fail(err, CD_EDB, _("the directory %s is read-only, and the database in it needs to keep "
					   "its -wal and -shm files there; nothing was changed"), dir);
	free(copy);
	return r;
}

int st_db_fail(struct sq_store *st, struct cd_err *err, const char *what)
{
	int code = sqlite3_errcode(st->db), ext = sqlite3_extended_errcode(st->db);
	/* What the system said, for the errors that come from it. */
	int sys = code == SQLITE_IOERR || code == SQLITE_CANTOPEN || code == SQLITE_FULL
		  ? sqlite3_system_errno(st->db) : 0;
	struct rlimit fsize;
	int limited = getrlimit(RLIMIT_FSIZE, &fsize) == 0 && fsize.rlim_cur != RLIM_INFINITY;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return cd_fail(err, CD_EDB, _("the database %s is busy (another desk holds it); nothing was changed, try again"),
			       st->path);
	/* A write past a file size limit (ulimit -f) fails as on a full
	 * disk, or as a plain write error once nothing more fits. */
	if (code == SQLITE_FULL || sys == ENOSPC || sys == EFBIG || (limited && ext == SQLITE_IOERR_WRITE))
		return limited ? cd_fail(err, CD_EDB, _("the disk holding %s is full, or the file size limit "
							 "(ulimit -f) is reached; nothing was changed"), st->path)
			       : cd_fail(err, CD_EDB, _("the disk holding %s is full; nothing was changed"), st->path);
	if ((code == SQLITE_READONLY || code == SQLITE_CANTOPEN || sys == EROFS || sys == EACCES || sys == EPERM) &&
	    readonly_why(st, err))
		return -1;
	if (code == SQLITE_READONLY)
		return cd_fail(err, CD_EDB, _("the database %s is read-only; nothing was changed"), st->path);
	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		return cd_fail(err, CD_EDB, _("%s is damaged (%s); nothing was changed"), st->path,
			       sqlite3_errmsg(st->db));
	if (!what)
		return cd_fail(err, CD_EDB, _("database error in %s: %s"), st->path, sqlite3_errmsg(st->db));
	return cd_fail(err, CD_EDB, _("database error in %s while %s: %s"), st->path, _(what), sqlite3_errmsg(st->db));
}

static int blind_to_work(const char *sql);
static int sq_begin(struct cd_store *base, struct cd_err *err);
static int sq_commit(struct cd_store *base, struct cd_err *err);
static void sq_rollback(struct cd_store *base);
static void sq_close(struct cd_store *base);
static int sq_clocks(struct cd_store *base, int64_t id, struct cd_clocks *out, struct cd_err *err);
static const struct store_ops sq_ops;

static int kept_back(const struct sq_store *st)
{
	return st->work.dirty_c || st->work.dirty_k;
}

/* The statements that write a complaint's progress and clocks are
 * prepared here directly: st_flush_work runs them, and they write only
 * the complaint they name. */
static sqlite3_stmt *prep_cached(struct sq_store *st, const char *sql, struct cd_err *err)
{
	for (int i = 0; i < st->ncache; i++)
		if (st->cache[i].sql == sql) {
			sqlite3_reset(st->cache[i].stmt);
			sqlite3_clear_bindings(st->cache[i].stmt);
			return st->cache[i].stmt;
		}
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		st_db_fail(st, err, N_("preparing a query"));
		return NULL;
	}
	if (st->ncache < CACHE_SIZE) {
		st->cache[st->ncache].sql = sql;
		st->cache[st->ncache++].stmt = stmt;
	}
	return stmt;
}

sqlite3_stmt *st_prep(struct sq_store *st, const char *sql, struct cd_err *err)
{
	if (kept_back(st) && !blind_to_work(sql) && st_flush_work(st, err))
		return NULL;
	return prep_cached(st, sql, err);
}

/* Statements not in the cache (built filters) are finalised after use. */
void st_done(struct sq_store *st, sqlite3_stmt *stmt)
{
	for (int i = 0; i < st->ncache; i++)
		if (st->cache[i].stmt == stmt) {
			sqlite3_reset(stmt);
			return;
		}
	sqlite3_finalize(stmt);
}

int st_exec(struct sq_store *st, const char *sql, struct cd_err *err)
{
	char *msg = NULL;
	if (kept_back(st) && st_flush_work(st, err))
		return -1;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int r = st_db_fail(st, err, NULL);
		sqlite3_free(msg);
		return r;
	}
	return 0;
}

void st_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

/* The same without SQLite's copy, for a value that outlives the step: the
 * inserts an import makes for every row (bindings are cleared before a
 * cached statement is used again, see prep_cached). */
static void bind_text_kept(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

/* A hash or a salt is kept as its bytes, a BLOB half the size of its hex
 * digits; hex that would not read back the same (upper case, odd
 * length) is kept as the text it is, as are the events written before
 * (both read alike through st_col_hex). */
void st_bind_hex(sqlite3_stmt *s, int i, const char *hex)
{
	unsigned char b[CD_HASH_LEN / 2];
	char back[CD_HASH_LEN];
	size_t n = 0, l = hex ? strlen(hex) : 0;
	if (l > 0 && l < sizeof back && sodium_hex2bin(b, sizeof b, hex, l, NULL, &n, NULL) == 0 &&
	    strcmp(sodium_bin2hex(back, sizeof back, b, n), hex) == 0)
		sqlite3_bind_blob(s, i, b, (int)n, SQLITE_TRANSIENT);
	else
		st_bind_text(s, i, hex);
}

const char *st_col_hex(sqlite3_stmt *s, int i, char out[CD_HASH_LEN])
{
	if (sqlite3_column_type(s, i) != SQLITE_BLOB)
		return (const char *)sqlite3_column_text(s, i);
	size_t n = (size_t)sqlite3_column_bytes(s, i);
	const void *b = sqlite3_column_blob(s, i);
	return sodium_bin2hex(out, CD_HASH_LEN, b, n < CD_HASH_LEN / 2 ? n : CD_HASH_LEN / 2);
}

void st_bind_time(sqlite3_stmt *s, int i, cd_time t)
{
	if (t == CD_TIME_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, t);
}

char *st_col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *v = sqlite3_column_text(s, i);
	return v ? xstrdup((const char *)v) : NULL;
}

cd_time st_col_time(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? CD_TIME_NONE : sqlite3_column_int64(s, i);
}

static const char *row_text(const struct srow *r, int i)
{
	return (const char *)sqlite3_column_text(r->h, i);
}
static int64_t row_i64(const struct srow *r, int i) { return sqlite3_column_int64(r->h, i); }
static double row_dbl(const struct srow *r, int i) { return sqlite3_column_double(r->h, i); }
static int row_null(const struct srow *r, int i) { return sqlite3_column_type(r->h, i) == SQLITE_NULL; }
static int row_cols(const struct srow *r) { return sqlite3_column_count(r->h); }
static const struct srow_ops row_ops = {row_text, row_i64, row_dbl, row_null, row_cols};

struct srow st_row(sqlite3_stmt *s)
{
	return (struct srow){&row_ops, s, 0};
}

/* Does the database hold anything at all? A new one (version 0) is empty. */
static int has_tables(struct sq_store *st)
{
	sqlite3_stmt *s;
	int any = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1, &s, NULL) != SQLITE_OK)
		return 0; /* the migration says what is wrong */
	if (sqlite3_step(s) == SQLITE_ROW)
		any = sqlite3_column_int(s, 0) > 0;
	sqlite3_finalize(s);
	return any;
}

/* The schema version, once the database is known to be one this cdesk may
 * change: read before anything is written (even the journal mode). */
static int check_schema(struct sq_store *st, int *version, struct cd_err *err)
{
	sqlite3_stmt *s;
	*version = 0;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return st_db_fail(st, err, N_("reading the schema version"));
	int rc = sqlite3_step(s);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return st_db_fail(st, err, N_("reading the schema version"));
	if (*version > SCHEMA_VERSION)
		return cd_fail(err, CD_EDB,
			       _("%s has schema version %d, newer than this cdesk understands (%d); use a newer cdesk"),
			       st->path, *version, SCHEMA_VERSION);
	if (*version == 0 && has_tables(st))
		return cd_fail(err, CD_EDB, _("%s is an SQLite database of another program (it has tables, and no "
					      "cdesk schema); cdesk will not change it"), st->path);
	return 0;
}

static int migrate(struct sq_store *st, int version, struct cd_err *err)
{
	if (version == SCHEMA_VERSION)
		return 0;
	if (sq_begin(&st->base, err))
		return -1;
	for (int v = version; v < SCHEMA_VERSION; v++) {
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
		if (st_exec(st, migrations[v], err) || (migration_steps[v] && migration_steps[v](st, err)) ||
		    st_exec(st, pragma, err)) {
			sq_rollback(&st->base);
			return -1;
		}
	}
	if (sq_commit(&st->base, err)) {
		sq_rollback(&st->base);
		return -1;
	}
	return 0;
}

/* Create the file ourselves so it is the owner's alone from the start;
 * *created says whether it was made now. */
static int create_private(const char *path, int *created, struct cd_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	*created = fd >= 0;
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno == EEXIST)
		return 0;
	if (errno == ENOENT)
		return cd_fail(err, CD_EDB, _("cannot create the database %s: its directory does not exist"), path);
	return cd_fail(err, CD_EDB, _("cannot create the database %s: %s"), path, strerror(errno));
}

static int check_header(const char *path, struct cd_err *err)
{
	char head[16] = {0};
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	if (n > 0 && (n < 16 || memcmp(head, "SQLite format 3", 16) != 0))
		return cd_fail(err, CD_EDB, _("%s is not a cdesk database (not an SQLite file)"), path);
	return 0;
}

/* The event log's update trigger lets a row change only while this
 * connection purges personal data (or links old events, once). Other
 * programs do not have the function, so their updates fail. */
static void purge_in_progress(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	struct sq_store *st = sqlite3_user_data(ctx);
	sqlite3_result_int(ctx, st->purging);
}

int sq_open(const char *path, struct cd_store **out, struct cd_err *err)
{
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return cd_fail(err, CD_EDB, _("%s is a directory, not a database file"), path);
	/* A pipe or a device: reading its header could wait for ever. */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return cd_fail(err, CD_EDB, _("%s is not a regular file, so it cannot be a database"), path);
	int created;
	if (create_private(path, &created, err) || check_header(path, err))
		return -1;
	/* Keep savepoint journals in memory: one action touches a few hundred
	 * KiB at most, and spilling them to a temporary file made every action
	 * inside a long transaction (import, demo) pay hundreds of writes. Only
	 * possible before the library starts, so a second open leaves these be. */
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
	/* cdesk has one thread, and nothing reads SQLite's memory statistics:
	 * without them, no statement takes a lock. */
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	struct sq_store *st = xcalloc(1, sizeof *st);
	st->base.ops = &sq_ops;
	st->base.created = created;
	st->bulk_from = -1;
	st->bulk_fd = -1;
	st->busy_ms = ST_WAIT_MS;
	st->path = xstrdup(path);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		st_db_fail(st, err, N_("opening the database"));
		sq_close(&st->base);
		return -1;
	}
	if (stat(path, &sb) == 0) {
		st->dev = sb.st_dev;
		st->ino = sb.st_ino;
	}
	sqlite3_busy_handler(st->db, st_busy, st);
	sqlite3_create_function(st->db, "cdesk_purge_in_progress", 0, SQLITE_UTF8, st, purge_in_progress,
				NULL, NULL);
	sqlite3_extended_result_codes(st->db, 0);
	struct cd_err ignore;
	int version;
	if (check_schema(st, &version, err)) {
		sq_close(&st->base);
		return -1;
	}
	/* WAL needs write access; a read-only file stays in its journal mode. */
	if (st_exec(st, "PRAGMA journal_mode=WAL", &ignore) && sqlite3_errcode(st->db) == SQLITE_NOTADB) {
		cd_fail(err, CD_EDB, _("%s is not a cdesk database (not an SQLite file)"), path);
		sq_close(&st->base);
		return -1;
	}
	if (st_exec(st, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL", err) || migrate(st, version, err)) {
		sq_close(&st->base);
		return -1;
	}
	*out = &st->base;
	return 0;
}

static void sq_close(struct cd_store *base)
{
	struct sq_store *st = sq_of(base);
	for (int i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	st_cache_drop(st);
	st_copy_drop(st);
	st_bulk_done(st);
	st_unindex_done(st);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

/* Nested begins become savepoints, so a whole import (or a demo run) is
 * one transaction made of the same actions the desk always takes. The
 * statements for each depth are kept prepared: an import takes one per
 * row, and preparing them each time cost a tenth of its work. */
static const char *const SQL_SAVEPOINT[] = {"BEGIN IMMEDIATE", "SAVEPOINT s1", "SAVEPOINT s2", "SAVEPOINT s3"};
static const char *const SQL_RELEASE[] = {"COMMIT", "RELEASE s1", "RELEASE s2", "RELEASE s3"};
#define SAVEPOINT_DEPTHS ((int)(sizeof SQL_SAVEPOINT / sizeof *SQL_SAVEPOINT))

/* Inside a bulk load, actions take no savepoints of their own: a load is
 * all or nothing, so an action rolled back inside it breaks the whole load
 * (see store_rollback), and the savepoints' page copies were a sixth of its
 * work. */
int st_in_bulk(const struct sq_store *st)
{
	return st->bulk_from >= 0 && st->depth >= 1;
}

static int run_cached(struct sq_store *st, const char *sql, struct cd_err *err)
{
	sqlite3_stmt *s = st_prep(st, sql, err);
	if (!s)
		return -1;
	int rc = sqlite3_step(s);
	int r = rc == SQLITE_DONE ? 0 : st_db_fail(st, err, NULL);
	st_done(st, s);
	return r;
}

/* Runs the statement for this depth from one of the tables above, or
 * builds it for an unusually deep nesting. */
static int run_at_depth(struct sq_store *st, const char *const *table, const char *verb, int depth,
			struct cd_err *err)
{
	char sql[48];
	if (depth < SAVEPOINT_DEPTHS)
		return run_cached(st, table[depth], err);
	snprintf(sql, sizeof sql, "%s s%d", verb, depth);
	return st_exec(st, sql, err);
}

/* Is the file at the path still the one opened? A desk left open while
 * someone deletes or replaces its file would otherwise go on saving into
 * a file nobody will ever open again. */
static int still_there(struct sq_store *st, struct cd_err *err)
{
	struct stat sb;
	if (stat(st->path, &sb) != 0)
		return cd_fail(err, CD_EDB, _("the database %s is gone (deleted or moved away) since this desk opened "
					      "it; nothing was saved"), st->path);
	if (sb.st_dev != st->dev || sb.st_ino != st->ino)
		return cd_fail(err, CD_EDB, _("the database %s was replaced by another file since this desk opened "
					      "it; nothing was saved"), st->path);
	return 0;
}

static int sq_begin(struct cd_store *base, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	if (st->depth == 0 && still_there(st, err))
		return -1;
	if (st->depth == 0)
		st_cache_drop(st);
	if (!st_in_bulk(st) && run_at_depth(st, SQL_SAVEPOINT, "SAVEPOINT", st->depth, err))
		return -1;
	st->depth++;
	return 0;
}

/* The outermost begin, at once or not at all: a moment's wait for the
 * lock, not the usual ten seconds. */
static int sq_try_begin(struct cd_store *base, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	if (st->depth > 0)
		return sq_begin(base, err);
	st->busy_ms = 50;
	int r = sq_begin(base, err);
	int busy = r && (sqlite3_errcode(st->db) == SQLITE_BUSY || sqlite3_errcode(st->db) == SQLITE_LOCKED);
	st->busy_ms = ST_WAIT_MS;
	return busy ? 1 : r;
}

int64_t st_last_complaint(struct sq_store *st)
{
	static const char sql[] = "SELECT coalesce(max(id), 0) FROM complaints";
	sqlite3_stmt *s = st_prep(st, sql, NULL);
	int64_t v = 0;
	if (s && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	if (s)
		st_done(st, s);
	return v;
}

/* A transaction that adds many complaints indexes them for search once, at
 * its end: row by row, the index is written out at every savepoint. Until
 * then the insert trigger is gone and the update trigger skips the new
 * rows; both come back before the commit, so no other connection ever
 * sees them missing, and a rollback undoes it all. */
static int sq_begin_bulk(struct cd_store *base, enum store_bulk kind, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	char sql[512];
	if (sq_begin(&st->base, err))
		return -1;
	if (st->depth != 1)
		return 0;
	/* A load that goes back to what it wrote before (demo data) touches
	 * ever more of the indexes (new phone numbers, the last weeks of
	 * events); at a million complaints SQLite's usual 2 MiB made it a
	 * third slower. */
	if (kind == STORE_BULK_REVISIT && st_exec(st, "PRAGMA cache_size = -65536", err)) {
		sq_rollback(&st->base);
		return -1;
	}
	int64_t last = st_last_complaint(st);
	snprintf(sql, sizeof sql, "DROP TRIGGER complaints_fts_i; DROP TRIGGER complaints_fts_u;"
		 FTS_UPDATE_TRIGGER("WHEN old.id <= %lld "), (long long)last);
	if (st_exec(st, sql, err)) {
		sq_rollback(&st->base);
		return -1;
	}
	st->bulk_from = last;
	st_bulk_announce(st);
	return 0;
}

static int end_bulk(struct sq_store *st, struct cd_err *err)
{
	char sql[160];
	snprintf(sql, sizeof sql, "INSERT INTO complaints_fts(rowid, search)"
		 " SELECT id, search FROM complaints WHERE id > %lld", (long long)st->bulk_from);
	st->bulk_from = -1;
	return st_reindex(st, err) || st_exec(st, sql, err) ||
	       st_exec(st, "DROP TRIGGER complaints_fts_u;" FTS_INSERT_TRIGGER FTS_UPDATE_TRIGGER(""), err);
}

static int sq_commit(struct cd_store *base, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	if (st->depth <= 0)
		return 0;
	if (st->depth > 1 && st_in_bulk(st)) {
		st->depth--;
		return 0;
	}
	if (st->depth == 1 && st->bulk_from >= 0)
		st_bulk_committing(st);
	if (st->depth == 1 && st->bulk_from >= 0 &&
	    (st_flush_work(st, err) || st->bulk_broken || end_bulk(st, err))) {
		if (st->bulk_broken && st->bulk_err.code)
			*err = st->bulk_err;
		else if (st->bulk_broken)
			cd_fail(err, CD_EDB, _("an action inside the load failed; nothing was saved"));
		return -1; /* the caller rolls back */
	}
	if (run_at_depth(st, SQL_RELEASE, "RELEASE", st->depth - 1, err))
		return -1;
	st->depth--;
	if (st->depth == 0) {
		st_cache_drop(st);
		st_bulk_done(st);
		st_unindex_done(st);
	}
	return 0;
}

static void sq_rollback(struct cd_store *base)
{
	struct sq_store *st = sq_of(base);
	char sql[64];
	if (st->depth <= 0)
		return;
	if (st->depth == 1) {
		if (!sqlite3_get_autocommit(st->db))
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	} else if (st_in_bulk(st)) {
		st->bulk_broken = 1;
	} else {
		snprintf(sql, sizeof sql, "ROLLBACK TO s%d; RELEASE s%d", st->depth - 1, st->depth - 1);
		sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	}
	st->depth--;
	if (st->depth == 0) {
		st_bulk_done(st);
		st_unindex_done(st);
		st->bulk_from = -1;
		st->bulk_broken = 0;
		memset(&st->bulk_err, 0, sizeof st->bulk_err);
	}
	st_cache_drop(st);
}

static const char SQL_META_GET[] = "SELECT value FROM meta WHERE key = ?1";
static const char SQL_META_SET[] = "INSERT INTO meta(key, value) VALUES(?1, ?2)"
				   " ON CONFLICT(key) DO UPDATE SET value = excluded.value";

static int sq_meta_get(struct cd_store *base, const char *key, char **val, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_META_GET, err);
	if (!s)
		return -1;
	st_bind_text(s, 1, key);
	int rc = sqlite3_step(s);
	*val = rc == SQLITE_ROW ? st_col_text(s, 0) : NULL;
	st_done(st, s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return st_db_fail(st, err, N_("reading settings"));
	return 0;
}

int st_number(struct sq_store *st, const char *sql, int64_t *n, const char *what, struct cd_err *err)
{
	sqlite3_stmt *s = st_prep(st, sql, err);
	if (!s)
		return -1;
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	st_done(st, s);
	return rc == SQLITE_ROW ? 0 : st_db_fail(st, err, what);
}

int st_step_done(struct sq_store *st, sqlite3_stmt *s, struct cd_err *err, const char *what)
{
	int rc = sqlite3_step(s);
	st_done(st, s);
	if (rc != SQLITE_DONE)
		return st_db_fail(st, err, what);
	return 0;
}

static int sq_meta_set(struct cd_store *base, const char *key, const char *val, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_META_SET, err);
	if (!s)
		return -1;
	st_bind_text(s, 1, key);
	st_bind_text(s, 2, val);
	return st_step_done(st, s, err, N_("saving settings"));
}

/* Binds the columns after id in COMPLAINT_COLS order starting at index i. */
static int bind_complaint(sqlite3_stmt *s, int i, const struct cd_complaint *c)
{
	for (size_t f = 0; f < cd_nfields; f++)
		bind_text_kept(s, i++, *cd_field_ptr((struct cd_complaint *)c, &cd_fields[f]));
	st_bind_time(s, i++, c->received_at);
	st_bind_time(s, i++, c->updated_at);
	bind_text_kept(s, i++, cd_state_id(c->state));
	sqlite3_bind_int(s, i++, c->esc_level);
	bind_text_kept(s, i++, c->esc_role);
	sqlite3_bind_int(s, i++, c->reopen_count);
	st_bind_time(s, i++, c->paused_since);
	st_bind_time(s, i++, c->resolved_at);
	st_bind_time(s, i++, c->closed_at);
	if (c->awaiting)
		sqlite3_bind_int64(s, i++, c->awaiting);
	else
		sqlite3_bind_null(s, i++);
	return i;
}

/* ckey, the customer key: the key of the first complaint with the same
 * phone (NULL, meaning the complaint's own id, for a first complaint). */
static const char SQL_INSERT_COMPLAINT[] =
	"INSERT INTO complaints(" COMPLAINT_SET_COLS ", ckey)"
	" VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,"
	" (SELECT coalesce(x.ckey, x.id) FROM complaints x WHERE x.phone = ?6 ORDER BY x.id LIMIT 1))";

static int sq_insert_complaint(struct cd_store *base, struct cd_complaint *c, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_INSERT_COMPLAINT, err);
	if (!s)
		return -1;
	bind_complaint(s, 1, c);
	if (st_step_done(st, s, err, N_("saving the complaint")))
		return -1;
	c->id = sqlite3_last_insert_rowid(st->db);
	if (st_in_bulk(st))
		st_bulk_loaded(st);
	if (st_unindex_if_large(st, err))
		return -1;
	st_memo_forget_count(st);
	st_cache_put_complaint(st, c);
	/* A complaint just made has no events, clocks or escalations yet:
	 * asking for them would be three statements for nothing. */
	static const struct cd_events no_events;
	static const struct cd_clocks no_clocks;
	static const struct strlist no_rules;
	st_cache_put_events(st, c->id, &no_events);
	st_cache_put_clocks(st, c->id, &no_clocks);
	st_cache_put_fired(st, c->id, &no_rules);
	return 0;
}

/* An update is two statements: what every action moves (the progress), and
 * what few do (the record), written only when it changed. Each index on a
 * column a statement sets is rewritten, and most are on the record. Both
 * take the parameters bind_complaint binds. */
static const char SQL_UPDATE_PROGRESS[] =
	"UPDATE complaints SET updated_at=?16, state=?17, esc_level=?18, esc_role=?19,"
	" reopen_count=?20, paused_since=?21, resolved_at=?22, closed_at=?23, awaiting=?24"
	" WHERE id=?25";
/* The same with the soonest open deadline (a bulk load writes both at once). */
static const char SQL_UPDATE_PROGRESS_DUE[] =
	"UPDATE complaints SET updated_at=?16, state=?17, esc_level=?18, esc_role=?19,"
	" reopen_count=?20, paused_since=?21, resolved_at=?22, closed_at=?23, awaiting=?24, next_due=?26"
	" WHERE id=?25";
static const char SQL_UPDATE_RECORD[] =
	"UPDATE complaints SET site=?1, channel=?2, category=?3, severity=?4, customer=?5, phone=?6,"
	" plate=?7, reference=?8, description=?9, request=?10, need=?11, behaviour=?12, receiver=?13,"
	" owner=?14, received_at=?15,"
	" ckey = CASE WHEN phone IS ?6 THEN ckey ELSE (SELECT coalesce(x.ckey, x.id) FROM complaints x"
	"  WHERE x.phone = ?6 AND x.id <> ?25 ORDER BY x.id LIMIT 1) END"
	" WHERE id=?25";

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int same_record(const struct cd_complaint *a, const struct cd_complaint *b)
{
	for (size_t i = 0; i < cd_nfields; i++)
		if (!same_text(*cd_field_ptr((struct cd_complaint *)a, &cd_fields[i]),
			       *cd_field_ptr((struct cd_complaint *)b, &cd_fields[i])))
			return 0;
	return a->received_at == b->received_at;
}

static int update_with(struct sq_store *st, const char *sql, const struct cd_complaint *c, struct cd_err *err)
{
	sqlite3_stmt *s = prep_cached(st, sql, err);
	if (!s)
		return -1;
	int i = bind_complaint(s, 1, c);
	sqlite3_bind_int64(s, i, c->id);
	return st_step_done(st, s, err, N_("saving the complaint"));
}

static int sq_update_complaint(struct cd_store *base, const struct cd_complaint *c, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	const struct cd_complaint *was = st_cache_peek_complaint(st, c->id);
	if (!was || !same_record(was, c)) {
		if (update_with(st, SQL_UPDATE_RECORD, c, err))
			return -1;
		st_memo_forget_count(st);
	}
	if (!st_in_bulk(st) && update_with(st, SQL_UPDATE_PROGRESS, c, err))
		return -1;
	st_cache_put_complaint(st, c);
	st->work.dirty_c = st_in_bulk(st);
	return 0;
}

static const char SQL_GET_COMPLAINT[] = "SELECT " COMPLAINT_COLS " FROM complaints c WHERE c.id = ?1";

static int sq_get_complaint(struct cd_store *base, int64_t id, struct cd_complaint *c, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	if (st_cache_get_complaint(st, id, c))
		return 0;
	sqlite3_stmt *s = st_prep(st, SQL_GET_COMPLAINT, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		sr_read_complaint(&(struct srow){&row_ops, s, 0}, 0, c);
	st_done(st, s);
	if (rc == SQLITE_DONE)
		return cd_fail(err, CD_ENOTFOUND, _("no complaint #%lld"), (long long)id);
	if (rc != SQLITE_ROW)
		return st_db_fail(st, err, N_("reading the complaint"));
	st_cache_put_complaint(st, c);
	return 0;
}

static const char SQL_INSERT_EVENT[] =
	"INSERT INTO events(id, complaint_id, at, actor, kind, from_state, to_state, note, data, salt, hash)"
	" VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)";
static const char SQL_LAST_EVENT[] = "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1";

/* The id and hash of the newest row sql returns (0 and "" when none). */
int st_last_link(struct sq_store *st, const char *sql, struct store_link *l, struct cd_err *err)
{
	sqlite3_stmt *s = st_prep(st, sql, err);
	if (!s)
		return -1;
	l->id = 0;
	l->hash[0] = '\0';
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		l->id = sqlite3_column_int64(s, 0);
		char buf[CD_HASH_LEN];
		const char *h = st_col_hex(s, 1, buf);
		snprintf(l->hash, sizeof l->hash, "%s", h ? h : "");
	}
	st_done(st, s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : st_db_fail(st, err, N_("reading the event log"));
}

static int sq_last_event(struct cd_store *base, struct store_link *l, struct cd_err *err)
{
	return st_last_link(sq_of(base), SQL_LAST_EVENT, l, err);
}

/* The number and the hash come from the desk, which holds the write lock
 * from the newest event it asked for to this one. */
static int sq_insert_event(struct cd_store *base, const struct cd_event *e, const char *salt, const char *hash,
			   struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_INSERT_EVENT, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, e->id);
	sqlite3_bind_int64(s, 2, e->complaint_id);
	sqlite3_bind_int64(s, 3, e->at);
	bind_text_kept(s, 4, e->actor);
	bind_text_kept(s, 5, e->kind);
	bind_text_kept(s, 6, e->from_state >= 0 ? cd_state_id(e->from_state) : NULL);
	bind_text_kept(s, 7, e->to_state >= 0 ? cd_state_id(e->to_state) : NULL);
	bind_text_kept(s, 8, e->note);
	bind_text_kept(s, 9, e->data);
	st_bind_hex(s, 10, salt);
	st_bind_hex(s, 11, hash);
	if (st_step_done(st, s, err, N_("saving the event")))
		return -1;
	st_cache_add_event(st, e);
	return 0;
}

/* Migration 3: link the events written before the chain existed. */
static int chain_existing_events(struct sq_store *st, struct cd_err *err)
{
	sqlite3_stmt *rd, *wr;
	char prev[CD_HASH_LEN] = "", hash[CD_HASH_LEN], salt[CD_SALT_LEN];
	if (sqlite3_prepare_v2(st->db, "SELECT id, complaint_id, at, actor, kind, from_state, to_state,"
			       " note, data FROM events ORDER BY id", -1, &rd, NULL) != SQLITE_OK)
		return st_db_fail(st, err, N_("reading the event log"));
	if (sqlite3_prepare_v2(st->db, "UPDATE events SET salt = ?1, hash = ?2 WHERE id = ?3", -1, &wr,
			       NULL) != SQLITE_OK) {
		sqlite3_finalize(rd);
		return st_db_fail(st, err, N_("reading the event log"));
	}
	st->purging = 1;
	int rc;
	while ((rc = sqlite3_step(rd)) == SQLITE_ROW) {
		struct cd_event e;
		sr_read_event(&(struct srow){&row_ops, rd, 0}, &e);
		int personal = cd_data_personal(e.data);
		if (personal)
			cd_salt(salt);
		cd_event_hash(prev, &e, personal ? salt : NULL, hash);
		st_bind_text(wr, 1, personal ? salt : NULL);
		st_bind_text(wr, 2, hash);
		sqlite3_bind_int64(wr, 3, e.id);
		cd_event_free(&e);
		if (sqlite3_step(wr) != SQLITE_DONE)
			break;
		sqlite3_reset(wr);
		memcpy(prev, hash, sizeof prev);
	}
	st->purging = 0;
	int ok = rc == SQLITE_DONE;
	sqlite3_finalize(rd);
	sqlite3_finalize(wr);
	return ok ? 0 : st_db_fail(st, err, N_("linking the event log"));
}

static const char SQL_EVENTS[] =
	"SELECT id, complaint_id, at, actor, kind, from_state, to_state, note, data"
	" FROM events WHERE complaint_id = ?1 ORDER BY id";

static int sq_events(struct cd_store *base, int64_t id, struct cd_events *out, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	if (st_cache_get_events(st, id, out))
		return 0;
	sqlite3_stmt *s = st_prep(st, SQL_EVENTS, err);
	int rc;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	out->v = NULL;
	out->n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		sr_read_event(&(struct srow){&row_ops, s, 0}, &out->v[out->n++]);
	}
	st_done(st, s);
	if (rc != SQLITE_DONE) {
		cd_events_free(out);
		return st_db_fail(st, err, N_("reading events"));
	}
	st_cache_put_events(st, id, out);
	return 0;
}

static const char SQL_DELETE_CLOCK[] = "DELETE FROM clocks WHERE complaint_id = ?1 AND kind = ?2 AND seq = ?3";
static const char SQL_PUT_CLOCK[] =
	"INSERT OR REPLACE INTO clocks(complaint_id, kind, seq, ref, started_at, due_at, met_at, stopped_at,"
	" paused_since) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)";
static const char SQL_NEXT_DUE[] = "UPDATE complaints SET next_due = ?2 WHERE id = ?1 AND next_due IS NOT ?2";

struct clock_write {
	struct sq_store *st;
	struct cd_err *err;
};

/* A clock the database does not hold yet: a plain INSERT, which (unlike
 * INSERT OR REPLACE, which may delete a row and so takes a statement
 * journal) writes once. */
static const char SQL_ADD_CLOCK[] =
	"INSERT INTO clocks(complaint_id, kind, seq, ref, started_at, due_at, met_at, stopped_at,"
	" paused_since) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)";

static int put_clock(void *ctx, int64_t id, const struct cd_clock *k, int is_new)
{
	struct sq_store *st = ((struct clock_write *)ctx)->st;
	struct cd_err *err = ((struct clock_write *)ctx)->err;
	sqlite3_stmt *s = prep_cached(st, is_new ? SQL_ADD_CLOCK : SQL_PUT_CLOCK, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	st_bind_text(s, 2, k->kind);
	sqlite3_bind_int(s, 3, k->seq);
	if (k->ref)
		sqlite3_bind_int64(s, 4, k->ref);
	st_bind_time(s, 5, k->started);
	st_bind_time(s, 6, k->due);
	st_bind_time(s, 7, k->met);
	st_bind_time(s, 8, k->stopped);
	st_bind_time(s, 9, k->paused_since);
	return st_step_done(st, s, err, N_("saving clocks"));
}

static int drop_clock(void *ctx, int64_t id, const struct cd_clock *k, int is_new)
{
	(void)is_new;
	struct sq_store *st = ((struct clock_write *)ctx)->st;
	struct cd_err *err = ((struct clock_write *)ctx)->err;
	sqlite3_stmt *s = prep_cached(st, SQL_DELETE_CLOCK, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	st_bind_text(s, 2, k->kind);
	sqlite3_bind_int(s, 3, k->seq);
	return st_step_done(st, s, err, N_("saving clocks"));
}

/* The clocks that changed (sr_clock_changes), then next_due if it moved. */
static int write_clocks(struct sq_store *st, int64_t id, const struct cd_clocks *old, const struct cd_clocks *l,
			struct cd_err *err)
{
	struct clock_write w = {st, err};
	int r = sr_clock_changes(old, l, id, drop_clock, put_clock, &w);
	sqlite3_stmt *s = r ? NULL : prep_cached(st, SQL_NEXT_DUE, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	st_bind_time(s, 2, sr_next_due(l));
	return st_step_done(st, s, err, N_("saving clocks"));
}

static int sq_replace_clocks(struct cd_store *base, int64_t id, const struct cd_clocks *l, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	struct cd_clocks old;
	struct st_work *w = &st->work;
	int saved = st_in_bulk(st) && w->id == id && w->dirty_k;
	if (!saved && !st_cache_get_clocks(st, id, &old) && sq_clocks(&st->base, id, &old, err))
		return -1;
	if (st_in_bulk(st)) {
		/* Kept back, with what the database holds, until st_flush_work. */
		st_cache_put_clocks(st, id, l);
		if (!saved) {
			w->saved_k = old;
			w->dirty_k = 1;
		}
		return 0;
	}
	int r = write_clocks(st, id, &old, l, err);
	cd_clocks_free(&old);
	if (!r)
		st_cache_put_clocks(st, id, l);
	return r;
}

int st_flush_work(struct sq_store *st, struct cd_err *err)
{
	struct st_work *w = &st->work;
	if (!w->dirty_c && !w->dirty_k)
		return 0;
	int r = 0;
	if (w->dirty_k && w->dirty_c) {
		/* The progress and the queue's order in one write of the row. */
		struct clock_write cw = {st, err};
		r = sr_clock_changes(&w->saved_k, &w->k, w->id, drop_clock, put_clock, &cw);
		sqlite3_stmt *s = r ? NULL : prep_cached(st, SQL_UPDATE_PROGRESS_DUE, err);
		if (s) {
			int i = bind_complaint(s, 1, &w->c);
			sqlite3_bind_int64(s, i, w->c.id);
			st_bind_time(s, i + 1, sr_next_due(&w->k));
			r = st_step_done(st, s, err, N_("saving the complaint"));
		} else {
			r = -1;
		}
	} else if (w->dirty_k) {
		r = write_clocks(st, w->id, &w->saved_k, &w->k, err);
	} else if (w->dirty_c) {
		r = update_with(st, SQL_UPDATE_PROGRESS, &w->c, err);
	}
	if (w->dirty_k)
		cd_clocks_free(&w->saved_k);
	w->dirty_c = w->dirty_k = 0;
	if (r)
		st->bulk_broken = 1;
	return r;
}

static const char SQL_DATA_VERSION[] = "PRAGMA data_version";

/* PRAGMA data_version changes when another connection commits. */
static int sq_changes(struct cd_store *base, uint64_t *token, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	int64_t v;
	if (still_there(st, err) || st_number(st, SQL_DATA_VERSION, &v, N_("reading the database version"), err))
		return -1;
	*token = (uint64_t)v;
	return 0;
}


static const char SQL_CLOCKS[] = "SELECT " CLOCK_COLS " FROM clocks k WHERE k.complaint_id = ?1"
				 " ORDER BY k.kind = 'promise', k.started_at, k.kind, k.seq";

static int sq_clocks(struct cd_store *base, int64_t id, struct cd_clocks *out, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_CLOCKS, err);
	int rc;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	out->v = NULL;
	out->n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		sr_read_clock(&(struct srow){&row_ops, s, 0}, 0, &out->v[out->n++]);
	}
	st_done(st, s);
	if (rc != SQLITE_DONE) {
		cd_clocks_free(out);
		return st_db_fail(st, err, N_("reading clocks"));
	}
	return 0;
}

/* Appends the WHERE conditions of f (after "WHERE 1") and returns the values
 * to bind, in order; times are bound as numbers, the rest as text. */
struct binds {
	const char *text[12];
	int is_time[12];
	cd_time time[12];
	int n;
	char *match; /* the full-text query for f->text, if the index is used */
};

static void add_text(struct strbuf *sql, struct binds *b, const char *cond, const char *v)
{
	if (!v)
		return;
	sb_puts(sql, cond);
	b->is_time[b->n] = 0;
	b->text[b->n++] = v;
}

static void add_time(struct strbuf *sql, struct binds *b, const char *cond, cd_time t)
{
	if (t == CD_TIME_NONE)
		return;
	sb_puts(sql, cond);
	b->is_time[b->n] = 1;
	b->time[b->n++] = t;
}

static void build_filter(struct strbuf *sql, struct binds *b, const struct cd_filter *f)
{
	const char *state = f->state ? f->state : "open";
	if (strcmp(state, "open") == 0)
		sb_puts(sql, " AND c.state NOT IN ('closed','withdrawn')");
	else if (strcmp(state, "all") != 0)
		add_text(sql, b, " AND c.state = ?", state);
	add_text(sql, b, " AND c.site = ?", f->site);
	add_text(sql, b, " AND " CD_SITES_TERM, f->sites);
	add_text(sql, b, " AND c.channel = ?", f->channel);
	add_text(sql, b, " AND c.category = ?", f->category);
	add_text(sql, b, " AND c.owner = ?", f->owner);
	add_text(sql, b, " AND c.phone = ?", f->phone);
	add_time(sql, b, " AND c.received_at >= ?", f->from);
	add_time(sql, b, " AND c.received_at < ?", f->to);
	if (f->escalated)
		sb_puts(sql, " AND c.esc_level > 0");
	add_time(sql, b, " AND c.id IN (SELECT k.complaint_id FROM clocks k WHERE k.met_at IS NULL"
			 " AND k.stopped_at IS NULL AND k.paused_since IS NULL AND k.due_at < ?)", f->overdue_at);
	if (b->match)
		sb_puts(sql, " AND c.id IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH :match)");
	/* instr() is a plain substring test: no LIKE wildcards to escape. */
	if (f->text)
		sb_puts(sql, f->text_public ? " AND " CD_PUBLIC_TEXT_TERM : " AND " CD_TEXT_TERM);
}

static void apply_binds(sqlite3_stmt *s, const struct binds *b, const char *text)
{
	if (b->match)
		st_bind_text(s, sqlite3_bind_parameter_index(s, ":match"), b->match);
	for (int i = 0; i < b->n; i++) {
		if (b->is_time[i])
			sqlite3_bind_int64(s, i + 1, b->time[i]);
		else
			st_bind_text(s, i + 1, b->text[i]);
	}
	if (text)
		st_bind_text(s, sqlite3_bind_parameter_index(s, ":text"), text);
}

/* The complaints matching f, as select (a column list) from complaints c;
 * a list (in its order, within its limit) or, for counting, all of them. */
static sqlite3_stmt *filtered(struct sq_store *st, const char *select, const struct cd_filter *f, int list,
			      const char *what, struct cd_err *err)
{
	struct strbuf sql;
	struct binds b = {0};
	sqlite3_stmt *s;
	if (st_search_match(st, f->text, &b.match, err))
		return NULL;
	if (list && b.match && f->limit > 0 && st_search_dense(st, b.match, (int64_t)f->limit + f->offset)) {
		free(b.match);
		b.match = NULL;
	}
	sb_init(&sql);
	sb_printf(&sql, "SELECT %s FROM complaints c WHERE 1", select);
	build_filter(&sql, &b, f);
	if (list && f->by_deadline)
		sb_puts(&sql, " ORDER BY c.next_due IS NULL, c.next_due, c.id");
	else if (list)
		sb_puts(&sql, f->oldest_first ? " ORDER BY c.received_at, c.id" : " ORDER BY c.received_at DESC, c.id DESC");
	if (list && f->limit > 0)
		sb_printf(&sql, " LIMIT %d OFFSET %d", f->limit, f->offset);
	int rc = sqlite3_prepare_v2(st->db, sql.s, -1, &s, NULL);
	sb_free(&sql);
	if (rc == SQLITE_OK)
		apply_binds(s, &b, f->text);
	else
		st_db_fail(st, err, what);
	free(b.match);
	return rc == SQLITE_OK ? s : NULL;
}

static int sq_list(struct cd_store *base, const struct cd_filter *f, store_complaint_cb cb, void *ctx,
	       struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	int rc;
	sqlite3_stmt *s = filtered(st, COMPLAINT_COLS, f, 1, N_("listing complaints"), err);
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct cd_complaint c;
		sr_read_complaint(&(struct srow){&row_ops, s, 0}, 0, &c);
		int stop = cb(ctx, &c);
		cd_complaint_free(&c);
		if (stop) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return st_db_fail(st, err, N_("listing complaints"));
	return 0;
}

static int sq_open_clocks(struct cd_store *base, cd_time before, const struct cd_filter *f,
		      store_clock_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	struct strbuf sql;
	struct binds b = {0};
	sqlite3_stmt *s;
	int rc;

	sb_init(&sql);
	sb_puts(&sql, "SELECT " CLOCK_COLS ", " COMPLAINT_COLS " FROM clocks k"
		      " JOIN complaints c ON c.id = k.complaint_id"
		      " WHERE k.met_at IS NULL AND k.stopped_at IS NULL");
	add_time(&sql, &b, " AND k.due_at < ?", before);
	add_text(&sql, &b, " AND c.site = ?", f ? f->site : NULL);
	add_text(&sql, &b, " AND " CD_SITES_TERM, f ? f->sites : NULL);
	add_text(&sql, &b, " AND c.owner = ?", f ? f->owner : NULL);
	sb_puts(&sql, " ORDER BY k.due_at, k.complaint_id");
	if (f && f->limit > 0)
		sb_printf(&sql, " LIMIT %d OFFSET %d", f->limit, f->offset);
	rc = sqlite3_prepare_v2(st->db, sql.s, -1, &s, NULL);
	sb_free(&sql);
	if (rc != SQLITE_OK)
		return st_db_fail(st, err, N_("listing deadlines"));
	apply_binds(s, &b, NULL);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct cd_clock k;
		struct cd_complaint c;
		sr_read_clock(&(struct srow){&row_ops, s, 0}, 0, &k);
		sr_read_complaint(&(struct srow){&row_ops, s, 0}, CLOCK_NCOLS, &c);
		int stop = cb(ctx, &k, &c);
		cd_complaint_free(&c);
		if (stop) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return st_db_fail(st, err, N_("listing deadlines"));
	return 0;
}

static const char SQL_RULES_FIRED[] = "SELECT rule FROM escalations WHERE complaint_id = ?1";
static const char SQL_MARK_RULE[] = "INSERT INTO escalations(complaint_id, rule, event_id) VALUES(?1,?2,?3)";

static int sq_rules_fired(struct cd_store *base, int64_t id, struct strlist *out, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	if (st_in_bulk(st) && st_cache_get_fired(st, id, out))
		return 0;
	sqlite3_stmt *s = st_prep(st, SQL_RULES_FIRED, err);
	int rc;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		sl_push(out, (const char *)sqlite3_column_text(s, 0));
	st_done(st, s);
	if (rc != SQLITE_DONE)
		return st_db_fail(st, err, N_("reading escalations"));
	if (st_in_bulk(st))
		st_cache_put_fired(st, id, out);
	return 0;
}

static int sq_mark_rule(struct cd_store *base, int64_t id, const char *rule, int64_t event_id, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_MARK_RULE, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	st_bind_text(s, 2, rule);
	sqlite3_bind_int64(s, 3, event_id);
	if (st_step_done(st, s, err, N_("saving the escalation")))
		return -1;
	st_cache_add_fired(st, id, rule);
	return 0;
}

static const char SQL_COUNT_PHONE[] =
	"SELECT count(*) FROM complaints WHERE phone = ?1 AND received_at BETWEEN ?2 AND ?3";

void st_memo_forget_count(struct sq_store *st)
{
	free(st->memo.phone);
	st->memo.phone = NULL;
	st->memo.has_count = 0;
}

/* A bulk load asks after every action of a complaint: the answer holds
 * until a complaint is added or its record changed. */
static int memo_count(struct sq_store *st, const char *phone, cd_time from, cd_time to, int64_t *n)
{
	const struct st_memo *m = &st->memo;
	if (!st_in_bulk(st) || !m->has_count || !same_text(m->phone, phone) || m->from != from || m->to != to)
		return 0;
	*n = m->count;
	return 1;
}

static void memo_keep_count(struct sq_store *st, const char *phone, cd_time from, cd_time to, int64_t n)
{
	if (!st_in_bulk(st))
		return;
	st_memo_forget_count(st);
	struct st_memo *m = &st->memo;
	m->phone = phone ? xstrdup(phone) : NULL;
	m->from = from;
	m->to = to;
	m->count = n;
	m->has_count = 1;
}

static int sq_count_phone(struct cd_store *base, const char *phone, cd_time from, cd_time to, int64_t *n,
		      struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	if (memo_count(st, phone, from, to, n))
		return 0;
	sqlite3_stmt *s = st_prep(st, SQL_COUNT_PHONE, err);
	if (!s)
		return -1;
	st_bind_text(s, 1, phone);
	sqlite3_bind_int64(s, 2, from);
	sqlite3_bind_int64(s, 3, to);
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	st_done(st, s);
	if (rc != SQLITE_ROW)
		return st_db_fail(st, err, N_("counting complaints"));
	memo_keep_count(st, phone, from, to, *n);
	return 0;
}

/* The statements a bulk load runs between its actions on one complaint
 * that cannot see what it keeps back of it (its progress columns and
 * clocks); any other statement first writes that back (st_prep). */
static int blind_to_work(const char *sql)
{
	static const char *const blind[] = {SQL_INSERT_EVENT, SQL_LAST_EVENT, SQL_RULES_FIRED, SQL_MARK_RULE,
					    SQL_COUNT_PHONE, SQL_INSERT_COMPLAINT, SQL_GET_KEPT, SQL_PUT_KEPT};
	for (size_t i = 0; i < sizeof blind / sizeof *blind; i++)
		if (sql == blind[i])
			return 1;
	return 0;
}

int st_each_id(struct sq_store *st, sqlite3_stmt *s, store_id_cb cb, void *ctx, struct cd_err *err)
{
	int rc;
	/* Collect first: the callback writes to the database. */
	int64_t *ids = NULL;
	size_t n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	st_done(st, s);
	if (rc != SQLITE_DONE) {
		free(ids);
		return st_db_fail(st, err, N_("finding complaints"));
	}
	for (size_t i = 0; i < n; i++)
		if (cb(ctx, ids[i])) {
			free(ids);
			return -1;
		}
	free(ids);
	return 0;
}

static const char SQL_SWEEP[] =
	"SELECT complaint_id FROM clocks WHERE met_at IS NULL AND stopped_at IS NULL AND due_at < ?1"
	" UNION SELECT id FROM complaints WHERE state NOT IN ('closed','withdrawn') AND received_at < ?2"
	" ORDER BY 1";

static int sq_sweep_candidates(struct cd_store *base, cd_time due_before, cd_time received_before,
			   store_id_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_SWEEP, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, due_before);
	sqlite3_bind_int64(s, 2, received_before);
	return st_each_id(st, s, cb, ctx, err);
}

static const char SQL_OPEN_IDS[] =
	"SELECT id FROM complaints WHERE state NOT IN ('closed','withdrawn') ORDER BY id";

static int sq_open_ids(struct cd_store *base, store_id_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_OPEN_IDS, err);
	if (!s)
		return -1;
	return st_each_id(st, s, cb, ctx, err);
}

static int sq_count(struct cd_store *base, const struct cd_filter *f, int64_t *n, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = filtered(st, "count(*)", f, 0, N_("counting complaints"), err);
	if (!s)
		return -1;
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return st_db_fail(st, err, N_("counting complaints"));
	return 0;
}

static const char SQL_AWAITING[] =
	"SELECT c.id FROM complaints c WHERE c.awaiting IS NOT NULL"
	" AND (?1 IS NULL OR instr(',' || ?1 || ',', ',' || c.site || ',') > 0)"
	" ORDER BY c.awaiting";

static int sq_awaiting_ids(struct cd_store *base, const char *sites, store_id_cb cb, void *ctx,
		       struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_AWAITING, err);
	if (!s)
		return -1;
	st_bind_text(s, 1, sites);
	return st_each_id(st, s, cb, ctx, err);
}

static const struct store_record_ops record_ops = {
	sq_insert_complaint, sq_update_complaint, sq_get_complaint, sq_last_event, sq_insert_event, sq_events,
	sq_replace_clocks, sq_clocks, sq_list, sq_count, sq_open_clocks, sq_rules_fired, sq_mark_rule,
	sq_count_phone, sq_sweep_candidates, sq_open_ids, sq_awaiting_ids,
};

static const struct store_ops sq_ops = {
	"sqlite", sq_close, sq_begin, sq_try_begin, sq_begin_bulk, sq_commit, sq_rollback, sq_changes, sq_meta_get,
	sq_meta_set,
	&record_ops, &sq_report_ops, &sq_trust_ops, &sq_outbox_ops, &sq_copy_ops,
};
