/* The desk's rules on who may do and see what, on a temporary database
 * with the built-in configuration: permissions by role, severity and
 * site; the masks of a list and of an opened complaint; refusals that
 * change nothing and are audited; approval above a limit. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "support.h"

#include "cdesk/auth.h"
#include "cdesk/desk.h"

static char dir[64], db[96];
static int64_t zhangs, wangs, major;

static struct cd_desk *open_desk(void)
{
	struct cd_desk *d;
	struct cd_err err;
	if (desk_open(&d, cfg, db, "setup", &err))
		fail_msg("opening %s: %s", db, err.msg);
	return d;
}

/* The desk, signed in as name (PIN "pin-NAME"). */
static struct cd_desk *as(const char *name)
{
	struct cd_desk *d = open_desk();
	struct cd_err err;
	char pin[64];
	snprintf(pin, sizeof pin, "pin-%s", name);
	if (desk_signin_pin(d, name, pin, "cli", &err))
		fail_msg("signing in %s: %s", name, err.msg);
	return d;
}

static void add_user(struct cd_desk *d, const char *name, const char *role, const char *sites)
{
	struct cd_user u = {0};
	struct cd_err err;
	char pin[64];
	snprintf(pin, sizeof pin, "pin-%s", name);
	u.name = (char *)name;
	u.role = (char *)role;
	u.sites = (char *)sites;
	if (desk_user_add(d, &u, pin, &err))
		fail_msg("adding %s: %s", name, err.msg);
}

static int64_t complaint_by(struct cd_desk *d, const char *severity)
{
	struct cd_complaint c;
	struct cd_err err;
	cd_complaint_init(&c);
	c.channel = xstrdup("walk_in");
	c.category = xstrdup("fuel_quantity");
	c.customer = xstrdup("张三");
	c.phone = xstrdup("13812345678");
	c.plate = xstrdup("沪A12345");
	c.severity = xstrdup(severity);
	c.description = xstrdup("加油机显示的升数不对");
	c.received_at = CD_TIME_NONE;
	if (desk_new(d, &c, -1, NULL, &err))
		fail_msg("recording: %s", err.msg);
	int64_t id = c.id;
	cd_complaint_free(&c);
	return id;
}

/* Accounts at station-01 (zhang frontline, wang station manager), one at
 * station-02 (east), the admin; a complaint each by zhang and wang, and
 * a major one by wang. */
static int people(void **state)
{
	if (setup(state))
		return -1;
	/* A training desk: its changes may be made at a pinned time. */
	cfg->auth.pinned_clock = 1;
	cd_now_pin(T("2026-11-02T09:00"));
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/cdesk-desk.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(db, sizeof db, "%s/desk.db", dir);
	struct cd_desk *d = open_desk();
	assert_true(desk_in_setup(d));
	add_user(d, "admin", "admin", NULL);
	desk_close(d);
	d = as("admin");
	add_user(d, "zhang", "frontline", "station-01");
	add_user(d, "wang", "station_manager", "station-01");
	add_user(d, "east", "station_manager", "station-02");
	desk_close(d);
	d = as("zhang");
	zhangs = complaint_by(d, "normal");
	desk_close(d);
	d = as("wang");
	wangs = complaint_by(d, "normal");
	major = complaint_by(d, "major");
	desk_close(d);
	return 0;
}

static int cleanup(void **state)
{
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	char p[128];
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", db, suffixes[i]);
		unlink(p);
	}
	rmdir(dir);
	return teardown(state);
}

static int audit_rows(void *ctx, const struct cd_audit *a)
{
	int *n = ctx;
	*n += strcmp(a->kind, "denied") == 0;
	return 0;
}

static int denied(void)
{
	struct cd_desk *d = as("admin");
	struct cd_err err;
	int n = 0;
	assert_int_equal(desk_audit_list(d, CD_TIME_NONE, CD_TIME_NONE, audit_rows, &n, &err), 0);
	desk_close(d);
	return n;
}

static void roles_severities_sites(void **state)
{
	(void)state;
	struct cd_err err;
	struct cd_complaint c;
	struct cd_desk *d = as("zhang");
	assert_int_equal(desk_get(d, major, DESK_LISTED, &c, NULL, &err), 0);
	/* Frontline staff close normal complaints, not major ones. */
	assert_int_equal(desk_may(d, PERM_CLOSE, &c, &err), -1);
	assert_int_equal(err.code, CD_EPERM);
	assert_non_null(strstr(err.msg, "severity"));
	cd_complaint_free(&c);
	assert_int_equal(desk_get(d, zhangs, DESK_LISTED, &c, NULL, &err), 0);
	assert_int_equal(desk_may(d, PERM_CLOSE, &c, &err), 0);
	assert_int_equal(desk_may(d, PERM_EXPORT, NULL, &err), -1);
	cd_complaint_free(&c);
	/* A remedy within the limit is given; above it, held for approval. */
	assert_true(desk_limit(d, "gift") == 5000);
	assert_true(desk_limit(d, "refund") == 10000);
	const struct cd_item *who = desk_approver_role(d, "refund", 80000);
	assert_non_null(who);
	assert_string_equal(who->id, "station_manager");
	assert_null(desk_approver_role(d, "refund", (cd_money)3000000));
	desk_close(d);
	/* Someone at another site cannot even look, and the refusal is kept. */
	int before = denied();
	d = as("east");
	assert_int_equal(desk_get(d, wangs, DESK_OPENED, &c, NULL, &err), -1);
	assert_int_equal(err.code, CD_EPERM);
	assert_non_null(strstr(err.msg, "station-02"));
	int64_t n;
	struct cd_filter f;
	cd_filter_init(&f);
	f.state = "all";
	assert_int_equal(desk_count(d, &f, &n, &err), 0);
	assert_int_equal(n, 0);
	desk_close(d);
	assert_int_equal(denied(), before + 1);
}

