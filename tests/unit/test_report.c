/* The analysis engine fed with hand-made facts: no store, no database. A
 * source here is a few arrays, each stream filtered by its range as the
 * store's indexes would; the figures and the complaints behind them are
 * worked out by hand. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"

#include "cdesk/report.h"

/* A complaint of the hand-made desk. */
struct hand {
	struct rp_fact f;  /* its columns */
	cd_time closed;    /* CD_TIME_NONE while open */
};

static struct hand complaints[3];
static struct rp_fact received_rows[8], event_rows[8], clock_rows[4];
static size_t nreceived, nevents, nclocks;

static int site_ok(const char *site, const struct rp_fact *f)
{
	return !site || strcmp(site, f->site) == 0;
}

static int fake_received(void *ctx, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb, void *cbctx,
			 struct cd_err *err)
{
	(void)ctx;
	(void)err;
	for (size_t i = 0; i < nreceived; i++)
		if (received_rows[i].received >= lo && received_rows[i].received < hi && site_ok(site, &received_rows[i]) &&
		    cb(cbctx, &received_rows[i]))
			break;
	return 0;
}

static int fake_events(void *ctx, cd_time lo, cd_time hi, const char *site, int with_complaint, rp_fact_cb cb,
		       void *cbctx, struct cd_err *err)
{
	(void)ctx;
	(void)err;
	(void)with_complaint; /* the hand-made events always carry their complaint */
	for (size_t i = 0; i < nevents; i++)
		if (event_rows[i].at >= lo && event_rows[i].at < hi && site_ok(site, &event_rows[i]) &&
		    cb(cbctx, &event_rows[i]))
			break;
	return 0;
}

static int fake_clocks(void *ctx, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb, void *cbctx,
		       struct cd_err *err)
{
	(void)ctx;
	(void)err;
	for (size_t i = 0; i < nclocks; i++)
		if (clock_rows[i].clock.due >= lo && clock_rows[i].clock.due < hi && site_ok(site, &clock_rows[i]) &&
		    cb(cbctx, &clock_rows[i]))
			break;
	return 0;
}

static int fake_open_at(void *ctx, cd_time at, const char *site, rp_fact_cb cb, void *cbctx, struct cd_err *err)
{
	(void)ctx;
	(void)err;
	for (size_t i = 0; i < 3; i++) {
		const struct hand *h = &complaints[i];
		if (h->f.received < at && (h->closed == CD_TIME_NONE || h->closed >= at) && site_ok(site, &h->f) &&
		    cb(cbctx, &h->f))
			break;
	}
	return 0;
}

static int fake_count(void *ctx, cd_time lo, cd_time hi, const char *site, int64_t *n, struct cd_err *err)
{
	(void)ctx;
	(void)err;
	*n = 0;
	for (size_t i = 0; i < 3; i++)
		*n += complaints[i].f.received >= lo && complaints[i].f.received < hi && site_ok(site, &complaints[i].f);
	return 0;
}

static const struct rp_source source = {NULL, fake_received, NULL, fake_events, fake_clocks, fake_open_at,
					 fake_count};

/* The same complaints with their facts kept: each one's received rows
 * through rp_kept_add, as the desk does when it writes them. */
static int fake_kept(void *ctx, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb, void *cbctx,
		     struct cd_err *err)
{
	(void)ctx;
	(void)err;
	for (size_t c = 0; c < 3; c++) {
		struct rp_fact f = complaints[c].f;
		if (f.received < lo || f.received >= hi || !site_ok(site, &f))
			continue;
		rp_kept_start(&f.kept, f.received);
		for (size_t i = 0; i < nreceived; i++)
			if (received_rows[i].id == f.id)
				rp_kept_add(&f.kept, received_rows[i].kind, received_rows[i].at, received_rows[i].to_state,
					    received_rows[i].side, INT64_MAX);
		int stop = cb(cbctx, &f);
		rp_kept_free(&f.kept);
		if (stop)
			break;
	}
	return 0;
}

static const struct rp_source kept_source = {NULL, fake_received, fake_kept, fake_events, fake_clocks,
					      fake_open_at, fake_count};

static struct rp_fact row_of(int c, const char *kind, const char *at, int to_state)
{
	struct rp_fact f = complaints[c].f;
	f.kind = kind;
	f.at = T(at);
	f.to_state = to_state;
	return f;
}

static void add_clock(int c, const char *kind, const char *due, const char *met)
{
	struct rp_fact f = complaints[c].f;
	f.kind = "";
	snprintf(f.clock.kind, sizeof f.clock.kind, "%s", kind);
	f.clock.complaint_id = f.id;
	f.clock.seq = 1;
	f.clock.started = f.received;
	f.clock.due = T(due);
	f.clock.met = met ? T(met) : CD_TIME_NONE;
	f.clock.stopped = f.clock.paused_since = CD_TIME_NONE;
	clock_rows[nclocks++] = f;
}

