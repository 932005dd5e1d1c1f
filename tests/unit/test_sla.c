/* The state machine, clocks computed from event logs, and rule conditions. */
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

#include "cdesk/open.h"
#include "cdesk/rules.h"
#include "cdesk/sla.h"
#include "cdesk/workflow.h"


/* An event log built by hand. */
struct log {
	struct cd_events ev;
	struct cd_complaint c;
};

static void log_init(struct log *l, const char *received)
{
	memset(l, 0, sizeof *l);
	cd_complaint_init(&l->c);
	l->c.id = 1;
	l->c.site = strdup("station-01");
	l->c.channel = strdup("phone");
	l->c.category = strdup("fuel_quantity");
	l->c.severity = strdup("normal");
	l->c.phone = strdup("13800000000");
	l->c.received_at = T(received);
	l->c.state = ST_RECEIVED;
}

static void add(struct log *l, const char *at, const char *kind, int to, const char *data)
{
	l->ev.v = realloc(l->ev.v, (l->ev.n + 1) * sizeof *l->ev.v);
	struct cd_event *e = &l->ev.v[l->ev.n];
	memset(e, 0, sizeof *e);
	e->id = (int64_t)++l->ev.n;
	e->at = T(at);
	e->actor = strdup("t");
	e->kind = strdup(kind);
	e->from_state = to >= 0 ? (int)l->c.state : -1;
	e->to_state = to;
	e->data = data ? strdup(data) : NULL;
	if (to >= 0)
		l->c.state = to;
}

static void log_free(struct log *l)
{
	cd_events_free(&l->ev);
	cd_complaint_free(&l->c);
}

static const struct cd_clock *find(const struct cd_clocks *k, const char *kind, int seq)
{
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->v[i].kind, kind) == 0 && k->v[i].seq == seq)
			return &k->v[i];
	return NULL;
}

static enum cd_clock_status status_at(const struct cd_clock *k, const char *now)
{
	return sla_status(cfg, TZ, k, T(now), NULL);
}

static void transitions(void **state)
{
	(void)state;
	enum cd_state path[3];
	struct cd_err err;
	assert_int_equal(cd_step_path(STEP_LISTEN, ST_RECEIVED, path, &err), 1);
	assert_int_equal(path[0], ST_LISTENED);
	assert_int_equal(cd_step_path(STEP_RESOLVE, ST_RECORDED, path, &err), 2);
	assert_int_equal(path[0], ST_RESOLVING);
	assert_int_equal(path[1], ST_RESOLVED);
	assert_int_equal(cd_step_path(STEP_RESOLVE, ST_REOPENED, path, &err), 2);
	assert_int_equal(path[0], ST_RESOLVING);
	assert_int_equal(cd_step_path(STEP_REOPEN, ST_CLOSED, path, &err), 1);
	assert_int_equal(path[0], ST_REOPENED);
	/* Illegal ones name the step and the state. */
	assert_int_equal(cd_step_path(STEP_APOLOGIZE, ST_RECEIVED, path, &err), -1);
	assert_int_equal(err.code, CD_ESTATE);
	assert_non_null(strstr(err.msg, "Apologize"));
	assert_int_equal(cd_step_path(STEP_CLOSE, ST_RECORDED, path, &err), -1);
	assert_int_equal(cd_step_path(STEP_WITHDRAW, ST_CLOSED, path, &err), -1);
	assert_int_equal(cd_step_path(STEP_WITHDRAW, ST_WITHDRAWN, path, &err), -1);
	assert_int_equal(cd_step_path(STEP_REOPEN, ST_RESOLVING, path, &err), -1);
	/* Every state but the final ones may be withdrawn. */
	for (int s = 0; s < ST__COUNT; s++)
		assert_int_equal(cd_step_path(STEP_WITHDRAW, s, path, &err) > 0, !cd_state_is_final(s));
}

