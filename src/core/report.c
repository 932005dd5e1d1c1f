/* The monthly analysis: one general mechanism. Four row sets stream from
 * the store (complaints received in the period with their event logs,
 * events of the period, clock instances falling due in it, complaints
 * open at its end); every figure is a metric (which rows, aggregated how)
 * and every table a set of metrics grouped by a dimension. Drilling down
 * runs the same pass and keeps the rows behind one figure. */
#define _GNU_SOURCE
#include "cdesk/report.h"
#include "cdesk/calendar.h"
#include "cdesk/i18n.h"
#include "cdesk/sla.h"
#include "report_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum rp_set { S_REC, S_EV, S_CLK, S_OPEN };

enum { OC_MET, OC_BREACHED, OC_PENDING, OC_VOID };

/* A row as the metrics see it: the store's fact plus what the pass
 * derived from the complaint's log. */
struct rp_row {
	enum rp_set set;
	const struct rp_fact *f;
	/* S_REC */
	cd_time first_contact, first_resolved;
	int fcr, answered, major;
	const char *side;
	int64_t silence, contact_work, resolve_work;
	/* S_CLK */
	int outcome;
	/* S_OPEN */
	int past_due;
	/* S_EV: the instant the report is as of; a pause's working time */
	cd_time now;
	int64_t paused_work;
	int32_t day;          /* local day of the row's moment */
};

/* ---------------------------------------------------------------- metrics */

enum rp_agg { AG_COUNT, AG_RATE, AG_SUM, AG_MEAN, AG_MEDIAN, AG_P90, AG_MAX };

struct metric {
	const char *id;
	const char *label;
	enum rp_set set;
	int (*in)(const struct rp_row *r);     /* rows counted; RATE: the hits */
	int (*base)(const struct rp_row *r);   /* RATE: the rows rated */
	double (*value)(const struct rp_row *r);
	enum rp_agg agg;
	enum rp_fmt fmt;
	int better;
	/* A row counts only once now is past this (NULL: whenever it is in) */
	cd_time (*since)(const struct rp_row *r);
	int per;       /* the value is this many times the figure's (0: once) */
};

static int is_step(const struct rp_row *r, int to)
{
	return strcmp(r->f->kind, "step") == 0 && r->f->to_state == to;
}
static int kind_is(const struct rp_row *r, const char *k) { return strcmp(r->f->kind, k) == 0; }

static int any(const struct rp_row *r) { (void)r; return 1; }
static int ev_resolved(const struct rp_row *r) { return is_step(r, ST_RESOLVED); }
static int ev_closed(const struct rp_row *r) { return is_step(r, ST_CLOSED); }
static int ev_withdrawn(const struct rp_row *r) { return is_step(r, ST_WITHDRAWN); }
static int ev_reopened(const struct rp_row *r) { return is_step(r, ST_REOPENED); }
static int rec_major(const struct rp_row *r) { return r->major; }
static int rec_contacted(const struct rp_row *r) { return r->first_contact != CD_TIME_NONE; }
static int rec_resolved(const struct rp_row *r) { return r->first_resolved != CD_TIME_NONE; }
static int rec_fcr(const struct rp_row *r) { return r->fcr; }
static int rec_reopened(const struct rp_row *r) { return r->f->reopen_count > 0; }
static int rec_answered(const struct rp_row *r) { return r->answered; }
static int rec_silent(const struct rp_row *r) { return r->silence > 0; }
static int clk_decided(const struct rp_row *r) { return r->outcome == OC_MET || r->outcome == OC_BREACHED; }
static int clk_met(const struct rp_row *r) { return r->outcome == OC_MET; }
static int clk_breached(const struct rp_row *r) { return r->outcome == OC_BREACHED; }
static int clk_pending(const struct rp_row *r) { return r->outcome == OC_PENDING; }
static int promise(const struct rp_row *r) { return strcmp(r->f->clock.kind, "promise") == 0; }
static int promise_kept(const struct rp_row *r) { return promise(r) && clk_met(r); }
static int promise_broken(const struct rp_row *r) { return promise(r) && clk_breached(r); }
static int open_past_due(const struct rp_row *r) { return r->past_due; }
static int ev_escalation(const struct rp_row *r) { return kind_is(r, "escalation"); }
static int ev_remedy(const struct rp_row *r) { return kind_is(r, "remedy"); }
static int ev_remedy_agreed(const struct rp_row *r) { return ev_remedy(r) && r->f->agreed; }
static int ev_satisfaction(const struct rp_row *r) { return kind_is(r, "satisfaction"); }
static int ev_satisfied(const struct rp_row *r) { return ev_satisfaction(r) && r->f->satisfied; }
static int ev_cause(const struct rp_row *r) { return kind_is(r, "root_cause"); }
static int ev_pause(const struct rp_row *r) { return kind_is(r, "pause"); }
static int ev_measure(const struct rp_row *r)
{
	return ev_cause(r) && !str_empty(r->f->measure) && !str_empty(r->f->measure_owner) &&
	       r->f->measure_due != CD_TIME_NONE;
}
static int ev_measure_done(const struct rp_row *r) { return ev_measure(r) && r->f->measure_done != CD_TIME_NONE; }
static int ev_measure_on_time(const struct rp_row *r)
{
	return ev_measure_done(r) && r->f->measure_done <= r->f->measure_due;
}
static int ev_measure_overdue(const struct rp_row *r)
{
	return ev_measure(r) && r->f->measure_done == CD_TIME_NONE && r->f->measure_due < r->now;
}

static double v_contact(const struct rp_row *r) { return (double)(r->first_contact - r->f->received); }
static double v_contact_work(const struct rp_row *r) { return (double)r->contact_work; }
static double v_resolve(const struct rp_row *r) { return (double)(r->first_resolved - r->f->received); }
static double v_resolve_work(const struct rp_row *r) { return (double)r->resolve_work; }
static double v_silence(const struct rp_row *r) { return (double)r->silence; }
static double v_paused_work(const struct rp_row *r) { return (double)r->paused_work; }
/* In fen, which add up exactly; acc_value gives the figure in yuan. */
static double v_amount(const struct rp_row *r) { return (double)r->f->amount; }
static double v_outcome(const struct rp_row *r) { return r->f->scores[0]; }
static double v_procedure(const struct rp_row *r) { return r->f->scores[1]; }
static double v_treatment(const struct rp_row *r) { return r->f->scores[2]; }
/* Three times the mean of the three (per 3): the sums stay whole numbers. */
static double v_overall(const struct rp_row *r)
{
	return r->f->scores[0] + r->f->scores[1] + r->f->scores[2];
}
static cd_time measure_due(const struct rp_row *r) { return r->f->measure_due; }

enum {
	M_RECEIVED, M_RESOLVED, M_CLOSED, M_WITHDRAWN, M_OPEN_END,
	M_CLK_DUE, M_CLK_MET, M_CLK_BREACHED, M_CLK_SHARE, M_CLK_PENDING,
	M_CONTACT_MEDIAN, M_CONTACT_P90, M_CONTACT_WORK_MEDIAN, M_CONTACT_WORK_P90,
	M_RESOLVE_MEDIAN, M_RESOLVE_P90, M_RESOLVE_WORK_MEDIAN, M_RESOLVE_WORK_P90,
	M_SILENCE_MAX, M_SILENCE_MEDIAN, M_OPEN_PAST_DUE,
	M_FCR, M_ESCALATIONS, M_REOPENED, M_REOPEN_RATE,
	M_REMEDIES, M_REMEDIES_AGREED, M_COMPENSATION, M_PROMISES_KEPT, M_PROMISES_BROKEN,
	M_REPEAT_CUSTOMERS, M_REPEAT_COMPLAINTS, M_MAJOR,
	M_ANSWER_RATE, M_SAT_OUTCOME, M_SAT_PROCEDURE, M_SAT_TREATMENT, M_SAT_OVERALL,
	M_SAT_SHARE, M_ROOT_CAUSES, M_MEASURES, M_MEASURES_DONE, M_MEASURES_ON_TIME,
	M_MEASURES_OVERDUE, M_PAUSES, M_PAUSED_WORK, M__COUNT
};

