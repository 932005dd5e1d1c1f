/* The monthly analysis at the desk: who may see which site's figures,
 * the store's rows as the engine's facts, and saving a document (whole or
 * not at all, audited as an export). */
#define _GNU_SOURCE
#include "internal.h"
#include "cdesk/i18n.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int received(void *ctx, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb, void *cbctx,
		    struct cd_err *err)
{
	return store_report_received(ctx, lo, hi, site, cb, cbctx, err);
}

static int events(void *ctx, cd_time lo, cd_time hi, const char *site, int with_complaint, rp_fact_cb cb,
		  void *cbctx, struct cd_err *err)
{
	return store_report_events(ctx, lo, hi, site, with_complaint, cb, cbctx, err);
}

static int clocks(void *ctx, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb, void *cbctx,
		  struct cd_err *err)
{
	return store_report_clocks(ctx, lo, hi, site, cb, cbctx, err);
}

static int open_at(void *ctx, cd_time at, const char *site, rp_fact_cb cb, void *cbctx, struct cd_err *err)
{
	return store_report_open_at(ctx, at, site, cb, cbctx, err);
}

static int count_received(void *ctx, cd_time lo, cd_time hi, const char *site, int64_t *n,
			  struct cd_err *err)
{
	return store_count_received(ctx, lo, hi, site, n, err);
}

static int kept(void *ctx, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb, void *cbctx,
		struct cd_err *err)
{
	return store_report_kept(ctx, lo, hi, site, cb, cbctx, err);
}

static int sums(void *ctx, int32_t from, int32_t to, const char *site, cd_time now, rp_sum_cb cb, void *cbctx,
		struct cd_err *err)
{
	return store_report_sums(ctx, from, to, site, now, cb, cbctx, err);
}

static int live(void *ctx, cd_time lo, cd_time hi, const char *site, rp_fact_cb on_event, rp_fact_cb on_clock,
		void *cbctx, struct cd_err *err)
{
	return store_report_live(ctx, lo, hi, site, on_event, on_clock, cbctx, err);
}

/* The report's sources; the day sums where they hold as of now. */
static int source_of(struct cd_desk *d, struct rp_source *s, struct cd_err *err)
{
	int usable;
	*s = (struct rp_source){d->st, received, kept, events, clocks, open_at, count_received, NULL, NULL};
	if (sums_usable(d, cd_now(), &usable, err))
		return -1;
	if (usable) {
		s->sums = sums;
		s->live = live;
	}
	return 0;
}

/* Held to the same rule as the faces: the report permission, for sites
 * the actor works at (they pick the site with desk_report_site). */
static int report_allowed(struct cd_desk *d, const struct rp_query *q, struct cd_err *err)
{
	const char *site = q->site;
	if (desk_report_site(d, &site, err))
		return -1;
	if (site != q->site)
		return cd_fail(err, CD_EPERM, _("%s works at %s: name one of them with --site"), d->actor,
			       desk_sites(d));
	return 0;
}

int desk_report(struct cd_desk *d, const struct rp_query *q, struct cd_report *r, struct cd_err *err)
{
	struct rp_source src;
	memset(r, 0, sizeof *r);
	if (q->site && !cd_list_find(&d->cfg->sites, q->site))
		return cd_fail(err, CD_EINPUT, _("unknown site '%s'"), q->site);
	if (report_allowed(d, q, err) || source_of(d, &src, err))
		return -1;
	return report_run(d->cfg, &src, q, cd_now(), r, err);
}

int desk_drill(struct cd_desk *d, const struct rp_query *q, const struct rp_drill *dr, int64_t **ids,
	       size_t *n, struct cd_err *err)
{
	struct rp_source src;
	*ids = NULL;
	*n = 0;
	if (report_allowed(d, q, err) || source_of(d, &src, err))
		return -1;
	return report_drill_run(d->cfg, &src, q, dr, cd_now(), ids, n, err);
}

int desk_report_rebuild(struct cd_desk *d, int check, int64_t *differ, int64_t *cells, int64_t *complaints,
			struct cd_err *err)
{
	int64_t before = 0;
	*differ = *cells = *complaints = 0;
	if (desk_require(d, PERM_AUDIT, NULL, err))
		return -1;
	if (desk_sites(d))
		return cd_fail(err, CD_EPERM, _("the figures cover every site: only someone who works at all of them may rebuild them"));
	if (tx_begin(d, err))
		return -1;
	/* What a rebuild mends is counted first, and audited: the complaints
	 * whose facts differ, and the cells of the day sums that do. */
	int r = store_rebuild_kept(d->st, 1, &before, complaints, err) || sums_rebuild(d, err) ||
		store_sums_differ(d->st, cells, err);
	if (!r && !check)
		r = store_rebuild_kept(d->st, 0, NULL, complaints, err) ||
		    desk_audit(d, "report_rebuilt", 0,
			       json_pack("{s:I,s:I,s:I}", "complaints", (json_int_t)*complaints, "differed",
					 (json_int_t)before, "sums_differed", (json_int_t)*cells),
			       err);
	*differ = before;
	if (!r && !check && !tx_commit(d, err))
		return 0;
	tx_rollback(d);
	return r || !check ? -1 : 0;
}

