/* The CSV reader (csv.h), from memory and from a file. Each record starts
 * on the line it says. The file is read through a buffer of a few bytes
 * instead of 64 KiB, so that records cross from one buffer to the next
 * everywhere; both readers must give the same records, lines and error.
 * Records written back with csv_put (after a byte-order mark, as a
 * spreadsheet would) read as the same. */
#include "fuzz.h"
#include "cdesk/csv.h"

struct records {
	struct strlist *v;
	size_t *line;        /* where each starts */
	size_t n;
	int rc;              /* what the last csv_next returned: 0 or -1 */
	char msg[1024];      /* its error */
};

/* A record read from text starts one line below each line end before its
 * first character (blank lines before it are skipped). */
static void check_line(const char *text, const char *from, const struct csv_reader *r)
{
	size_t line = 1;
	while (from < r->end && (*from == '\n' || *from == '\r'))
		from++;
	for (const char *p = text; p < from; p++)
		line += *p == '\n';
	fuzz_check(r->record_line == line, "a record on line %zu is said to start on line %zu",
		   line, r->record_line);
}

/* All the records; text is what a reader from memory reads, else NULL. */
static void read_all(struct csv_reader *r, const char *text, struct records *out)
{
	struct strlist row = {0};
	struct cd_err err;
	const char *from = r->p;
	memset(out, 0, sizeof *out);
	while ((out->rc = csv_next(r, &row, &err)) > 0) {
		if (text)
			check_line(text, from, r);
		from = r->p;
		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		out->line = xreallocarray(out->line, out->n + 1, sizeof *out->line);
		out->line[out->n] = r->record_line;
		out->v[out->n++] = row; /* csv_next starts a fresh list */
		memset(&row, 0, sizeof row);
	}
	if (out->rc < 0)
		snprintf(out->msg, sizeof out->msg, "%s", err.msg);
	sl_free(&row);
}

static void records_free(struct records *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		sl_free(&rs->v[i]);
	free(rs->v);
	free(rs->line);
}

static void read_memory(const char *text, size_t len, struct records *out)
{
	struct csv_reader r;
	csv_init(&r, text, len, "fuzz.csv");
	read_all(&r, text, out);
	csv_free(&r);
}

/* struct csv_reader is public: swap its buffer for one of cap bytes. */
static void read_file(const uint8_t *data, size_t size, size_t cap, struct records *out)
{
	struct csv_reader r;
	FILE *f = size ? fmemopen((void *)data, size, "r") : fopen("/dev/null", "r");
	if (!f)
		abort();
	csv_init_file(&r, f, "fuzz.csv");
	free(r.buf);
	r.cap = cap;
	r.buf = xmalloc(cap);
	r.p = r.end = r.buf;
	read_all(&r, NULL, out);
	csv_free(&r);
	fclose(f);
}

static void check_same(const struct records *a, const struct records *b, const char *what)
{
	fuzz_check(a->n == b->n, "%s: %zu records, not %zu", what, b->n, a->n);
	fuzz_check(a->rc == b->rc, "%s: ends with %d, not %d", what, b->rc, a->rc);
	fuzz_check(strcmp(a->msg, b->msg) == 0, "%s: error '%s', not '%s'", what, b->msg, a->msg);
	for (size_t i = 0; i < a->n; i++) {
		fuzz_check(!a->line || a->line[i] == b->line[i], "%s: record %zu starts on line %zu, not %zu",
			   what, i + 1, b->line[i], a->line[i]);
		fuzz_check(a->v[i].n == b->v[i].n, "%s: record %zu has %zu fields, not %zu",
			   what, i + 1, b->v[i].n, a->v[i].n);
		for (size_t j = 0; j < a->v[i].n; j++)
			fuzz_check(strcmp(a->v[i].v[j], b->v[i].v[j]) == 0,
				   "%s: record %zu field %zu is '%s', not '%s'",
				   what, i + 1, j + 1, b->v[i].v[j], a->v[i].v[j]);
	}
}

/* A record of one empty field is written as an empty line, which readers
 * skip: leave those out of the comparison. */
static int blank(const struct strlist *rec)
{
	return rec->n == 1 && !*rec->v[0];
}

static void check_written_back(const struct records *rs)
{
	struct records kept = *rs, again;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	if (!out)
		abort();
	fputs("\xEF\xBB\xBF", out);
	kept.n = 0;
	kept.line = NULL; /* written back, the lines are others */
	kept.v = xreallocarray(NULL, rs->n + 1, sizeof *kept.v);
	for (size_t i = 0; i < rs->n; i++) {
		if (blank(&rs->v[i]))
			continue;
		kept.v[kept.n++] = rs->v[i];
		for (size_t j = 0; j < rs->v[i].n; j++)
			csv_put(out, rs->v[i].v[j], j + 1 < rs->v[i].n ? ',' : '\n');
	}
	fclose(out);
	read_memory(text, len, &again);
	check_same(&kept, &again, "written back");
	records_free(&again);
	free(kept.v);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct records mem, file;
	read_memory((const char *)data, size, &mem);
	/* At least 4 bytes: the first read must hold a byte-order mark whole. */
	read_file(data, size, 4 + (size % 13), &file);
	check_same(&mem, &file, "read from a file");
	if (mem.rc == 0)
		check_written_back(&mem);
	records_free(&mem);
	records_free(&file);
	return 0;
}