static const struct metric metrics[M__COUNT] = {
	[M_RECEIVED] = {"received", N_("Complaints received"), S_REC, any, NULL, NULL, AG_COUNT, RF_COUNT, -1},
	[M_RESOLVED] = {"resolved", N_("Resolved"), S_EV, ev_resolved, NULL, NULL, AG_COUNT, RF_COUNT, 1},
	[M_CLOSED] = {"closed", N_("Closed"), S_EV, ev_closed, NULL, NULL, AG_COUNT, RF_COUNT, 1},
	[M_WITHDRAWN] = {"withdrawn", N_("Withdrawn"), S_EV, ev_withdrawn, NULL, NULL, AG_COUNT, RF_COUNT, 0},
	[M_OPEN_END] = {"open_at_end", N_("Still open at the end"), S_OPEN, any, NULL, NULL, AG_COUNT, RF_COUNT, -1},
	[M_CLK_DUE] = {"deadlines_due", N_("Deadlines due"), S_CLK, clk_decided, NULL, NULL, AG_COUNT, RF_COUNT, 0},
	[M_CLK_MET] = {"deadlines_met", N_("Met"), S_CLK, clk_met, NULL, NULL, AG_COUNT, RF_COUNT, 1},
	[M_CLK_BREACHED] = {"deadlines_breached", N_("Breached"), S_CLK, clk_breached, NULL, NULL, AG_COUNT, RF_COUNT, -1},
	[M_CLK_SHARE] = {"deadlines_met_share", N_("Share met"), S_CLK, clk_met, clk_decided, NULL, AG_RATE, RF_PERCENT, 1},
	[M_CLK_PENDING] = {"deadlines_running", N_("Still running"), S_CLK, clk_pending, NULL, NULL, AG_COUNT, RF_COUNT, 0},
	[M_CONTACT_MEDIAN] = {"first_contact_median", N_("First contact, median"), S_REC, rec_contacted, NULL, v_contact, AG_MEDIAN, RF_SECONDS, -1},
	[M_CONTACT_P90] = {"first_contact_p90", N_("First contact, 90th percentile"), S_REC, rec_contacted, NULL, v_contact, AG_P90, RF_SECONDS, -1},
	[M_CONTACT_WORK_MEDIAN] = {"first_contact_working_median", N_("First contact, median working time"), S_REC, rec_contacted, NULL, v_contact_work, AG_MEDIAN, RF_HOURS, -1},
	[M_CONTACT_WORK_P90] = {"first_contact_working_p90", N_("First contact, 90th percentile working time"), S_REC, rec_contacted, NULL, v_contact_work, AG_P90, RF_HOURS, -1},
	[M_RESOLVE_MEDIAN] = {"resolution_median", N_("Resolution, median"), S_REC, rec_resolved, NULL, v_resolve, AG_MEDIAN, RF_SECONDS, -1},
	[M_RESOLVE_P90] = {"resolution_p90", N_("Resolution, 90th percentile"), S_REC, rec_resolved, NULL, v_resolve, AG_P90, RF_SECONDS, -1},
	[M_RESOLVE_WORK_MEDIAN] = {"resolution_working_median", N_("Resolution, median working time"), S_REC, rec_resolved, NULL, v_resolve_work, AG_MEDIAN, RF_HOURS, -1},
	[M_RESOLVE_WORK_P90] = {"resolution_working_p90", N_("Resolution, 90th percentile working time"), S_REC, rec_resolved, NULL, v_resolve_work, AG_P90, RF_HOURS, -1},
	[M_SILENCE_MAX] = {"longest_silence", N_("Longest silence to a customer"), S_REC, rec_silent, NULL, v_silence, AG_MAX, RF_SECONDS, -1},
	[M_SILENCE_MEDIAN] = {"silence_median", N_("Longest silence, median"), S_REC, rec_silent, NULL, v_silence, AG_MEDIAN, RF_SECONDS, -1},
	[M_OPEN_PAST_DUE] = {"open_past_deadline", N_("Open past a deadline at the end"), S_OPEN, open_past_due, NULL, NULL, AG_COUNT, RF_COUNT, -1},
	[M_FCR] = {"first_contact_resolution", N_("Resolved at first contact"), S_REC, rec_fcr, rec_resolved, NULL, AG_RATE, RF_PERCENT, 1},
	[M_ESCALATIONS] = {"escalations", N_("Escalations"), S_EV, ev_escalation, NULL, NULL, AG_COUNT, RF_COUNT, -1},
	[M_REOPENED] = {"reopened", N_("Reopened"), S_EV, ev_reopened, NULL, NULL, AG_COUNT, RF_COUNT, -1},
	[M_REOPEN_RATE] = {"reopen_rate", N_("Reopen rate"), S_REC, rec_reopened, rec_resolved, NULL, AG_RATE, RF_PERCENT, -1},
	[M_REMEDIES] = {"remedies", N_("Remedies offered"), S_EV, ev_remedy, NULL, NULL, AG_COUNT, RF_COUNT, 0},
	[M_REMEDIES_AGREED] = {"remedies_agreed", N_("Remedies agreed"), S_EV, ev_remedy_agreed, NULL, NULL, AG_COUNT, RF_COUNT, 0},
	[M_COMPENSATION] = {"compensation", N_("Compensation given"), S_EV, ev_remedy_agreed, NULL, v_amount, AG_SUM, RF_MONEY, 0},
	[M_PROMISES_KEPT] = {"promises_kept", N_("Promises kept"), S_CLK, promise_kept, NULL, NULL, AG_COUNT, RF_COUNT, 1},
	[M_PROMISES_BROKEN] = {"promises_broken", N_("Promises broken"), S_CLK, promise_broken, NULL, NULL, AG_COUNT, RF_COUNT, -1},
	[M_REPEAT_CUSTOMERS] = {"repeat_customers", N_("Repeat complainants"), S_REC, NULL, NULL, NULL, AG_COUNT, RF_COUNT, -1},
	[M_REPEAT_COMPLAINTS] = {"repeat_complaints", N_("Complaints from repeat complainants"), S_REC, NULL, NULL, NULL, AG_COUNT, RF_COUNT, -1},
	[M_MAJOR] = {"major_channel", N_("Via a major channel"), S_REC, rec_major, NULL, NULL, AG_COUNT, RF_COUNT, -1},
	[M_ANSWER_RATE] = {"follow_up_response_rate", N_("Follow-up response rate"), S_REC, rec_answered, rec_resolved, NULL, AG_RATE, RF_PERCENT, 1},
	[M_SAT_OUTCOME] = {"fair_outcome", N_("Fair outcome (1–5)"), S_EV, ev_satisfaction, NULL, v_outcome, AG_MEAN, RF_SCORE, 1},
	[M_SAT_PROCEDURE] = {"fair_procedure", N_("Fair procedure (1–5)"), S_EV, ev_satisfaction, NULL, v_procedure, AG_MEAN, RF_SCORE, 1},
	[M_SAT_TREATMENT] = {"fair_treatment", N_("Fair treatment (1–5)"), S_EV, ev_satisfaction, NULL, v_treatment, AG_MEAN, RF_SCORE, 1},
	[M_SAT_OVERALL] = {"satisfaction_overall", N_("Overall (1–5)"), S_EV, ev_satisfaction, NULL, v_overall, AG_MEAN, RF_SCORE, 1, NULL, 3},
	[M_SAT_SHARE] = {"satisfied_share", N_("Satisfied"), S_EV, ev_satisfied, ev_satisfaction, NULL, AG_RATE, RF_PERCENT, 1},
	[M_ROOT_CAUSES] = {"root_causes", N_("Root causes recorded"), S_EV, ev_cause, NULL, NULL, AG_COUNT, RF_COUNT, 1},
	[M_MEASURES] = {"measures_agreed", N_("Measures agreed (owner and date)"), S_EV, ev_measure, NULL, NULL, AG_COUNT, RF_COUNT, 1},
	[M_MEASURES_DONE] = {"measures_done", N_("Measures carried out"), S_EV, ev_measure_done, NULL, NULL, AG_COUNT, RF_COUNT, 1},
	[M_MEASURES_ON_TIME] = {"measures_on_time", N_("Carried out on time"), S_EV, ev_measure_on_time, NULL, NULL, AG_COUNT, RF_COUNT, 1},
	[M_MEASURES_OVERDUE] = {"measures_overdue", N_("Measures overdue"), S_EV, ev_measure_overdue, NULL, NULL, AG_COUNT, RF_COUNT, -1, measure_due, 0},
	[M_PAUSES] = {"pauses", N_("Pauses"), S_EV, ev_pause, NULL, NULL, AG_COUNT, RF_COUNT, 0},
	[M_PAUSED_WORK] = {"paused_working_time", N_("Paused, working time"), S_EV, ev_pause, NULL, v_paused_work, AG_SUM, RF_HOURS, 0},
};

