/* Waiting for the write lock. SQLite's busy timeout gives up after a fixed
 * time, but a bulk load (an import, demo data) is one transaction and may
 * hold the lock for minutes: the desks beside it must wait it out, and say
 * so, rather than fail. So a bulk load announces itself in a file beside
 * the database (DB-bulk), which it keeps locked while it writes and in
 * which it counts the complaints it has loaded. A connection waiting for
 * the lock keeps waiting while that count moves (or the load commits), and
 * gives up only after ST_WAIT_MS without progress: a load stuck on its input,
 * or any other writer that holds the lock too long. */
#include "sqlite.h"
#include "cdesk/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TELL_MS 1000    /* how long a wait goes on before it is told */
#define NOTE_EVERY 64   /* complaints between two updates of the count */

/* The file's one record: the count, and 'l' while loading, 'c' while
 * committing. */
#define RECORD_FMT "%20lld %c\n"
#define RECORD_LEN 23

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *bulk_path(const struct sq_store *st)
{
	return xasprintf("%s-bulk", st->path);
}

static void write_record(struct sq_store *st, char phase)
{
	char rec[RECORD_LEN + 1];
	snprintf(rec, sizeof rec, RECORD_FMT, (long long)st->bulk_rows, phase);
	if (pwrite(st->bulk_fd, rec, RECORD_LEN, 0) != RECORD_LEN) {
		/* Waiters only learn less; the load goes on. */
	}
}

/* The file opened and locked, or -1. A waiter holds it for a moment at a
 * time (read_bulk); a load that has just ended may unlink it under us,
 * and a lock on an unlinked file announces nothing: then open it again. */
static int open_locked(const char *path, mode_t mode)
{
	for (int tries = 0; tries < 3; tries++) {
		int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd < 0)
			return -1;
		int locked = 0;
		for (int i = 0; i < 100 && !(locked = (flock(fd, LOCK_EX | LOCK_NB) == 0)); i++)
			nanosleep(&(struct timespec){0, 1000000L}, NULL);
		struct stat a, b;
		if (locked && fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
			return fd;
		close(fd);
		if (!locked)
			return -1;
	}
	return -1;
}

void st_bulk_announce(struct sq_store *st)
{
	struct stat sb;
	mode_t mode = stat(st->path, &sb) == 0 ? (sb.st_mode & 0666) : 0600;
	char *path = bulk_path(st);
	int fd = open_locked(path, mode);
	free(path);
	st->bulk_rows = 0;
	if (fd < 0)
		return; /* no announcement: others wait the usual time */
	st->bulk_fd = fd;
	write_record(st, 'l');
}

void st_bulk_loaded(struct sq_store *st)
{
	if (st->bulk_fd >= 0 && ++st->bulk_rows % NOTE_EVERY == 0)
		write_record(st, 'l');
}

void st_bulk_committing(struct sq_store *st)
{
	if (st->bulk_fd >= 0)
		write_record(st, 'c');
}

/* Removed while still locked, so a waiter never reads a stale count as a
 * live one. */
void st_bulk_done(struct sq_store *st)
{
	if (st->bulk_fd < 0)
		return;
	char *path = bulk_path(st);
	unlink(path);
	free(path);
	close(st->bulk_fd);
	st->bulk_fd = -1;
}

/* The count of the bulk load holding the lock and its phase; 0 when no
 * load is announced (or the file cannot be read). */
static int read_bulk(const struct sq_store *st, long long *rows, char *phase)
{
	char *path = bulk_path(st);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return 0;
	char rec[RECORD_LEN + 1] = {0}, *end;
	int live = flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK &&
		   pread(fd, rec, RECORD_LEN, 0) == RECORD_LEN;
	close(fd);
	if (!live)
		return 0;
	*rows = strtoll(rec, &end, 10);
	while (*end == ' ')
		end++;
	*phase = *end;
	return end != rec && (*phase == 'l' || *phase == 'c');
}

int st_busy(void *ctx, int tries)
{
	struct sq_store *st = ctx;
	struct st_wait *w = &st->wait;
	long long now = now_ms();
	if (tries == 0) {
		w->since = w->moved = now;
		w->told = 0;
		w->rows = -1;
	}
	long long rows = 0;
	char phase = 0;
	int bulk = read_bulk(st, &rows, &phase);
	if (bulk && (rows != w->rows || phase == 'c')) {
		w->rows = rows;
		w->moved = now;
	}
	/* A try (store_try_begin) waits its moment and no more. */
	long long from = st->busy_ms < ST_WAIT_MS ? w->since : w->moved;
	if (now - from >= st->busy_ms)
		return 0;
	if (bulk && now - w->since >= TELL_MS && st->base.on_wait && now - w->told >= TELL_MS / 2) {
		w->told = now;
		st->base.on_wait(st->base.wait_ctx, rows);
	}
	/* A short nap at first (most locks are held for milliseconds), then
	 * a tenth of a second. */
	long ms = tries < 10 ? 5 : 100;
	struct timespec nap = {0, ms * 1000000L};
	nanosleep(&nap, NULL);
	return 1;
}