static struct hand complaint(int64_t id, const char *site, const char *channel, const char *received,
			     int64_t customer, int state, const char *closed)
{
	struct hand h;
	memset(&h, 0, sizeof h);
	h.f.id = id;
	h.f.site = site;
	h.f.owner = "wang";
	h.f.channel = channel;
	h.f.category = "fuel_quantity";
	h.f.severity = "normal";
	h.f.customer = customer;
	h.f.received = T(received);
	h.f.state = state;
	h.f.to_state = -1;
	h.f.at = h.f.measure_due = h.f.measure_done = CD_TIME_NONE;
	h.closed = closed ? T(closed) : CD_TIME_NONE;
	return h;
}

/* Two complaints in October 2026 from one customer, one in September:
 * the first contacted in 30 minutes and resolved with two remedies of
 * 0.10 and 0.20 yuan, the second (to the media) contacted late and still
 * open at the month's end. */
static int hand_made(void **state)
{
	if (setup(state))
		return -1;
	complaints[0] = complaint(1, "station-01", "walk_in", "2026-10-05T10:00", 1, ST_CLOSED, "2026-10-07T10:00");
	complaints[1] = complaint(2, "station-02", "media", "2026-10-06T09:00", 1, ST_RESOLVING, NULL);
	complaints[2] = complaint(3, "station-01", "phone", "2026-09-20T09:00", 7, ST_CLOSED, "2026-09-21T09:00");
	nreceived = nevents = nclocks = 0;
	received_rows[nreceived++] = row_of(2, "received", "2026-09-20T09:00", ST_RECEIVED);
	received_rows[nreceived++] = row_of(0, "received", "2026-10-05T10:00", ST_RECEIVED);
	received_rows[nreceived++] = row_of(0, "contact", "2026-10-05T10:30", -1);
	received_rows[nreceived++] = row_of(0, "step", "2026-10-05T12:00", ST_RESOLVED);
	received_rows[nreceived++] = row_of(1, "received", "2026-10-06T09:00", ST_RECEIVED);
	received_rows[nreceived++] = row_of(1, "contact", "2026-10-06T13:00", -1);
	struct rp_fact r = row_of(0, "remedy", "2026-10-05T11:00", -1);
	r.remedy = "refund";
	r.agreed = 1;
	r.amount = 10;
	event_rows[nevents++] = r;
	r.at = T("2026-10-05T11:30");
	r.amount = 20;
	event_rows[nevents++] = r;
	event_rows[nevents++] = row_of(0, "step", "2026-10-05T12:00", ST_RESOLVED);
	struct rp_fact e = row_of(1, "escalation", "2026-10-06T09:00", -1);
	e.rule = "major-channel";
	e.level = 2;
	event_rows[nevents++] = e;
	add_clock(0, "contact", "2026-10-05T12:00", "2026-10-05T10:30");
	add_clock(1, "contact", "2026-10-06T11:00", "2026-10-06T13:00");
	return 0;
}

static const struct rp_figure *figure(const struct cd_report *r, const char *id)
{
	for (size_t i = 0; i < r->nfigures; i++)
		if (strcmp(r->figures[i].id, id) == 0)
			return &r->figures[i];
	fail_msg("no figure %s", id);
	return NULL;
}

static void october(struct rp_query *q)
{
	struct cd_err err;
	assert_int_equal(report_parse_month("2026-10", q, &err), 0);
}

static void figures(void **state)
{
	(void)state;
	struct rp_query q;
	struct cd_report r;
	struct cd_err err;
	october(&q);
	assert_int_equal(report_run(cfg, &source, &q, T("2026-11-20T12:00"), &r, &err), 0);
	assert_true(figure(&r, "received")->cur.v == 2);
	assert_true(figure(&r, "received")->prev.v == 1);
	assert_true(figure(&r, "major_channel")->cur.v == 1);
	assert_true(figure(&r, "resolved")->cur.v == 1);
	/* Fen add up exactly: 0.10 + 0.20 is 0.30, not 0.30000000000000004. */
	assert_true(figure(&r, "compensation")->cur.v == 0.3);
	assert_true(figure(&r, "remedies_agreed")->cur.v == 2);
	assert_true(figure(&r, "deadlines_met")->cur.v == 1);
	assert_true(figure(&r, "deadlines_breached")->cur.v == 1);
	assert_true(figure(&r, "deadlines_met_share")->cur.v == 0.5);
	/* Nearest rank of 30 minutes and 4 hours. */
	assert_true(figure(&r, "first_contact_median")->cur.v == 1800);
	assert_true(figure(&r, "first_contact_p90")->cur.v == 4 * 3600);
	assert_true(figure(&r, "escalations")->cur.v == 1);
	assert_true(figure(&r, "repeat_customers")->cur.v == 1);
	assert_true(figure(&r, "repeat_complaints")->cur.v == 2);
	assert_true(figure(&r, "open_at_end")->cur.v == 1);
	/* Resolved at first contact: one contact, no feedback, no promise. */
	assert_true(figure(&r, "first_contact_resolution")->cur.v == 1);
	assert_int_equal(r.ndays, 31);
	assert_int_equal(r.daily[4] + r.daily[5], 2);
	assert_string_equal(r.trend[11].label, "2026-10");
	assert_int_equal(r.trend[11].received, 2);
	assert_int_equal(r.trend[10].received, 1);
	char buf[48];
	assert_string_equal(report_format_value(RF_MONEY, &figure(&r, "compensation")->cur, buf), "¥0.30");
	report_free(&r);
}