int report_metric_count(void) { return M__COUNT; }
const char *report_metric_id(int m) { return metrics[m].id; }
const char *report_metric_label(int m) { return _(metrics[m].label); }
enum rp_fmt report_metric_fmt(int m) { return metrics[m].fmt; }
int report_metric_better(int m) { return metrics[m].better; }

int report_metric_find(const char *id)
{
	for (int m = 0; m < M__COUNT; m++)
		if (strcmp(metrics[m].id, id) == 0)
			return m;
	return -1;
}

/* ------------------------------------------------------------- dimensions */

enum { D_SITE, D_OWNER, D_CHANNEL, D_CATEGORY, D_SEVERITY, D_NEED, D_BEHAVIOUR, D_SIDE,
       D_CLOCK, D_LEVEL, D_RULE, D_REMEDY, D_PAUSE_REASON, D__COUNT };
static const char *const dim_ids[D__COUNT] = {"site", "owner", "channel", "category", "severity",
	"need", "behaviour", "cause", "clock", "level", "rule", "remedy", "pause_reason"};

const char *report_dim_id(int dim) { return dim >= 0 && dim < D__COUNT ? dim_ids[dim] : ""; }

int report_dim_find(const char *id)
{
	for (int i = 0; i < D__COUNT; i++)
		if (strcmp(dim_ids[i], id) == 0)
			return i;
	return -1;
}

static const char *nz(const char *s) { return s ? s : ""; }

/* The row's value of a dimension; buf holds numbers. */
static const char *dim_key(const struct rp_row *r, int dim, char buf[16])
{
	const struct rp_fact *f = r->f;
	switch (dim) {
	case D_SITE: return nz(f->site);
	case D_OWNER: return nz(f->owner);
	case D_CHANNEL: return nz(f->channel);
	case D_CATEGORY: return nz(f->category);
	case D_SEVERITY: return nz(f->severity);
	case D_NEED: return nz(f->need);
	case D_BEHAVIOUR: return nz(f->behaviour);
	case D_SIDE: return r->set == S_REC ? nz(r->side) : nz(f->side);
	case D_CLOCK: return f->clock.kind;
	case D_LEVEL:
		snprintf(buf, 16, "%d", f->level);
		return buf;
	case D_RULE: return nz(f->rule);
	case D_REMEDY: return nz(f->remedy);
	case D_PAUSE_REASON: return nz(f->reason);
	}
	return "";
}

static const char *item_label(const struct cd_list *l, const char *id)
{
	const struct cd_item *it = cd_list_find(l, id);
	return it ? cd_label_text(&it->name, it->id) : id;
}

/* What people read for a key. */
static char *dim_label(const struct cd_config *cfg, int dim, const char *key)
{
	if (!*key)
		return xstrdup(dim == D_RULE ? _("by hand") : _("not recorded"));
	switch (dim) {
	case D_SITE: return xstrdup(item_label(&cfg->sites, key));
	case D_CHANNEL: return xstrdup(item_label(&cfg->channels, key));
	case D_CATEGORY: return xstrdup(item_label(&cfg->categories, key));
	case D_SEVERITY: return xstrdup(item_label(&cfg->severities, key));
	case D_REMEDY: return xstrdup(item_label(&cfg->remedies, key));
	case D_PAUSE_REASON: return xstrdup(item_label(&cfg->pause_reasons, key));
	case D_NEED: case D_BEHAVIOUR: case D_SIDE: return xstrdup(cd_vocab_label(key));
	case D_LEVEL: return xasprintf(_("level %s"), key);
	case D_CLOCK: {
		const struct cd_clockdef *def = cd_config_clock(cfg, key);
		return xstrdup(def ? cd_label_text(&def->name, def->id) : strcmp(key, "promise") == 0 ? _("Promises") : key);
	}
	case D_RULE:
		for (size_t i = 0; i < cfg->nrules; i++)
			if (strcmp(cfg->rules[i].id, key) == 0)
				return xstrdup(cd_label_text(&cfg->rules[i].name, key));
		return xstrdup(key);
	}
	return xstrdup(key);
}

/* ------------------------------------------------------ tables, sections */

struct table_def {
	const char *id;
	const char *title;
	int dim;
	int metrics[5];
	int ncols;
	enum rp_chart chart;
};

struct section_def {
	const char *id;
	const char *title;
	int figures[18];
	int nfig;
	struct table_def tables[4];
	int ntab;
};

#define COLS(...) {__VA_ARGS__}, (int)(sizeof((int[]){__VA_ARGS__}) / sizeof(int))
#define FIGS(...) {__VA_ARGS__}, (int)(sizeof((int[]){__VA_ARGS__}) / sizeof(int))

static const struct section_def sections[] = {
	{"volume", N_("Volume"),
	 FIGS(M_RECEIVED, M_RESOLVED, M_CLOSED, M_WITHDRAWN, M_OPEN_END),
	 {{"by_channel", N_("By channel"), D_CHANNEL, COLS(M_RECEIVED), RC_BARS},
	  {"by_site", N_("By site"), D_SITE, COLS(M_RECEIVED), RC_BARS},
	  {"by_severity", N_("By severity"), D_SEVERITY, COLS(M_RECEIVED), RC_BARS},
	  {"by_cause_side", N_("By cause side"), D_SIDE, COLS(M_RECEIVED), RC_BARS}}, 4},
	{"causes", N_("Causes"),
	 FIGS(M_ROOT_CAUSES),
	 {{"pareto_category", N_("Categories, ranked (Pareto)"), D_CATEGORY, COLS(M_RECEIVED), RC_PARETO},
	  {"pareto_cause", N_("Root causes, ranked (Pareto)"), D_SIDE, COLS(M_ROOT_CAUSES), RC_PARETO}}, 2},
	{"deadlines", N_("Deadlines"),
	 FIGS(M_CLK_SHARE, M_CLK_DUE, M_CLK_MET, M_CLK_BREACHED, M_CLK_PENDING, M_CONTACT_MEDIAN, M_CONTACT_P90, M_CONTACT_WORK_MEDIAN,
	      M_CONTACT_WORK_P90, M_RESOLVE_MEDIAN, M_RESOLVE_P90, M_RESOLVE_WORK_MEDIAN,
	      M_RESOLVE_WORK_P90, M_SILENCE_MAX, M_SILENCE_MEDIAN, M_OPEN_PAST_DUE),
	 {{"deadlines_by_clock", N_("Deadlines by clock"), D_CLOCK,
	   COLS(M_CLK_BREACHED, M_CLK_DUE, M_CLK_MET, M_CLK_SHARE, M_CLK_PENDING), RC_GAUGES},
	  {"deadlines_by_site", N_("Deadlines by site"), D_SITE,
	   COLS(M_CLK_BREACHED, M_CLK_DUE, M_CLK_MET, M_CLK_SHARE), RC_GAUGES},
	  {"deadlines_by_owner", N_("Deadlines by owner"), D_OWNER,
	   COLS(M_CLK_BREACHED, M_CLK_DUE, M_CLK_MET, M_CLK_SHARE), RC_GAUGES}}, 3},
	{"handling", N_("Handling"),
	 FIGS(M_FCR, M_ESCALATIONS, M_REOPENED, M_REOPEN_RATE, M_WITHDRAWN, M_REMEDIES,
	      M_REMEDIES_AGREED, M_COMPENSATION, M_PROMISES_KEPT, M_PROMISES_BROKEN, M_PAUSES, M_PAUSED_WORK),
	 {{"escalations_by_level", N_("Escalations by level"), D_LEVEL, COLS(M_ESCALATIONS), RC_BARS},
	  {"escalations_by_reason", N_("Escalations by reason"), D_RULE, COLS(M_ESCALATIONS), RC_BARS},
	  {"remedies_by_kind", N_("Remedies by kind"), D_REMEDY,
	   COLS(M_REMEDIES, M_REMEDIES_AGREED, M_COMPENSATION), RC_BARS},
	  {"pauses_by_reason", N_("Pauses by reason"), D_PAUSE_REASON, COLS(M_PAUSES, M_PAUSED_WORK), RC_BARS}}, 4},
	{"customers", N_("Customers"),
	 FIGS(M_REPEAT_CUSTOMERS, M_REPEAT_COMPLAINTS, M_MAJOR),
	 {{"by_need", N_("What they sought"), D_NEED, COLS(M_RECEIVED), RC_BARS},
	  {"by_behaviour", N_("How they behaved"), D_BEHAVIOUR, COLS(M_RECEIVED), RC_BARS}}, 2},
	{"satisfaction", N_("Satisfaction"),
	 FIGS(M_ANSWER_RATE, M_SAT_OUTCOME, M_SAT_PROCEDURE, M_SAT_TREATMENT, M_SAT_OVERALL, M_SAT_SHARE),
	 {{0}}, 0},
	{"prevention", N_("Prevention"),
	 FIGS(M_ROOT_CAUSES, M_MEASURES, M_MEASURES_DONE, M_MEASURES_ON_TIME, M_MEASURES_OVERDUE),
	 {{0}}, 0},
};
#define NSECTIONS (sizeof sections / sizeof *sections)