/* A device or a pipe (/dev/stdout) is written as it is, not replaced. */
static int write_device(const struct cd_report *r, const struct cd_config *cfg, const char *format,
			const char *path, struct cd_err *err)
{
	FILE *out = fopen(path, "w");
	if (!out)
		return cd_fail(err, CD_EFAIL, _("cannot write %s: %s"), path, strerror(errno));
	int rc = report_write(r, cfg, format, out, err);
	if (fclose(out) && !rc)
		rc = cd_fail(err, CD_EFAIL, _("cannot write the report: %s"), strerror(errno));
	return rc;
}

/* A file is written beside its place and renamed into it. */
static int write_file(const struct cd_report *r, const struct cd_config *cfg, const char *format,
		      const char *path, struct cd_err *err)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		cd_fail(err, CD_EFAIL, _("cannot write %s: %s"), path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return -1;
	}
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask); /* as a plain fopen would have made it */
	int rc = report_write(r, cfg, format, f, err);
	if (fclose(f) && !rc)
		rc = cd_fail(err, CD_EFAIL, _("cannot write the report: %s"), strerror(errno));
	if (!rc && rename(tmp, path))
		rc = cd_fail(err, CD_EFAIL, _("cannot write %s: %s"), path, strerror(errno));
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* The file a path names, or would name once made: its directory made
 * canonical, and its own name. NULL when the directory does not exist. */
static char *canonical(const char *path)
{
	char *copy = xstrdup(path), *slash = strrchr(copy, '/');
	const char *base = slash ? slash + 1 : copy;
	if (slash)
		*slash = '\0';
	char *dir = realpath(slash ? (*copy ? copy : "/") : ".", NULL);
	char *r = dir ? xasprintf("%s/%s", strcmp(dir, "/") ? dir : "", base) : NULL;
	free(dir);
	free(copy);
	return r;
}

/* Does path name the desk's own database, or one of the files SQLite keeps
 * beside it? Through any link or other spelling. */
static int is_own_database(const struct cd_desk *d, const char *path)
{
	static const char *const beside[] = {"", "-wal", "-shm", "-journal", "-bulk"};
	struct stat a, b;
	char *want = canonical(path);
	int same = 0;
	for (size_t i = 0; i < sizeof beside / sizeof *beside && !same; i++) {
		char *f = xasprintf("%s%s", d->db, beside[i]);
		char *have = canonical(f);
		same = (want && have && strcmp(want, have) == 0) ||
		       (stat(path, &a) == 0 && stat(f, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino);
		free(have);
		free(f);
	}
	free(want);
	return same;
}

int desk_report_save(struct cd_desk *d, const struct cd_report *r, const char *format, const char *path,
		     int replace, struct cd_err *err)
{
	struct stat sb;
	char period[64];
	int to_stdout = !path || strcmp(path, "-") == 0;
	int rc;
	if (!to_stdout && is_own_database(d, path))
		return cd_fail(err, CD_EFAIL, _("%s is this desk's database (or a file beside it): the report "
						"is not written over it"), path);
	if (to_stdout)
		rc = report_write(r, d->cfg, format, stdout, err);
	else if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		rc = write_device(r, d->cfg, format, path, err);
	else if (stat(path, &sb) == 0 && !replace)
		return cd_fail(err, CD_EFAIL, _("%s exists already; give --force to replace it"), path);
	else
		rc = write_file(r, d->cfg, format, path, err);
	if (rc)
		return -1;
	desk_audit(d, "export", 0,
		   json_pack("{s:s,s:s,s:s?,s:s,s:s?}", "what", "report", "format", format, "site", r->q.site,
			     "period", report_period_text(&r->q, period), "output", to_stdout ? NULL : path),
		   NULL);
	return 0;
}

int desk_report_message(struct cd_desk *d, const struct rp_query *q, const char *lang, char **subject,
			char **body, char **html, struct cd_err *err)
{
	struct rp_source src;
	struct cd_report r;
	char was[8];
	*subject = *body = *html = NULL;
	if (source_of(d, &src, err))
		return -1;
	snprintf(was, sizeof was, "%s", cd_lang());
	/* The labels are the catalogue's when the report is made. */
	cd_i18n_init(lang);
	memset(&r, 0, sizeof r);
	int rc = report_run(d->cfg, &src, q, cd_now(), &r, err);
	size_t len = 0;
	FILE *mem = rc ? NULL : open_memstream(html, &len);
	if (!rc && !mem)
		rc = cd_fail(err, CD_EFAIL, _("cannot write the report: %s"), strerror(errno));
	if (mem) {
		rc = report_write(&r, d->cfg, "html", mem, err);
		if (fclose(mem) && !rc)
			rc = cd_fail(err, CD_EFAIL, _("cannot write the report: %s"), strerror(errno));
	}
	cd_i18n_init(was);
	if (!rc)
		notify_render_report(d->cfg, &r, lang, subject, body);
	report_free(&r);
	if (rc) {
		free(*html);
		*html = NULL;
	}
	return rc ? -1 : 0;
}