static void contact_clock(void **state)
{
	(void)state;
	struct log l;
	struct cd_clocks k;
	log_init(&l, "2026-11-02T09:00");
	add(&l, "2026-11-02T09:00", "received", ST_RECEIVED, NULL);
	sla_compute(cfg, &l.c, &l.ev, &k);
	const struct cd_clock *c = find(&k, "contact", 1);
	assert_non_null(c);
	assert_time(c->due, "2026-11-02T11:00:00+08:00");
	assert_int_equal(status_at(c, "2026-11-02T10:00"), CS_RUNNING);
	assert_int_equal(status_at(c, "2026-11-02T10:31"), CS_WARNING);
	assert_int_equal(status_at(c, "2026-11-02T11:00"), CS_BREACHED);
	cd_clocks_free(&k);

	/* An internal note does not meet it; a customer contact does. */
	add(&l, "2026-11-02T09:30", "note", -1, NULL);
	sla_compute(cfg, &l.c, &l.ev, &k);
	assert_int_equal(status_at(find(&k, "contact", 1), "2026-11-02T09:40"), CS_RUNNING);
	cd_clocks_free(&k);
	add(&l, "2026-11-02T10:45", "contact", -1, NULL);
	sla_compute(cfg, &l.c, &l.ev, &k);
	c = find(&k, "contact", 1);
	assert_int_equal(status_at(c, "2026-11-02T12:00"), CS_MET);
	assert_time(c->met, "2026-11-02T10:45:00+08:00");
	cd_clocks_free(&k);
	log_free(&l);
}

static void feedback_repeats(void **state)
{
	(void)state;
	struct log l;
	struct cd_clocks k;
	log_init(&l, "2026-11-02T09:00");
	add(&l, "2026-11-02T09:00", "received", ST_RECEIVED, NULL);
	add(&l, "2026-11-04T15:00", "feedback", -1, NULL);
	add(&l, "2026-11-09T10:00", "feedback", -1, NULL);
	sla_compute(cfg, &l.c, &l.ev, &k);
	/* Round 1 from receipt: Thursday; met Wednesday. */
	assert_time(find(&k, "feedback", 1)->due, "2026-11-05T18:00:00+08:00");
	assert_int_equal(status_at(find(&k, "feedback", 1), "2026-11-20T00:00"), CS_MET);
	/* Round 2 from that feedback: Mon 9 (Thu, Fri, Mon); met on Monday. */
	assert_time(find(&k, "feedback", 2)->due, "2026-11-09T18:00:00+08:00");
	assert_int_equal(status_at(find(&k, "feedback", 2), "2026-11-20T00:00"), CS_MET);
	/* Round 3 still running. */
	assert_time(find(&k, "feedback", 3)->due, "2026-11-12T18:00:00+08:00");
	assert_true(sla_is_open(find(&k, "feedback", 3)));
	cd_clocks_free(&k);

	/* Resolution stops the round in progress and starts the follow-up. */
	add(&l, "2026-11-10T10:00", "step", ST_RESOLVING, NULL);
	add(&l, "2026-11-10T10:00", "step", ST_RESOLVED, NULL);
	sla_compute(cfg, &l.c, &l.ev, &k);
	assert_int_equal(status_at(find(&k, "feedback", 3), "2026-11-20T00:00"), CS_STOPPED);
	assert_null(find(&k, "feedback", 4));
	assert_time(find(&k, "follow_up", 1)->due, "2026-11-13T18:00:00+08:00");
	/* The contact clock was never met: stopped after its deadline is a breach. */
	assert_int_equal(status_at(find(&k, "contact", 1), "2026-11-20T00:00"), CS_BREACHED);
	cd_clocks_free(&k);
	log_free(&l);
}

static void pause_and_resume(void **state)
{
	(void)state;
	struct log l;
	struct cd_clocks k;
	cd_time due;
	log_init(&l, "2026-11-02T09:00");
	add(&l, "2026-11-02T09:00", "received", ST_RECEIVED, NULL);
	add(&l, "2026-11-02T09:10", "contact", -1, NULL);
	add(&l, "2026-11-03T10:00", "pause", -1, NULL);
	sla_compute(cfg, &l.c, &l.ev, &k);
	const struct cd_clock *f = find(&k, "feedback", 1);
	assert_int_equal(status_at(f, "2026-11-10T10:00"), CS_PAUSED);
	/* While paused, the deadline moves on by the working days that pass. */
	sla_status(cfg, TZ, f, T("2026-11-05T12:00"), &due);
	assert_time(due, "2026-11-09T18:00:00+08:00");
	cd_clocks_free(&k);
	add(&l, "2026-11-05T10:00", "resume", -1, NULL);
	sla_compute(cfg, &l.c, &l.ev, &k);
	f = find(&k, "feedback", 1);
	assert_time(f->due, "2026-11-09T18:00:00+08:00");
	assert_int_equal(status_at(f, "2026-11-09T13:59"), CS_RUNNING);
	assert_int_equal(status_at(f, "2026-11-09T14:00"), CS_WARNING);
	assert_int_equal(status_at(f, "2026-11-09T18:00"), CS_BREACHED);
	cd_clocks_free(&k);
	log_free(&l);
}