/* ----------------------------------------------------------- accumulation */

struct acc {
	double n, base, sum, max;
	double *vals;        /* for a median or a percentile, until settle_acc */
	size_t nvals, cap;
	double p50, p90;     /* what settle_acc found */
};

static void acc_add(struct acc *a, const struct metric *m, const struct rp_row *r)
{
	if (m->agg == AG_RATE) {
		if (!m->base(r))
			return;
		a->base++;
		if (m->in(r))
			a->n++;
		return;
	}
	if (!m->in || !m->in(r))
		return;
	a->n++;
	if (!m->value)
		return;
	double v = m->value(r);
	a->sum += v;
	if (a->n == 1 || v > a->max)
		a->max = v;
	if (m->agg == AG_MEDIAN || m->agg == AG_P90) {
		if (a->nvals == a->cap) {
			a->cap = a->cap ? a->cap * 2 : 64;
			a->vals = xreallocarray(a->vals, a->cap, sizeof *a->vals);
		}
		a->vals[a->nvals++] = v;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Nearest-rank percentile: the smallest value with at least p of the values
 * at or below it. */
static double percentile(double *v, size_t n, double p)
{
	qsort(v, n, sizeof *v, cmp_double);
	size_t rank = (size_t)ceil(p * (double)n);
	return v[rank > 0 ? rank - 1 : 0];
}

/* Once a pass has seen all its rows: the median and the 90th percentile
 * are kept, the values let go (at a million complaints, those of a month
 * were most of the report's memory). */
static void settle_acc(struct acc *a)
{
	if (!a->vals)
		return;
	a->p50 = percentile(a->vals, a->nvals, 0.5);
	a->p90 = percentile(a->vals, a->nvals, 0.9);
	free(a->vals);
	a->vals = NULL;
	a->cap = 0;
}

static struct rp_value acc_value(struct acc *a, const struct metric *m)
{
	struct rp_value v = {0, 1};
	switch (m->agg) {
	case AG_COUNT: v.v = a->n; break;
	case AG_SUM: v.v = a->sum; break;
	case AG_RATE: v.has = a->base > 0; v.v = v.has ? a->n / a->base : 0; break;
	case AG_MEAN: v.has = a->n > 0; v.v = v.has ? a->sum / a->n : 0; break;
	case AG_MAX: v.has = a->n > 0; v.v = a->max; break;
	case AG_MEDIAN: case AG_P90:
		settle_acc(a);
		v.has = a->nvals > 0;
		v.v = !v.has ? 0 : m->agg == AG_MEDIAN ? a->p50 : a->p90;
		break;
	}
	if (m->fmt == RF_MONEY)
		v.v /= 100;
	if (m->per)
		v.v /= m->per;
	return v;
}

struct group {
	char *key;
	struct acc acc[5];
};

struct tacc {
	const struct table_def *def;
	struct group *g;
	size_t n;
};

struct phone {
	int64_t key; /* the customer key */
	int64_t id;
};

/* Where a site's period lies: its own local days as instants. */
struct bound {
	const char *site;  /* NULL: sites the config does not know */
	const char *tz;
	cd_time lo, hi, asof;
};

struct pass {
	const struct cd_config *cfg;
	const struct rp_source *src;
	const struct rp_query *q;
	cd_time now;
	struct bound *b;
	size_t nb;
	cd_time lo, hi;    /* the union of the bounds: what the store searches */
	struct acc acc[M__COUNT];
	int values_of[M__COUNT]; /* the metric whose accumulator keeps m's values */
	struct tacc *t;
	size_t nt;
	struct phone *phones;
	size_t nphones, capphones;
	int64_t *daily;
	/* the complaint being gathered from S_REC rows */
	struct rp_fact cur;
	char *cur_strings[7]; /* the complaint's 7 strings */
	struct rp_row rec;
	struct rp_kept kept; /* what its log gives */
	int have;
	int from_log;      /* the received set from the log, not from the kept facts */
	int stale;         /* a kept fact is newer than now: derive them from the log */
	/* drilling down */
	const struct rp_drill *drill;
	int64_t *ids;
	size_t nids, capids;
	cd_time open_asof; /* the end instant being walked for the open set */
};

static void free_acc(struct acc *a) { free(a->vals); }

static const struct bound *bound_of(const struct pass *p, const char *site)
{
	for (size_t i = 0; i + 1 < p->nb; i++)
		if (site && strcmp(p->b[i].site, site) == 0)
			return &p->b[i];
	return &p->b[p->nb - 1];
}

static void push_id(struct pass *p, int64_t id)
{
	if (p->nids == p->capids) {
		p->capids = p->capids ? p->capids * 2 : 64;
		p->ids = xreallocarray(p->ids, p->capids, sizeof *p->ids);
	}
	p->ids[p->nids++] = id;
}

/* Behind a share are the rows that count against it: the misses where
 * more is better (breached deadlines, unanswered follow-ups), the hits
 * where less is better (reopened complaints). */
static int drilled(const struct metric *m, const struct rp_row *r)
{
	if (m->agg == AG_RATE)
		return m->base(r) && (m->better > 0 ? !m->in(r) : m->in(r));
	return m->in && m->in(r);
}

static struct group *group_for(struct tacc *t, const char *key)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->g[i].key, key) == 0)
			return &t->g[i];
	t->g = xreallocarray(t->g, t->n + 1, sizeof *t->g);
	memset(&t->g[t->n], 0, sizeof *t->g);
	t->g[t->n].key = xstrdup(key);
	return &t->g[t->n++];
}

/* The row set a table counts: that of its first column's metric. */
static enum rp_set table_set(const struct table_def *def) { return metrics[def->metrics[0]].set; }

/* Every metric and table of the row's set takes the row. */
static void feed(struct pass *p, const struct rp_row *r)
{
	char buf[16];
	if (p->drill) {
		const struct metric *m = &metrics[p->drill->metric];
		if (m->set == r->set && drilled(m, r) &&
		    (p->drill->dim < 0 || strcmp(dim_key(r, p->drill->dim, buf), p->drill->key) == 0))
			push_id(p, r->f->id);
		return;
	}
	for (int m = 0; m < M__COUNT; m++)
		if (metrics[m].set == r->set && p->values_of[m] == m)
			acc_add(&p->acc[m], &metrics[m], r);
	for (size_t i = 0; i < p->nt; i++) {
		const struct table_def *def = p->t[i].def;
		if (table_set(def) != r->set)
			continue;
		struct group *g = NULL;
		for (int c = 0; c < def->ncols; c++) {
			const struct metric *m = &metrics[def->metrics[c]];
			int counts = m->agg == AG_RATE ? m->base(r) : m->in(r);
			if (!counts)
				continue;
			if (!g)
				g = group_for(&p->t[i], dim_key(r, def->dim, buf));
			acc_add(&g->acc[c], m, r);
		}
	}
}

/* ------------------------------------------------------------- the passes */

static int in_bound(const struct bound *b, cd_time t) { return t >= b->lo && t < b->hi; }

static int32_t local_day(const struct bound *b, cd_time t)
{
	int32_t day;
	int sec;
	cd_local(t, b->tz, &day, &sec);
	return day;
}

/* Kinds that tell the customer something: the gaps between them are the
 * silences. */