static void one_site(void **state)
{
	(void)state;
	struct rp_query q;
	struct cd_report r;
	struct cd_err err;
	october(&q);
	q.site = "station-02";
	assert_int_equal(report_run(cfg, &source, &q, T("2026-11-20T12:00"), &r, &err), 0);
	assert_true(figure(&r, "received")->cur.v == 1);
	assert_true(figure(&r, "compensation")->cur.v == 0);
	assert_true(figure(&r, "deadlines_breached")->cur.v == 1);
	assert_true(figure(&r, "deadlines_met")->cur.v == 0);
	report_free(&r);
	q.site = "nowhere";
	assert_int_equal(report_run(cfg, &source, &q, T("2026-11-20T12:00"), &r, &err), -1);
	assert_int_equal(err.code, CD_EINPUT);
}

static void ids_behind(const char *metric, int dim, const char *key, const int64_t *want, size_t nwant)
{
	struct rp_query q;
	struct rp_drill dr = {report_metric_find(metric), dim, key};
	struct cd_err err;
	int64_t *ids;
	size_t n;
	october(&q);
	assert_true(dr.metric >= 0);
	assert_int_equal(report_drill_run(cfg, &source, &q, &dr, T("2026-11-20T12:00"), &ids, &n, &err), 0);
	assert_int_equal(n, nwant);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ids[i], want[i]);
	free(ids);
}

/* The complaints behind a figure are the ones the figure counted. */
static void drill(void **state)
{
	(void)state;
	static const int64_t both[] = {1, 2}, first[] = {1}, second[] = {2};
	ids_behind("received", -1, NULL, both, 2);
	ids_behind("deadlines_breached", -1, NULL, second, 1);
	ids_behind("compensation", -1, NULL, first, 1);
	ids_behind("received", report_dim_find("site"), "station-01", first, 1);
	ids_behind("received", report_dim_find("channel"), "media", second, 1);
}

/* Every figure from the kept facts is the one from the log, and a
 * report as of an instant before a kept fact reads the log instead. */
static void kept_same_as_log(void **state)
{
	(void)state;
	static const char *const nows[] = {"2026-11-20T12:00", "2026-10-05T11:00"};
	struct rp_query q;
	struct cd_report a, b;
	struct cd_err err;
	october(&q);
	for (size_t n = 0; n < 2; n++) {
		assert_int_equal(report_run(cfg, &source, &q, T(nows[n]), &a, &err), 0);
		assert_int_equal(report_run(cfg, &kept_source, &q, T(nows[n]), &b, &err), 0);
		assert_int_equal(a.nfigures, b.nfigures);
		for (size_t i = 0; i < a.nfigures; i++) {
			assert_string_equal(a.figures[i].id, b.figures[i].id);
			assert_true(a.figures[i].cur.has == b.figures[i].cur.has && a.figures[i].cur.v == b.figures[i].cur.v);
			assert_true(a.figures[i].prev.has == b.figures[i].prev.has && a.figures[i].prev.v == b.figures[i].prev.v);
		}
		report_free(&a);
		report_free(&b);
	}
}

/* An empty month: counts are zero, medians have no value, shares none. */
static void nothing(void **state)
{
	(void)state;
	struct rp_query q;
	struct cd_report r;
	struct cd_err err;
	assert_int_equal(report_parse_month("2026-07", &q, &err), 0);
	assert_int_equal(report_run(cfg, &source, &q, T("2026-11-20T12:00"), &r, &err), 0);
	assert_true(figure(&r, "received")->cur.v == 0);
	assert_false(figure(&r, "first_contact_median")->cur.has);
	assert_false(figure(&r, "deadlines_met_share")->cur.has);
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(figures), cmocka_unit_test(one_site),
					   cmocka_unit_test(drill), cmocka_unit_test(nothing),
					   cmocka_unit_test(kept_same_as_log)};
	cfg_text = cd_default_config;
	return cmocka_run_group_tests_name("report", tests, hand_made, teardown);
}
