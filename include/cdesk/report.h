/* The monthly complaint analysis (《客户投诉分析月报》): every figure is
 * computed from the event log for a period and a site scope, each against
 * the period before. A period is a run of local days, counted in each
 * site's own time zone. The engine is fed plain facts (struct rp_fact)
 * through a source (struct rp_source): the desk's reads them from the
 * store, a unit test hands them over. What a complaint's own log gives
 * (struct rp_kept) is kept current as events are written; the rest is
 * read each time. */
#ifndef CDESK_REPORT_H
#define CDESK_REPORT_H

#include <stdio.h>
#include "cdesk/complaint.h"
#include "cdesk/config.h"
#include "cdesk/money.h"

struct rp_query {
	int32_t from, to;    /* local days [from, to) */
	const char *site;    /* NULL: every site */
	int month;           /* [from, to) is a calendar month */
	int from_log;        /* derive every complaint's facts from the event log, not the kept ones */
};

/* "2026-11" as a month query. */
int report_parse_month(const char *s, struct rp_query *q, struct cd_err *err);
/* The month holding instant t in zone tz. */
void report_month_of(cd_time t, const char *tz, struct rp_query *q);
/* A range of days "2026-11-03".."2026-11-09" (both included). */
int report_parse_range(const char *from, const char *to, struct rp_query *q, struct cd_err *err);
/* Move a query n months (a month) or n lengths (a range) on; n < 0 goes back. */
void report_shift(struct rp_query *q, int n);
/* "2026-11" or "2026-11-03 – 2026-11-09". buf: 64 bytes. */
char *report_period_text(const struct rp_query *q, char *buf);

/* How a value reads: a count, a share (a fraction 0..1 shown as a
 * percentage), seconds (wall time), yuan, a 1–5 score, seconds of working
 * time (shown in hours: a working day is not 24 of them). */
enum rp_fmt { RF_COUNT, RF_PERCENT, RF_SECONDS, RF_MONEY, RF_SCORE, RF_HOURS };

struct rp_value {
	double v;
	int has;             /* 0: not applicable (no rows to rate or average) */
};

/* One figure: this period's value and the previous period's. */
struct rp_figure {
	int metric;          /* for report_drill */
	const char *id;
	const char *label;   /* translated */
	enum rp_fmt fmt;
	int better;          /* 1 more is better, -1 less is better, 0 neither */
	struct rp_value cur, prev;
};

struct rp_cell {
	struct rp_value cur, prev;
};

/* A row of a breakdown: one value of the table's dimension. */
struct rp_trow {
	char *key;           /* the dimension's id; "" when not recorded */
	char *label;
	struct rp_cell *cells;
	double share, cum;   /* Pareto tables: of column 0 */
};

enum rp_chart { RC_BARS, RC_PARETO, RC_GAUGES };

struct rp_table {
	const char *id;
	const char *title;   /* translated */
	int dim;             /* for report_drill */
	int ncols;
	const int *metrics;  /* the column metrics */
	enum rp_chart chart;
	struct rp_trow *rows; /* largest first */
	size_t nrows;
	size_t vital;        /* Pareto: the first rows that make up 80 % */
};

struct rp_section {
	const char *id;
	const char *title;   /* translated */
	size_t fig0, nfig;   /* its figures */
	size_t tab0, ntab;   /* its tables */
};

struct rp_month {
	char label[8];       /* "2026-11" */
	int64_t received;
};

struct cd_report {
	struct rp_query q, prevq;
	char *site_label;    /* NULL for every site */
	cd_time now;
	struct rp_section *sections;
	size_t nsections;
	struct rp_figure *figures;
	size_t nfigures;
	struct rp_table *tables;
	size_t ntables;
	int64_t *daily;      /* complaints received on each day of the period */
	int ndays;
	struct rp_month trend[12]; /* received in the 12 months up to the period's last */
};

/* What the analysis derives from one complaint's own log: kept current
 * as its events are written (one row of report_facts), and derived the
 * same way from the log when the report recomputes. Times CD_TIME_NONE
 * when there is none. */