static int touches_customer(const char *kind)
{
	static const char *const kinds[] = {"received", "contact", "feedback", "promise",
					    "promise_kept", "remedy", NULL};
	for (size_t i = 0; kinds[i]; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return 1;
	return 0;
}

void rp_kept_start(struct rp_kept *k, cd_time received)
{
	memset(k, 0, sizeof *k);
	k->first_contact = k->first_resolved = CD_TIME_NONE;
	k->last_touch = k->last_at = received;
}

void rp_kept_free(struct rp_kept *k)
{
	free(k->side);
	k->side = NULL;
}

int rp_kept_counts(const char *kind, int to)
{
	static const char *const kinds[] = {"received", "contact", "feedback", "promise", "promise_kept",
					    "remedy", "satisfaction", "root_cause", NULL};
	if (strcmp(kind, "step") == 0)
		return to == ST_RESOLVED || to == ST_WITHDRAWN;
	for (size_t i = 0; kinds[i]; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return 1;
	return 0;
}

static void silence_until(struct rp_kept *k, cd_time t)
{
	if (t - k->last_touch > k->silence)
		k->silence = t - k->last_touch;
	k->last_touch = t;
}

void rp_kept_add(struct rp_kept *k, const char *kind, cd_time at, int to, const char *side, cd_time now)
{
	int before = k->first_resolved == CD_TIME_NONE;
	if (at > k->last_at)
		k->last_at = at;
	if (strcmp(kind, "satisfaction") == 0)
		k->answered = 1;
	if (strcmp(kind, "root_cause") == 0 && side) {
		free(k->side);
		k->side = xstrdup(side);
	}
	if (!before || at > now)
		return;
	if (strcmp(kind, "contact") == 0 && k->contacts++ == 0)
		k->first_contact = at;
	k->feedbacks += strcmp(kind, "feedback") == 0;
	k->promises += strcmp(kind, "promise") == 0;
	if (touches_customer(kind))
		silence_until(k, at);
	if (to == ST_RESOLVED || to == ST_WITHDRAWN) {
		silence_until(k, at);
		if (to == ST_RESOLVED)
			k->first_resolved = at;
	}
}

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

int rp_kept_same(const struct rp_kept *a, const struct rp_kept *b)
{
	return a->first_contact == b->first_contact && a->first_resolved == b->first_resolved &&
	       a->last_touch == b->last_touch && a->last_at == b->last_at && a->silence == b->silence &&
	       a->contacts == b->contacts && a->feedbacks == b->feedbacks && a->promises == b->promises &&
	       a->answered == b->answered && same_text(a->side, b->side);
}

static void keep_string(struct pass *p, int slot, const char **field)
{
	free(p->cur_strings[slot]);
	p->cur_strings[slot] = *field ? xstrdup(*field) : NULL;
	*field = p->cur_strings[slot];
}

static void start_rec(struct pass *p, const struct rp_fact *f)
{
	p->cur = *f;
	const char **fields[] = {&p->cur.site, &p->cur.owner, &p->cur.channel, &p->cur.category,
				 &p->cur.severity, &p->cur.need, &p->cur.behaviour};
	for (int i = 0; i < 7; i++)
		keep_string(p, i, fields[i]);
	memset(&p->rec, 0, sizeof p->rec);
	p->rec.set = S_REC;
	p->rec.f = &p->cur;
	rp_kept_free(&p->kept);
	rp_kept_start(&p->kept, f->received);
	p->have = 1;
}

static void push_phone(struct pass *p, int64_t key, int64_t id)
{
	if (p->nphones == p->capphones) {
		p->capphones = p->capphones ? p->capphones * 2 : 256;
		p->phones = xreallocarray(p->phones, p->capphones, sizeof *p->phones);
	}
	p->phones[p->nphones].key = key;
	p->phones[p->nphones++].id = id;
}

/* The complaint is gathered: derive what needs its whole log, then count it. */
static void finish_rec(struct pass *p)
{
	if (!p->have)
		return;
	p->have = 0;
	struct rp_row *r = &p->rec;
	struct rp_kept *k = &p->kept;
	const struct bound *b = bound_of(p, p->cur.site);
	if (!in_bound(b, p->cur.received))
		return;
	const struct cd_calendar *cal = &p->cfg->cal;
	if (k->first_resolved == CD_TIME_NONE && p->cur.state != ST_WITHDRAWN && p->now > k->last_touch)
		silence_until(k, p->now);
	r->first_contact = k->first_contact;
	r->first_resolved = k->first_resolved;
	r->answered = k->answered;
	r->side = k->side;
	r->silence = k->silence;
	r->fcr = r->first_resolved != CD_TIME_NONE && k->contacts <= 1 && k->feedbacks == 0 && k->promises == 0;
	if (r->first_contact != CD_TIME_NONE)
		r->contact_work = cal_business_between(cal, b->tz, p->cur.received, r->first_contact);
	if (r->first_resolved != CD_TIME_NONE)
		r->resolve_work = cal_business_between(cal, b->tz, p->cur.received, r->first_resolved);
	const struct cd_item *ch = cd_list_find(&p->cfg->channels, p->cur.channel);
	r->major = ch && ch->major;
	r->day = local_day(b, p->cur.received) - p->q->from;
	if (!p->drill && r->day >= 0 && r->day < p->q->to - p->q->from)
		p->daily[r->day]++;
	if (p->cur.customer)
		push_phone(p, p->cur.customer, p->cur.id);
	feed(p, r);
}

static int on_received(void *ctx, const struct rp_fact *f)
{
	struct pass *p = ctx;
	if (!p->have || f->id != p->cur.id) {
		finish_rec(p);
		start_rec(p, f);
	}
	rp_kept_add(&p->kept, f->kind, f->at, f->to_state, f->side, p->now);
	return 0;
}

/* A complaint with its kept facts; one newer than now (a report as of an
 * earlier instant) stops the stream: then the pass reads the log. */
static int on_kept(void *ctx, const struct rp_fact *f)
{
	struct pass *p = ctx;
	if (f->kept.last_at > p->now) {
		p->stale = 1;
		return 1;
	}
	start_rec(p, f);
	struct rp_kept *k = &p->kept;
	*k = f->kept;
	k->side = f->kept.side ? xstrdup(f->kept.side) : NULL;
	finish_rec(p);
	return 0;
}

static int on_event(void *ctx, const struct rp_fact *f)
{
	struct pass *p = ctx;
	const struct bound *b = bound_of(p, f->site);
	if (!in_bound(b, f->at))
		return 0;
	struct rp_row r = {.set = S_EV, .f = f, .now = p->now};
	if (strcmp(f->kind, "pause") == 0) {
		/* Its working time until it ended, or until now while it lasts. */
		cd_time end = f->resumed != CD_TIME_NONE && f->resumed < p->now ? f->resumed : p->now;
		if (end > f->at)
			r.paused_work = cal_business_between(&p->cfg->cal, b->tz, f->at, end);
	}
	feed(p, &r);
	return 0;
}

/* A clock instance as judged now: met in time, breached (late or never
 * met), still running, or void (stopped before its deadline: it no longer
 * applied). A paused deadline moves on, so it is still running. */
static int clock_outcome(const struct cd_clock *k, cd_time now)
{
	if (k->met != CD_TIME_NONE && k->met <= now)
		return k->met <= k->due ? OC_MET : OC_BREACHED;
	if (k->stopped != CD_TIME_NONE && k->stopped <= now)
		return k->stopped <= k->due ? OC_VOID : OC_BREACHED;
	if (k->paused_since != CD_TIME_NONE && k->paused_since < k->due)
		return OC_PENDING;
	return k->due <= now ? OC_BREACHED : OC_PENDING;
}

static int on_clock(void *ctx, const struct rp_fact *f)
{
	struct pass *p = ctx;
	if (!in_bound(bound_of(p, f->site), f->clock.due))
		return 0;
	struct rp_row r = {.set = S_CLK, .f = f, .outcome = clock_outcome(&f->clock, p->now)};
	feed(p, &r);
	return 0;
}

/* ------------------------------------------------------------ the day sums */

/* What a row adds to one metric's accumulator, as a cell; 0: nothing. */
static int cell_of(const struct metric *m, const struct rp_row *r, struct rp_sum *c)
{
	c->n = c->base = c->sum = 0;
	c->since = 0;
	if (m->agg == AG_RATE) {
		if (!m->base(r))
			return 0;
		c->base = 1;
		c->n = m->in(r) != 0;
		return 1;
	}
	if (!m->in || !m->in(r))
		return 0;
	c->n = 1;
	if (m->value)
		c->sum = (int64_t)m->value(r);
	if (m->since)
		c->since = m->since(r);
	return 1;
}

/* The row's cells: one per metric of its set it counts in, and one per
 * table column (named by the table, the column and the row's key). */
static void row_cells(const struct rp_row *r, cd_time t, const struct cd_config *cfg, rp_sum_cb cb, void *ctx)
{
	char name[256], buf[16];
	int sec;
	struct rp_sum c = {.site = r->f->site, .cell = name};
	cd_local(t, cd_site_tz(cfg, r->f->site), &c.day, &sec);
	for (int m = 0; m < M__COUNT; m++)
		if (metrics[m].set == r->set && cell_of(&metrics[m], r, &c)) {
			snprintf(name, sizeof name, "m:%s", metrics[m].id);
			cb(ctx, &c);
		}
	for (size_t s = 0; s < NSECTIONS; s++)
		for (int i = 0; i < sections[s].ntab; i++) {
			const struct table_def *def = &sections[s].tables[i];
			for (int col = 0; table_set(def) == r->set && col < def->ncols; col++)
				if (cell_of(&metrics[def->metrics[col]], r, &c)) {
					snprintf(name, sizeof name, "t:%s:%d:%s", def->id, col, dim_key(r, def->dim, buf));
					cb(ctx, &c);
				}
		}
}

void report_cells(const struct cd_config *cfg, const struct rp_fact *f, int clock, rp_sum_cb cb, void *ctx,
		  cd_time *settled)
{
	struct rp_row r = {.f = f, .now = INT64_MAX};
	*settled = 0;
	if (clock) {
		const struct cd_clock *k = &f->clock;
		if (k->met == CD_TIME_NONE && k->stopped == CD_TIME_NONE)
			return;
		r.set = S_CLK;
		r.outcome = clock_outcome(k, INT64_MAX);
		*settled = k->met > k->stopped ? k->met : k->stopped;
		row_cells(&r, k->due, cfg, cb, ctx);
		return;
	}
	r.set = S_EV;
	if (!ev_pause(&r))
		row_cells(&r, f->at, cfg, cb, ctx);
}

/* The cells' version (it changes with what a row's cells are), the
 * default zone, and the sites in another: a site added in the default
 * zone changes no day. */
char *report_sums_key(const struct cd_config *cfg)
{
	struct strbuf key;
	sb_init(&key);
	sb_printf(&key, "cells 1; %s", cfg->timezone);
	for (size_t i = 0; i < cfg->sites.n; i++) {
		const char *tz = cd_site_tz(cfg, cfg->sites.v[i].id);
		if (strcmp(tz, cfg->timezone) != 0)
			sb_printf(&key, "; %s %s", cfg->sites.v[i].id, tz);
	}
	return sb_steal(&key);
}

/* A cell of the sums into the accumulator it stands for. */
static struct acc *cell_acc(struct pass *p, const char *cell)
{
	if (strncmp(cell, "m:", 2) == 0) {
		int m = report_metric_find(cell + 2);
		return m >= 0 ? &p->acc[m] : NULL;
	}
	const char *id = cell + 2, *colon = strchr(id, ':');
	if (strncmp(cell, "t:", 2) != 0 || !colon)
		return NULL;
	char *end;
	long col = strtol(colon + 1, &end, 10);
	for (size_t i = 0; *end == ':' && i < p->nt; i++) {
		const struct table_def *def = p->t[i].def;
		if (strlen(def->id) == (size_t)(colon - id) && strncmp(def->id, id, (size_t)(colon - id)) == 0 &&
		    col >= 0 && col < def->ncols)
			return &group_for(&p->t[i], end + 1)->acc[col];
	}
	return NULL;
}

static int on_sum(void *ctx, const struct rp_sum *c)
{
	struct acc *a = cell_acc(ctx, c->cell);
	if (a) {
		a->n += (double)c->n;
		a->base += (double)c->base;
		a->sum += (double)c->sum;
	}
	return 0;
}

static int same_zone(const struct pass *p)
{
	for (size_t i = 1; i < p->nb; i++)
		if (strcmp(p->b[i].tz, p->b[0].tz) != 0)
			return 0;
	return 1;
}

static int on_open(void *ctx, const struct rp_fact *f)
{
	struct pass *p = ctx;
	if (bound_of(p, f->site)->asof != p->open_asof)
		return 0; /* a site in another zone: counted at its own end */
	if (f->to_state >= 0 && cd_state_is_final(f->to_state))
		return 0; /* closed at the end, reopened since */
	struct rp_row r = {.set = S_OPEN, .f = f, .past_due = f->past_due};
	feed(p, &r);
	return 0;
}

/* The open set at the period's end: one walk per distinct end instant
 * (one, unless sites sit in different zones). */
static int open_at_end(struct pass *p, struct cd_err *err)
{
	for (size_t i = 0; i < p->nb; i++) {
		size_t j = 0;
		while (j < i && p->b[j].asof != p->b[i].asof)
			j++;
		if (j < i)
			continue;
		p->open_asof = p->b[i].asof;
		if (p->src->open_at(p->src->ctx, p->open_asof, p->q->site, on_open, p, err))
			return -1;
	}
	return 0;
}

/* Each site's period in its own zone; the last entry stands for sites the
 * config does not know (the default zone). One site: just that one. */
static void make_bounds(struct pass *p)
{
	const struct cd_config *cfg = p->cfg;
	size_t n = p->q->site ? 1 : cfg->sites.n + 1;
	p->b = xcalloc(n, sizeof *p->b);
	p->nb = n;
	for (size_t i = 0; i < n; i++) {
		struct bound *b = &p->b[i];
		b->site = p->q->site ? p->q->site : i < cfg->sites.n ? cfg->sites.v[i].id : NULL;
		b->tz = b->site ? cd_site_tz(cfg, b->site) : cfg->timezone;
		b->lo = cd_instant(p->q->from, 0, b->tz);
		b->hi = cd_instant(p->q->to, 0, b->tz);
		b->asof = b->hi < p->now ? b->hi : p->now;
		if (i == 0 || b->lo < p->lo)
			p->lo = b->lo;
		if (i == 0 || b->hi > p->hi)
			p->hi = b->hi;
	}
}

static int cmp_phone(const void *a, const void *b)
{
	const struct phone *x = a, *y = b;
	int c = (x->key > y->key) - (x->key < y->key);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Phones seen twice or more: the repeat complainants. */
static void count_repeats(struct pass *p)
{
	int want = p->drill && (p->drill->metric == M_REPEAT_CUSTOMERS ||
				p->drill->metric == M_REPEAT_COMPLAINTS);
	if (p->nphones > 1)
		qsort(p->phones, p->nphones, sizeof *p->phones, cmp_phone);
	for (size_t i = 0, j; i < p->nphones; i = j) {
		for (j = i + 1; j < p->nphones && p->phones[j].key == p->phones[i].key; j++)
			;
		if (j - i < 2)
			continue;
		p->acc[M_REPEAT_CUSTOMERS].n++;
		p->acc[M_REPEAT_COMPLAINTS].n += (double)(j - i);
		for (size_t k = i; want && k < j; k++)
			push_id(p, p->phones[k].id);
	}
}

static void free_phones(struct pass *p)
{
	free(p->phones);
	p->phones = NULL;
	p->nphones = p->capphones = 0;
}

/* Settle the accumulators of one row set, once all its rows are in: each
 * set comes from one stream of the store. */
static void settle_set(struct pass *p, enum rp_set set)
{
	for (int m = 0; m < M__COUNT; m++)
		if (metrics[m].set == set)
			settle_acc(&p->acc[m]);
	for (size_t i = 0; i < p->nt; i++) {
		if (table_set(p->t[i].def) != set)
			continue;
		for (size_t g = 0; g < p->t[i].n; g++)
			for (int c = 0; c < 5; c++)
				settle_acc(&p->t[i].g[g].acc[c]);
	}
}

/* A median and a 90th percentile of the same values share them: the
 * percentile reads the median's accumulator (at a million complaints, a
 * month's values kept twice were half the report's memory). */
static void share_values(struct pass *p)
{
	for (int m = 0; m < M__COUNT; m++) {
		const struct metric *a = &metrics[m];
		p->values_of[m] = m;
		for (int j = 0; a->agg == AG_P90 && j < M__COUNT; j++) {
			const struct metric *b = &metrics[j];
			if (b->agg == AG_MEDIAN && b->set == a->set && b->in == a->in && b->value == a->value) {
				p->values_of[m] = j;
				break;
			}
		}
	}
}

static void pass_free(struct pass *p)
{
	for (int m = 0; m < M__COUNT; m++)
		free_acc(&p->acc[m]);
	for (size_t i = 0; i < p->nt; i++) {
		for (size_t g = 0; g < p->t[i].n; g++) {
			free(p->t[i].g[g].key);
			for (int c = 0; c < 5; c++)
				free_acc(&p->t[i].g[g].acc[c]);
		}
		free(p->t[i].g);
	}
	free(p->t);
	free_phones(p);
	for (int i = 0; i < 7; i++)
		free(p->cur_strings[i]);
	rp_kept_free(&p->kept);
	free(p->daily);
	free(p->b);
	free(p->ids);
}

/* Room for a value of every complaint received in the period, asked of
 * an index first: grown by doubling, the arrays were up to half empty. */
static int reserve_received(struct pass *p, struct cd_err *err)
{
	int64_t n;
	if (p->src->count_received(p->src->ctx, p->lo, p->hi, p->q->site, &n, err))
		return -1;
	if (n <= 0)
		return 0;
	for (int m = 0; m < M__COUNT; m++) {
		enum rp_agg agg = metrics[m].agg;
		if (metrics[m].set == S_REC && p->values_of[m] == m && (agg == AG_MEDIAN || agg == AG_P90)) {
			p->acc[m].cap = (size_t)n;
			p->acc[m].vals = xreallocarray(NULL, (size_t)n, sizeof *p->acc[m].vals);
		}
	}
	p->capphones = (size_t)n;
	p->phones = xreallocarray(NULL, (size_t)n, sizeof *p->phones);
	return 0;
}

static int is_complaint_dim(int dim) { return dim >= 0 && dim < D_SIDE; }

/* Whether the events must come with their complaints' columns: to filter
 * by site, to take a site's own month where the sites' zones differ, or to
 * group or drill the events by one of the complaint's dimensions. Looking
 * up each event's complaint is most of the cost of reading the events. */
static int events_need_complaint(const struct pass *p)
{
	if (p->q->site || !same_zone(p))
		return 1;
	if (p->drill)
		return metrics[p->drill->metric].set == S_EV && is_complaint_dim(p->drill->dim);
	for (size_t i = 0; i < p->nt; i++)
		if (table_set(p->t[i].def) == S_EV && is_complaint_dim(p->t[i].def->dim))
			return 1;
	return 0;
}

/* The complaints received in the period: their kept facts, or each one's
 * log. */
static int received_set(struct pass *p, struct cd_err *err)
{
	const struct rp_source *src = p->src;
	if (!p->from_log)
		return src->kept(src->ctx, p->lo, p->hi, p->q->site, on_kept, p, err);
	if (src->received(src->ctx, p->lo, p->hi, p->q->site, on_received, p, err))
		return -1;
	finish_rec(p);
	return 0;
}

/* The events and the clocks of the period: their day sums with what
 * those leave out, or (drilling down, or without sums) every row. */
static int events_and_clocks(struct pass *p, struct cd_err *err)
{
	const struct rp_source *src = p->src;
	const struct rp_query *q = p->q;
	if (src->sums && !p->drill && !p->from_log)
		return src->sums(src->ctx, q->from, q->to, q->site, p->now, on_sum, p, err) ||
		       src->live(src->ctx, p->lo, p->hi, q->site, on_event, on_clock, p, err);
	return src->events(src->ctx, p->lo, p->hi, q->site, events_need_complaint(p), on_event, p, err) ||
	       src->clocks(src->ctx, p->lo, p->hi, q->site, on_clock, p, err);
}

/* Stream the four row sets of q through the metrics (or the drill). */
static int run_pass_once(struct pass *p, const struct cd_config *cfg, const struct rp_source *src,
			 const struct rp_query *q, cd_time now, int from_log,
			 const struct rp_drill *drill, struct cd_err *err)
{
	memset(p, 0, sizeof *p);
	p->from_log = from_log;
	p->cfg = cfg;
	p->src = src;
	p->q = q;
	p->now = now;
	p->drill = drill;
	make_bounds(p);
	p->daily = xcalloc((size_t)(q->to - q->from), sizeof *p->daily);
	for (size_t s = 0; s < NSECTIONS; s++)
		for (int i = 0; i < sections[s].ntab; i++) {
			p->t = xreallocarray(p->t, p->nt + 1, sizeof *p->t);
			p->t[p->nt++] = (struct tacc){&sections[s].tables[i], NULL, 0};
		}
	share_values(p);
	if (!drill && reserve_received(p, err))
		return -1;
	if (received_set(p, err))
		return -1;
	if (p->stale)
		return 0;
	settle_set(p, S_REC);
	count_repeats(p);
	free_phones(p);
	if (events_and_clocks(p, err) || open_at_end(p, err))
		return -1;
	settle_set(p, S_EV);
	settle_set(p, S_CLK);
	settle_set(p, S_OPEN);
	return 0;
}

/* The pass, from the kept facts where the source keeps them and none is
 * newer than now. */
static int run_pass(struct pass *p, const struct cd_config *cfg, const struct rp_source *src,
		    const struct rp_query *q, cd_time now,
		    const struct rp_drill *drill, struct cd_err *err)
{
	int rc = run_pass_once(p, cfg, src, q, now, !src->kept || q->from_log, drill, err);
	if (rc || !p->stale)
		return rc;
	pass_free(p);
	return run_pass_once(p, cfg, src, q, now, 1, drill, err);
}

/* ---------------------------------------------------------------- periods */

void report_month_of(cd_time t, const char *tz, struct rp_query *q)
{
	int32_t day;
	int sec, y, m, dd;
	cd_local(t, tz, &day, &sec);
	cd_civil_from_days(day, &y, &m, &dd);
	memset(q, 0, sizeof *q);
	q->month = 1;
	q->from = cd_days_from_civil(y, m, 1);
	q->to = m == 12 ? cd_days_from_civil(y + 1, 1, 1) : cd_days_from_civil(y, m + 1, 1);
}

int report_parse_month(const char *s, struct rp_query *q, struct cd_err *err)
{
	int y = 0, m = 0;
	if (s && strlen(s) == 7 && s[4] == '-' && strspn(s, "0123456789") == 4 && strspn(s + 5, "0123456789") == 2) {
		y = (int)strtol(s, NULL, 10);
		m = (int)strtol(s + 5, NULL, 10);
	}
	if (y < 1970 || y > 9999 || m < 1 || m > 12)
		return cd_fail(err, CD_EINPUT, _("'%s' is not a month; write it as YYYY-MM, e.g. 2026-11"),
			       s ? s : "");
	report_month_of((cd_time)cd_days_from_civil(y, m, 15) * 86400, "UTC", q);
	return 0;
}

int report_parse_range(const char *from, const char *to, struct rp_query *q, struct cd_err *err)
{
	int32_t a, b;
	if (cd_parse_date(from, &a, err) || cd_parse_date(to, &b, err))
		return -1;
	if (b < a)
		return cd_fail(err, CD_EINPUT, _("the range ends (%s) before it starts (%s)"), to, from);
	if (b - a > 3660)
		return cd_fail(err, CD_EINPUT, _("a range may cover at most ten years"));
	memset(q, 0, sizeof *q);
	q->from = a;
	q->to = b + 1;
	return 0;
}

void report_shift(struct rp_query *q, int n)
{
	if (!q->month) {
		int32_t len = q->to - q->from;
		q->from += n * len;
		q->to += n * len;
		return;
	}
	int y, m, d, from_log = q->from_log;
	const char *site = q->site;
	cd_civil_from_days(q->from, &y, &m, &d);
	int k = y * 12 + (m - 1) + n;
	report_month_of((cd_time)cd_days_from_civil(k / 12, k % 12 + 1, 15) * 86400, "UTC", q);
	q->site = site;
	q->from_log = from_log;
}

char *report_period_text(const struct rp_query *q, char *buf)
{
	char a[16];
	if (q->month) {
		cd_format_day(q->from, a);
		snprintf(buf, 64, "%.7s", a);
	} else {
		char b[16];
		snprintf(buf, 64, "%s – %s", cd_format_day(q->from, a), cd_format_day(q->to - 1, b));
	}
	return buf;
}

/* ----------------------------------------------------------- the report */

/* Complaints received in month q, each counted in its site's zone. With
 * several zones: those of the default zone, less the configured sites
 * counted there, plus each configured site in its own zone. */
static int month_received(const struct cd_config *cfg, const struct rp_source *src, const struct rp_query *q,
			  cd_time now, int64_t *n, struct cd_err *err)
{
	struct pass p = {.cfg = cfg, .src = src, .q = q, .now = now};
	int64_t c;
	make_bounds(&p);
	const struct bound *def = &p.b[p.nb - 1];
	int rc = src->count_received(src->ctx, def->lo, def->hi, q->site, n, err);
	for (size_t i = 0; !rc && !same_zone(&p) && i + 1 < p.nb; i++) {
		rc = src->count_received(src->ctx, def->lo, def->hi, p.b[i].site, &c, err);
		*n -= c;
		if (!rc)
			rc = src->count_received(src->ctx, p.b[i].lo, p.b[i].hi, p.b[i].site, &c, err);
		*n += c;
	}
	free(p.b);
	return rc;
}

static int fill_trend(const struct cd_config *cfg, const struct rp_source *src, struct cd_report *r,
		      struct cd_err *err)
{
	struct rp_query m;
	char buf[16];
	report_month_of((cd_time)(r->q.to - 1) * 86400 + 43200, "UTC", &m);
	m.site = r->q.site;
	report_shift(&m, -11);
	for (int i = 0; i < 12; i++, report_shift(&m, 1)) {
		snprintf(r->trend[i].label, sizeof r->trend[i].label, "%.7s", cd_format_day(m.from, buf));
		if (month_received(cfg, src, &m, r->now, &r->trend[i].received, err))
			return -1;
	}
	return 0;
}

static struct rp_value metric_value(struct pass *p, int m)
{
	return acc_value(&p->acc[p->values_of[m]], &metrics[m]);
}

static void fill_figures(struct cd_report *r, struct pass *cur, struct pass *prev)
{
	for (size_t s = 0; s < NSECTIONS; s++) {
		struct rp_section *sec = &r->sections[s];
		sec->id = sections[s].id;
		sec->title = _(sections[s].title);
		sec->fig0 = r->nfigures;
		sec->nfig = (size_t)sections[s].nfig;
		for (int i = 0; i < sections[s].nfig; i++) {
			int m = sections[s].figures[i];
			struct rp_figure *f = &r->figures[r->nfigures++];
			f->metric = m;
			f->id = metrics[m].id;
			f->label = _(metrics[m].label);
			f->fmt = metrics[m].fmt;
			f->better = metrics[m].better;
			f->cur = metric_value(cur, m);
			f->prev = metric_value(prev, m);
		}
	}
}

static struct rp_value group_value(struct tacc *t, const char *key, int c)
{
	const struct metric *m = &metrics[t->def->metrics[c]];
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->g[i].key, key) == 0)
			return acc_value(&t->g[i].acc[c], m);
	struct rp_value none = {0, m->agg == AG_COUNT || m->agg == AG_SUM};
	return none;
}

static void add_row(struct rp_table *t, const struct cd_config *cfg, struct tacc *cur,
		    struct tacc *prev, const char *key)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(t->rows[i].key, key) == 0)
			return;
	t->rows = xreallocarray(t->rows, t->nrows + 1, sizeof *t->rows);
	struct rp_trow *row = &t->rows[t->nrows++];
	memset(row, 0, sizeof *row);
	row->key = xstrdup(key);
	row->label = dim_label(cfg, t->dim, key);
	row->cells = xcalloc((size_t)t->ncols, sizeof *row->cells);
	for (int c = 0; c < t->ncols; c++) {
		row->cells[c].cur = group_value(cur, key, c);
		row->cells[c].prev = group_value(prev, key, c);
	}
}