static void masks(void **state)
{
	struct cd_desk *d = as("zhang");
	struct cd_complaint c;
	struct cd_err err;
	(void)state;
	/* Opened: whole to its owner, masked to others without personal_data. */
	assert_int_equal(desk_get(d, zhangs, DESK_OPENED, &c, NULL, &err), 0);
	assert_string_equal(c.phone, "13812345678");
	cd_complaint_free(&c);
	assert_int_equal(desk_get(d, wangs, DESK_OPENED, &c, NULL, &err), 0);
	assert_string_equal(c.phone, "138****5678");
	assert_string_equal(c.customer, "张*");
	assert_string_equal(c.plate, "沪A***45");
	cd_complaint_free(&c);
	/* Listed: masked even to the owner. */
	assert_int_equal(desk_get(d, zhangs, DESK_LISTED, &c, NULL, &err), 0);
	assert_string_equal(c.phone, "138****5678");
	cd_complaint_free(&c);
	/* The timeline hides what the record hides. */
	struct cd_clocks k;
	struct cd_events ev;
	assert_int_equal(desk_show(d, wangs, "cli", 1, &c, &k, &ev, &err), 0);
	assert_string_equal(ev.v[0].kind, "received");
	assert_null(strstr(ev.v[0].data, "13812345678"));
	assert_non_null(strstr(ev.v[0].data, "138****5678"));
	cd_events_free(&ev);
	cd_clocks_free(&k);
	cd_complaint_free(&c);
	desk_close(d);
	/* A station manager has personal_data: whole when opened. */
	d = as("wang");
	assert_int_equal(desk_get(d, zhangs, DESK_OPENED, &c, NULL, &err), 0);
	assert_string_equal(c.phone, "13812345678");
	cd_complaint_free(&c);
	desk_close(d);
}

static void refusals_change_nothing(void **state)
{
	(void)state;
	struct cd_err err;
	struct cd_action a;
	struct cd_complaint before, after;
	struct cd_desk *d = as("zhang");
	assert_int_equal(desk_get(d, major, DESK_LISTED, &before, NULL, &err), 0);
	cd_action_init(&a, ACT_STEP);
	a.step = STEP_RESOLVE;
	assert_int_equal(desk_act(d, major, &a, &err), -1);
	assert_int_equal(err.code, CD_EPERM);
	assert_int_equal(desk_get(d, major, DESK_LISTED, &after, NULL, &err), 0);
	assert_int_equal(after.state, before.state);
	assert_true(after.updated_at == before.updated_at);
	cd_complaint_free(&before);
	cd_complaint_free(&after);
	/* A refund above the limit waits for a station manager. */
	cd_action_init(&a, ACT_REMEDY);
	a.how = "refund";
	a.amount = 80000;
	a.agreed = 1;
	assert_int_equal(desk_act(d, zhangs, &a, &err), 0);
	assert_int_equal(desk_get(d, zhangs, DESK_LISTED, &after, NULL, &err), 0);
	struct cd_pending p;
	assert_int_equal(desk_pending(d, &after, &p, &err), 1);
	assert_true(p.amount == 80000);
	assert_true(p.requester_limit == 10000);
	assert_string_equal(p.approver->id, "station_manager");
	assert_string_equal(p.requester_role->id, "frontline");
	/* She cannot approve her own request. */
	cd_action_init(&a, ACT_APPROVE);
	assert_int_equal(desk_act(d, zhangs, &a, &err), -1);
	assert_int_equal(err.code, CD_EPERM);
	cd_complaint_free(&after);
	desk_close(d);
	d = as("wang");
	assert_int_equal(desk_act(d, zhangs, &a, &err), 0);
	assert_int_equal(desk_get(d, zhangs, DESK_LISTED, &after, NULL, &err), 0);
	assert_int_equal(desk_pending(d, &after, &p, &err), 0);
	cd_complaint_free(&after);
	desk_close(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roles_severities_sites),
		cmocka_unit_test(masks),
		cmocka_unit_test(refusals_change_nothing),
	};
	cfg_text = cd_default_config;
	return cmocka_run_group_tests_name("desk", tests, people, cleanup);
}