struct rp_kept {
	cd_time first_contact, first_resolved;
	cd_time last_touch;    /* the customer last told something, before the first resolution */
	cd_time last_at;       /* the newest event it is derived from (the receipt without one) */
	int64_t silence;       /* the longest silence until last_touch */
	int contacts, feedbacks, promises; /* before the first resolution */
	int answered;          /* a satisfaction answer came */
	char *side;            /* the last root cause's side; NULL: none */
};
/* A complaint's facts before its first event; rp_kept_free lets go of the side. */
void rp_kept_start(struct rp_kept *k, cd_time received);
void rp_kept_free(struct rp_kept *k);
/* Whether an event of kind (a step's state entered to, else -1) is one
 * the facts derive from: CD_FACT_EVENTS of the store. */
int rp_kept_counts(const char *kind, int to);
/* The next event of the complaint's log, in order; one after now is
 * left out (as the report sees the log as of now; INT64_MAX: none is). */
void rp_kept_add(struct rp_kept *k, const char *kind, cd_time at, int to, const char *side, cd_time now);
/* Whether two complaints' facts are the same. */
int rp_kept_same(const struct rp_kept *a, const struct rp_kept *b);

/* One row of a stream the analysis reads. The strings live until the
 * callback returns. */
struct rp_fact {
	int64_t id;            /* the complaint */
	const char *site, *owner, *channel, *category, *severity;
	const char *need, *behaviour;
	int64_t customer;      /* the customer key (same phone, same key), 0 without a phone */
	cd_time received;
	int state;             /* the complaint's state now */
	int reopen_count;
	/* the event (received, events) */
	int64_t event;
	const char *kind;
	cd_time at;
	int to_state;          /* -1 when not a step */
	const char *rule, *remedy, *side, *measure, *measure_owner;
	int level, agreed, satisfied, scores[3];
	cd_money amount;
	cd_time measure_due, measure_done;
	const char *reason;    /* a pause: why (a configured pause reason) */
	cd_time resumed;       /* a pause: when it ended (resumed, closed or withdrawn);
				  CD_TIME_NONE while it lasts */
	/* the clock instance (clocks) */
	struct cd_clock clock;
	int past_due;          /* open at: a deadline had passed unmet */
	/* the complaint's kept facts (kept; the side is borrowed) */
	struct rp_kept kept;
};
typedef int (*rp_fact_cb)(void *ctx, const struct rp_fact *f);

/* The day sums: what events and settled deadlines add to the analysis,
 * added up per site, local day (in the site's zone) and cell (a figure,
 * or one column of one row of a table), kept current as they are written.
 * A cell with since counts only once now is past it (0: always). */
struct rp_sum {
	const char *site;
	int32_t day;
	const char *cell;
	cd_time since;
	int64_t n, base, sum;
};
typedef int (*rp_sum_cb)(void *ctx, const struct rp_sum *c);
/* The cells one row of the events stream (clock 0) or of the clocks
 * stream (clock 1) adds; none for what the analysis reads live: pauses,
 * and deadlines neither met nor stopped. *settled: the newest instant the
 * cells depend on (the sums stand for a report as of then or later). */
void report_cells(const struct cd_config *cfg, const struct rp_fact *f, int clock, rp_sum_cb cb, void *ctx,
		  cd_time *settled);
/* What the cells depend on besides the rows: the figures' version and
 * the sites' zones. Sums made under another key are not used. */
char *report_sums_key(const struct cd_config *cfg);

/* Cells gathered in memory, added up as they come. */
struct rp_sums {
	struct rp_sum *v;  /* one per site, day, cell and since; the strings are the set's own */
	size_t n, cap;
	size_t *slot;      /* a hash table of v's indexes plus one (0: empty) */
	size_t nslot;
};
/* Add c's numbers, times sign, to those of its site, day, cell and since. */
void rp_sums_add(struct rp_sums *s, const struct rp_sum *c, int sign);
/* Drop the cells that come to nothing; the rest in order of day, site,
 * cell and since (the order of the table's key). */
void rp_sums_settle(struct rp_sums *s);
void rp_sums_clear(struct rp_sums *s);

/* Where the facts come from. lo/hi bound the instant searched, [lo, hi);
 * site NULL means every site. A callback returning non-zero stops the
 * stream (not an error). */