static int cmp_rows(const void *a, const void *b)
{
	const struct rp_trow *x = a, *y = b;
	double vx = x->cells[0].cur.v, vy = y->cells[0].cur.v;
	if (vx != vy)
		return vx < vy ? 1 : -1;
	if (x->cells[0].prev.v != y->cells[0].prev.v)
		return x->cells[0].prev.v < y->cells[0].prev.v ? 1 : -1;
	return strcmp(x->key, y->key);
}

/* Shares of column 0 and the vital few: the first rows reaching 80 %. */
static void pareto(struct rp_table *t)
{
	double total = 0, cum = 0;
	for (size_t i = 0; i < t->nrows; i++)
		total += t->rows[i].cells[0].cur.v;
	t->vital = 0;
	for (size_t i = 0; i < t->nrows && total > 0; i++) {
		int before = cum < 0.8 - 1e-9;
		t->rows[i].share = t->rows[i].cells[0].cur.v / total;
		cum += t->rows[i].share;
		t->rows[i].cum = cum;
		if (before && t->rows[i].cells[0].cur.v > 0)
			t->vital = i + 1;
	}
}

static void fill_tables(struct cd_report *r, const struct cd_config *cfg, struct pass *cur,
			struct pass *prev)
{
	size_t k = 0;
	for (size_t s = 0; s < NSECTIONS; s++) {
		r->sections[s].tab0 = k;
		r->sections[s].ntab = (size_t)sections[s].ntab;
		for (int i = 0; i < sections[s].ntab; i++, k++) {
			const struct table_def *def = &sections[s].tables[i];
			struct rp_table *t = &r->tables[k];
			t->id = def->id;
			t->title = _(def->title);
			t->dim = def->dim;
			t->ncols = def->ncols;
			t->metrics = def->metrics;
			t->chart = def->chart;
			for (size_t g = 0; g < cur->t[k].n; g++)
				add_row(t, cfg, &cur->t[k], &prev->t[k], cur->t[k].g[g].key);
			for (size_t g = 0; g < prev->t[k].n; g++)
				add_row(t, cfg, &cur->t[k], &prev->t[k], prev->t[k].g[g].key);
			if (t->nrows > 1)
				qsort(t->rows, t->nrows, sizeof *t->rows, cmp_rows);
			if (t->chart == RC_PARETO)
				pareto(t);
		}
	}
	r->ntables = k;
}