static void promises(void **state)
{
	(void)state;
	struct log l;
	struct cd_clocks k;
	char data[64];
	log_init(&l, "2026-11-02T09:00");
	add(&l, "2026-11-02T09:00", "received", ST_RECEIVED, NULL);
	snprintf(data, sizeof data, "{\"due\":%lld}", (long long)T("2026-11-04T12:00"));
	add(&l, "2026-11-02T09:30", "promise", -1, data);
	snprintf(data, sizeof data, "{\"due\":%lld}", (long long)T("2026-11-06T12:00"));
	add(&l, "2026-11-02T09:31", "promise", -1, data);
	snprintf(data, sizeof data, "{\"promise\":%d}", 3);
	add(&l, "2026-11-03T09:00", "promise_kept", -1, data);
	sla_compute(cfg, &l.c, &l.ev, &k);
	assert_int_equal(status_at(find(&k, "promise", 1), "2026-11-04T12:00"), CS_BREACHED);
	assert_int_equal(status_at(find(&k, "promise", 1), "2026-11-04T10:30"), CS_WARNING);
	assert_int_equal(status_at(find(&k, "promise", 2), "2026-11-04T12:00"), CS_MET);
	cd_clocks_free(&k);
	/* Withdrawal stops what is still open. */
	add(&l, "2026-11-03T10:00", "step", ST_WITHDRAWN, NULL);
	sla_compute(cfg, &l.c, &l.ev, &k);
	assert_int_equal(status_at(find(&k, "promise", 1), "2026-11-20T00:00"), CS_STOPPED);
	assert_false(sla_is_open(find(&k, "contact", 1)));
	cd_clocks_free(&k);
	log_free(&l);
}

/* What would stay open when the handling ends: promises not kept (by id
 * or the oldest), the remedy awaiting approval, measures not carried out;
 * nothing for a step that does not end the handling. */
static void open_items(void **state)
{
	(void)state;
	struct log l;
	struct cd_clocks k;
	struct cd_open_items o;
	char data[96];
	log_init(&l, "2026-11-02T09:00");
	add(&l, "2026-11-02T09:00", "received", ST_RECEIVED, NULL);
	snprintf(data, sizeof data, "{\"due\":%lld}", (long long)T("2026-11-04T12:00"));
	add(&l, "2026-11-02T09:30", "promise", -1, data);
	l.ev.v[1].note = strdup("call back");
	snprintf(data, sizeof data, "{\"due\":%lld}", (long long)T("2026-11-06T12:00"));
	add(&l, "2026-11-02T09:31", "promise", -1, data);
	l.ev.v[2].note = strdup("write");
	add(&l, "2026-11-02T10:00", "root_cause", -1, "{\"side\":\"staff\",\"measure\":\"train\"}");
	add(&l, "2026-11-02T10:01", "root_cause", -1, "{\"side\":\"company\"}");
	sla_compute(cfg, &l.c, &l.ev, &k);
	cd_open_items(cfg, &l.c, &k, &l.ev, STEP_LISTEN, &o);
	assert_int_equal(o.n, 0);
	cd_open_items(cfg, &l.c, &k, &l.ev, STEP_CLOSE, &o);
	assert_int_equal(o.n, 3);
	assert_int_equal(o.v[0].kind, OPEN_PROMISE);
	assert_int_equal(o.v[0].event, 2);
	assert_non_null(strstr(o.v[0].text, "2026-11-04 12:00"));
	assert_non_null(strstr(o.v[0].text, "call back"));
	assert_int_equal(o.v[2].kind, OPEN_MEASURE);
	assert_non_null(strstr(o.v[2].text, "train"));
	assert_false(o.blocking);
	cd_open_items_free(&o);
	cd_clocks_free(&k);
	/* The oldest promise kept, the measure carried out, a remedy asked for. */
	add(&l, "2026-11-03T09:00", "promise_kept", -1, NULL);
	add(&l, "2026-11-03T09:10", "measure_done", -1, "{\"cause\":4}");
	add(&l, "2026-11-03T09:20", "remedy_request", -1, "{\"remedy\":\"refund\",\"amount\":800}");
	l.c.awaiting = 8;
	sla_compute(cfg, &l.c, &l.ev, &k);
	cd_open_items(cfg, &l.c, &k, &l.ev, STEP_WITHDRAW, &o);
	assert_int_equal(o.n, 2);
	assert_int_equal(o.v[0].event, 3);
	assert_int_equal(o.v[1].kind, OPEN_REMEDY);
	assert_non_null(strstr(o.v[1].text, "800.00"));
	assert_true(o.blocking);
	cd_open_items_free(&o);
	cd_clocks_free(&k);
	log_free(&l);
}