struct rp_source {
	void *ctx;
	/* Complaints received in [lo, hi), each with the events of its log
	 * the analysis derives from (received, contact, feedback, promise,
	 * promise_kept, remedy, satisfaction, root_cause, steps to resolved
	 * or withdrawn; a root cause with its side): one row per event, a
	 * complaint's rows together and oldest first. */
	int (*received)(void *ctx, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb, void *cbctx,
			struct cd_err *err);
	/* The same complaints with their kept facts instead of their
	 * events: one row per complaint, in any order. NULL: the facts are
	 * not kept, the analysis derives them from the log. */
	int (*kept)(void *ctx, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb, void *cbctx,
		    struct cd_err *err);
	/* Events in [lo, hi) the analysis counts: escalations, remedies,
	 * satisfaction scores, root causes (with when their measure was
	 * carried out), pauses (with their reason and when they ended),
	 * steps to resolved, closed, withdrawn or reopened.
	 * With with_complaint (or a site) each carries its complaint's
	 * columns; otherwise only the complaint's id. */
	int (*events)(void *ctx, cd_time lo, cd_time hi, const char *site, int with_complaint, rp_fact_cb cb,
		      void *cbctx, struct cd_err *err);
	/* Clock instances whose deadline lies in [lo, hi). */
	int (*clocks)(void *ctx, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb, void *cbctx,
		      struct cd_err *err);
	/* Complaints open at instant at: received before it and not closed or
	 * withdrawn then; to_state is the state then for a complaint ever
	 * reopened (-1 otherwise), past_due whether a deadline had passed
	 * unmet. */
	int (*open_at)(void *ctx, cd_time at, const char *site, rp_fact_cb cb, void *cbctx, struct cd_err *err);
	/* How many complaints were received in [lo, hi). */
	int (*count_received)(void *ctx, cd_time lo, cd_time hi, const char *site, int64_t *n,
			      struct cd_err *err);
	/* The day sums of local days [from, to), added up per cell, of cells
	 * whose since is before now; NULL: none are kept that hold as of now,
	 * and the events and clocks streams are read instead. */
	int (*sums)(void *ctx, int32_t from, int32_t to, const char *site, cd_time now, rp_sum_cb cb,
		    void *cbctx, struct cd_err *err);
	/* With the sums: the rows they leave out, in [lo, hi): pause events
	 * (to on_event) and clock instances neither met nor stopped (to on_clock). */
	int (*live)(void *ctx, cd_time lo, cd_time hi, const char *site, rp_fact_cb on_event, rp_fact_cb on_clock,
		    void *cbctx, struct cd_err *err);
};

/* Compute the analysis of q (and of the period before it) as of now,
 * for q->site (a site cfg knows, or NULL for all). */
int report_run(const struct cd_config *cfg, const struct rp_source *src, const struct rp_query *q,
	       cd_time now, struct cd_report *r, struct cd_err *err);
void report_free(struct cd_report *r);

/* A metric's id, short label (translated) and format. */
int report_metric_count(void);
const char *report_metric_id(int m);
const char *report_metric_label(int m);
enum rp_fmt report_metric_fmt(int m);
/* 1 when more is better, -1 when less is better, 0 neither. */
int report_metric_better(int m);
int report_metric_find(const char *id);
/* Dimensions: "site", "channel", "category" … */
const char *report_dim_id(int dim);
int report_dim_find(const char *id);

/* The complaints behind a figure (metric), or behind one row of a table
 * (dim and key; dim -1 for a figure). *ids is malloc'ed, ascending, each
 * complaint once. */
struct rp_drill {
	int metric;
	int dim;
	const char *key;
};
int report_drill_run(const struct cd_config *cfg, const struct rp_source *src, const struct rp_query *q,
		     const struct rp_drill *dr, cd_time now, int64_t **ids, size_t *n, struct cd_err *err);

/* Formatting figures for people: "85.0 %", "2h 05m", "¥1,234.00", "4.2". buf: 48 bytes. */
char *report_format_value(enum rp_fmt fmt, const struct rp_value *v, char *buf);
/* The change against the previous period ("+12", "-3.5 pp", "+1h 10m"),
 * and whether it is good (1), bad (-1) or neither (0). buf: 48 bytes. */
char *report_format_change(enum rp_fmt fmt, int better, const struct rp_value *cur,
			   const struct rp_value *prev, int *verdict, char *buf);

/* Write the report document to out: format "text", "md", "html", "csv"
 * or "json" (anything else: CD_EINPUT). */
int report_write(const struct cd_report *r, const struct cd_config *cfg, const char *format,
		 FILE *out, struct cd_err *err);

#endif