int report_run(const struct cd_config *cfg, const struct rp_source *src, const struct rp_query *q,
	       cd_time now, struct cd_report *r, struct cd_err *err)
{
	struct pass cur, prev;
	memset(r, 0, sizeof *r);
	if (q->site && !cd_list_find(&cfg->sites, q->site))
		return cd_fail(err, CD_EINPUT, _("unknown site '%s'"), q->site);
	r->q = r->prevq = *q;
	report_shift(&r->prevq, -1);
	r->now = now;
	r->site_label = q->site ? xstrdup(item_label(&cfg->sites, q->site)) : NULL;
	int rc = run_pass(&cur, cfg, src, &r->q, r->now, NULL, err);
	if (!rc)
		rc = run_pass(&prev, cfg, src, &r->prevq, r->now, NULL, err);
	else
		memset(&prev, 0, sizeof prev);
	if (!rc) {
		r->nsections = NSECTIONS;
		r->sections = xcalloc(NSECTIONS, sizeof *r->sections);
		r->figures = xcalloc((size_t)M__COUNT * 2, sizeof *r->figures);
		r->tables = xcalloc(cur.nt, sizeof *r->tables);
		fill_figures(r, &cur, &prev);
		fill_tables(r, cfg, &cur, &prev);
		r->ndays = q->to - q->from;
		r->daily = cur.daily;
		cur.daily = NULL;
		rc = fill_trend(cfg, src, r, err);
	}
	pass_free(&cur);
	pass_free(&prev);
	if (rc)
		report_free(r);
	return rc;
}