static void reopen_restarts(void **state)
{
	(void)state;
	struct log l;
	struct cd_clocks k;
	log_init(&l, "2026-11-02T09:00");
	add(&l, "2026-11-02T09:00", "received", ST_RECEIVED, NULL);
	add(&l, "2026-11-02T09:00", "contact", -1, NULL);
	add(&l, "2026-11-02T12:00", "step", ST_RESOLVED, NULL);
	add(&l, "2026-11-03T12:00", "step", ST_REOPENED, NULL);
	sla_compute(cfg, &l.c, &l.ev, &k);
	/* Reopening starts a new contact round and stops the follow-up. */
	assert_time(find(&k, "contact", 2)->due, "2026-11-03T14:00:00+08:00");
	assert_int_equal(status_at(find(&k, "follow_up", 1), "2026-11-03T13:00"), CS_STOPPED);
	cd_clocks_free(&k);
	log_free(&l);
}

static const struct cd_rule *rule(const char *id)
{
	for (size_t i = 0; i < cfg->nrules; i++)
		if (strcmp(cfg->rules[i].id, id) == 0)
			return &cfg->rules[i];
	fail_msg("no rule %s", id);
	return NULL;
}

static void rule_conditions(void **state)
{
	(void)state;
	struct log l;
	struct cd_clocks k;
	log_init(&l, "2026-11-02T09:00");
	add(&l, "2026-11-02T09:00", "received", ST_RECEIVED, NULL);
	sla_compute(cfg, &l.c, &l.ev, &k);
	cd_time at = T("2026-11-02T11:30");
	assert_false(rule_holds(cfg, rule("contact-late"), &l.c, &k, T("2026-11-02T10:59"), 1));
	assert_true(rule_holds(cfg, rule("contact-late"), &l.c, &k, at, 1));
	/* The second level waits 2 h after the breach. */
	assert_false(rule_holds(cfg, rule("contact-very-late"), &l.c, &k, at, 1));
	assert_true(rule_holds(cfg, rule("contact-very-late"), &l.c, &k, T("2026-11-02T13:00"), 1));
	assert_false(rule_holds(cfg, rule("major-channel"), &l.c, &k, at, 1));
	assert_false(rule_holds(cfg, rule("repeat-customer"), &l.c, &k, at, 1));
	assert_true(rule_holds(cfg, rule("repeat-customer"), &l.c, &k, at, 2));
	/* Open longer than 10 working days: 2 Nov + 10 working days = 16 Nov. */
	assert_false(rule_holds(cfg, rule("dragging"), &l.c, &k, T("2026-11-16T17:00"), 1));
	assert_true(rule_holds(cfg, rule("dragging"), &l.c, &k, T("2026-11-16T18:00"), 1));
	free(l.c.channel);
	l.c.channel = strdup("media");
	assert_true(rule_holds(cfg, rule("major-channel"), &l.c, &k, at, 1));
	l.c.reopen_count = 2;
	assert_true(rule_holds(cfg, rule("reopened-twice"), &l.c, &k, at, 1));
	/* Nothing fires on a finished complaint. */
	l.c.state = ST_CLOSED;
	assert_false(rule_holds(cfg, rule("major-channel"), &l.c, &k, at, 1));
	cd_clocks_free(&k);

	/* A contact made late still counts as a breach. */
	l.c.state = ST_RECEIVED;
	add(&l, "2026-11-02T11:20", "contact", -1, NULL);
	sla_compute(cfg, &l.c, &l.ev, &k);
	assert_true(rule_holds(cfg, rule("contact-late"), &l.c, &k, at, 1));
	assert_false(rule_holds(cfg, rule("contact-very-late"), &l.c, &k, T("2026-11-03T00:00"), 1));
	cd_clocks_free(&k);
	log_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(transitions),
		cmocka_unit_test(contact_clock),
		cmocka_unit_test(feedback_repeats),
		cmocka_unit_test(pause_and_resume),
		cmocka_unit_test(promises),
		cmocka_unit_test(open_items),
		cmocka_unit_test(reopen_restarts),
		cmocka_unit_test(rule_conditions),
	};
	cfg_text = cd_default_config;
	return cmocka_run_group_tests_name("sla", tests, setup, teardown);
}