void report_free(struct cd_report *r)
{
	for (size_t i = 0; i < r->ntables; i++) {
		for (size_t j = 0; j < r->tables[i].nrows; j++) {
			free(r->tables[i].rows[j].key);
			free(r->tables[i].rows[j].label);
			free(r->tables[i].rows[j].cells);
		}
		free(r->tables[i].rows);
	}
	free(r->tables);
	free(r->figures);
	free(r->sections);
	free(r->daily);
	free(r->site_label);
	memset(r, 0, sizeof *r);
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int report_drill_run(const struct cd_config *cfg, const struct rp_source *src, const struct rp_query *q,
		     const struct rp_drill *dr, cd_time now, int64_t **ids, size_t *n, struct cd_err *err)
{
	struct pass p;
	*ids = NULL;
	*n = 0;
	if (dr->metric < 0 || dr->metric >= M__COUNT)
		return cd_fail(err, CD_EINPUT, _("unknown figure"));
	if (!metrics[dr->metric].in && dr->dim >= 0)
		return cd_fail(err, CD_EINPUT, _("the figure '%s' is not broken down by %s"),
			       metrics[dr->metric].id, report_dim_id(dr->dim));
	if (q->site && !cd_list_find(&cfg->sites, q->site))
		return cd_fail(err, CD_EINPUT, _("unknown site '%s'"), q->site);
	int rc = run_pass(&p, cfg, src, q, now, dr, err);
	if (!rc) {
		if (p.nids > 1)
			qsort(p.ids, p.nids, sizeof *p.ids, cmp_id);
		size_t k = 0;
		for (size_t i = 0; i < p.nids; i++)
			if (k == 0 || p.ids[k - 1] != p.ids[i])
				p.ids[k++] = p.ids[i];
		*ids = p.ids;
		*n = k;
		p.ids = NULL;
	}
	pass_free(&p);
	return rc;
}
