/* Notifications, the pure part: quiet hours, back-off, who is reached,
 * the configuration of channels and secrets, robots' signatures, text. */
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

#include "cdesk/calendar.h"
#include "cdesk/i18n.h"
#include "cdesk/notify.h"

#define BASE                                                                     \
	"timezone: Asia/Shanghai\n"                                              \
	"sites: [{id: s1}, {id: s2}]\n"                                          \
	"channels: [{id: phone}]\n"                                              \
	"categories: [{id: c1}]\n"                                               \
	"severities: [{id: normal}, {id: major}]\n"                              \
	"roles: [{id: clerk}, {id: manager}]\n"                                  \
	"remedies: [{id: refund}]\n"                                             \
	"calendar:\n"                                                            \
	"  business_hours: {start: \"09:00\", end: \"18:00\"}\n"                 \
	"  holidays: [{from: 2026-10-01, to: 2026-10-07}]\n"                     \
	"  working_days: [2026-10-10]\n"                                         \
	"clocks:\n"                                                              \
	"  contact: {within: 2h, warn_before: 30m, starts: [received], met_by: [contact]}\n"

static const char *const YAML = BASE
	"notify:\n"
	"  max_attempts: 4\n"
	"  retry_max: 5m\n"
	"  language: en\n"
	"  urgent_warnings: [contact]\n"
	"  smtp: {url: \"smtps://mail.example:465\", from: desk@example.com, password: env:PW}\n"
	"  channels:\n"
	"    - {id: mgr-s1, kind: dingtalk, url: \"https://robot.example/send\", token: env:T, secret: file:S,\n"
	"       roles: [manager], sites: [s1], language: zh_CN}\n"
	"    - {id: all-mail, kind: email, to: [a@example.com, b@example.com]}\n"
	"    - {id: s2-hook, kind: webhook, url: \"http://hook.example/\", sites: s2}\n";

static void quiet_hours(void **state)
{
	(void)state;
	/* Within business hours on a working day: at once. */
	assert_time(cal_next_open(&cfg->cal, TZ, T("2026-11-02T10:00")), "2026-11-02T10:00:00+08:00");
	/* Before the opening: that day's opening. */
	assert_time(cal_next_open(&cfg->cal, TZ, T("2026-11-02T07:00")), "2026-11-02T09:00:00+08:00");
	/* Sunday 03:00 and Friday after closing: Monday's. */
	assert_time(cal_next_open(&cfg->cal, TZ, T("2026-11-01T03:00")), "2026-11-02T09:00:00+08:00");
	assert_time(cal_next_open(&cfg->cal, TZ, T("2026-11-06T18:00")), "2026-11-09T09:00:00+08:00");
	/* The National Day week waits for the swapped working Saturday. */
	assert_time(cal_next_open(&cfg->cal, TZ, T("2026-09-30T19:00")), "2026-10-08T09:00:00+08:00");
	assert_time(cal_next_open(&cfg->cal, TZ, T("2026-10-09T19:00")), "2026-10-10T09:00:00+08:00");
	/* An urgent message goes at once. */
	assert_time(notify_due(cfg, TZ, T("2026-11-01T03:00"), 1), "2026-11-01T03:00:00+08:00");
	assert_time(notify_due(cfg, TZ, T("2026-11-01T03:00"), 0), "2026-11-02T09:00:00+08:00");
	assert_true(notify_warning_urgent(cfg, "contact"));
	assert_false(notify_warning_urgent(cfg, "feedback"));
}

static void back_off(void **state)
{
	(void)state;
	cd_time t = T("2026-11-02T10:00");
	assert_int_equal(notify_retry_at(cfg, t, 1) - t, 60);
	assert_int_equal(notify_retry_at(cfg, t, 2) - t, 120);
	assert_int_equal(notify_retry_at(cfg, t, 3) - t, 240);
	/* The fourth try is the last (max_attempts 4); with more, capped at 5m. */
	assert_int_equal(notify_retry_at(cfg, t, 4), CD_TIME_NONE);
	cfg->notify.max_attempts = 10;
	assert_int_equal(notify_retry_at(cfg, t, 4) - t, 300);
	assert_int_equal(notify_retry_at(cfg, t, 9) - t, 300);
	cfg->notify.max_attempts = 4;
}

static void who_is_reached(void **state)
{
	(void)state;
	struct cd_user wang = {0}, li = {0};
	char w[] = "wang", l[] = "li", mgr[] = "manager", ws[] = "s1,s3", all[] = "*", we[] = "wang@example.com",
	     lw[] = "https://li.example/", zh[] = "zh_CN";
	wang.name = w, wang.role = mgr, wang.sites = ws, wang.email = we;
	li.name = l, li.role = mgr, li.sites = all, li.webhook = lw, li.lang = zh;
	assert_true(notify_user_is(&wang, "manager", "s1"));
	assert_true(notify_user_is(&wang, "manager", "s3"));
	assert_false(notify_user_is(&wang, "manager", "s"));
	assert_false(notify_user_is(&wang, "clerk", "s1"));
	assert_true(notify_user_is(&li, "manager", "s2"));
	struct cd_recipients r = {0};
	notify_add_user(cfg, &r, &wang);
	notify_add_user(cfg, &r, &li);
	wang.disabled = 1;
	notify_add_user(cfg, &r, &wang);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0].channel, "email");
	assert_string_equal(r.v[0].lang, "en"); /* notify.language */
	assert_string_equal(r.v[1].channel, "webhook");
	assert_string_equal(r.v[1].address, "https://li.example/");
	assert_string_equal(r.v[1].lang, "zh_CN");
	notify_recipients_free(&r);
	/* Channels: the manager robot of s1, both addresses of the mail list. */
	notify_add_channels(cfg, &r, "manager", "s1");
	assert_int_equal(r.n, 3);
	assert_string_equal(r.v[0].name, "mgr-s1");
	assert_string_equal(r.v[0].lang, "zh_CN");
	assert_string_equal(r.v[2].address, "b@example.com");
	notify_recipients_free(&r);
	/* A clerk's escalation at s2: the mail list and the s2 webhook. */
	notify_add_channels(cfg, &r, "clerk", "s2");
	assert_int_equal(r.n, 3);
	assert_string_equal(r.v[2].name, "s2-hook");
	notify_recipients_free(&r);
}

static void refuse(const char *notify, const char *where, const char *what)
{
	char *text = xasprintf("%s%s", BASE, notify);
	struct cd_err err;
	struct cd_config *c = cd_config_parse(text, strlen(text), "n.yaml", &err);
	free(text);
	if (c)
		fail_msg("accepted: %s", notify);
	if (!strstr(err.msg, where) || !strstr(err.msg, what))
		fail_msg("%s: got '%s', want %s … %s", notify, err.msg, where, what);
}

static void channels_checked(void **state)
{
	(void)state;
	refuse("notify:\n  channels:\n    - {id: r, kind: wecom, url: \"https://x/\", token: key123}\n",
	       "n.yaml:16:", "a secret is not written here");
	refuse("notify:\n  channels:\n    - {id: r, kind: pager, url: \"https://x/\"}\n", "n.yaml:16:21:",
	       "expected webhook, wecom, dingtalk, feishu or email, found 'pager'");
	refuse("notify:\n  channels:\n    - {id: r, kind: email, to: [x@y.z]}\n", "n.yaml:15:3:",
	       "there is no notify.smtp");
	refuse("notify:\n  channels:\n    - {id: r, kind: webhook, url: \"ftp://x/\"}\n", "n.yaml:16:",
	       "expected a URL starting with https:// or http://");
	refuse("notify:\n  channels:\n    - {id: r, kind: webhook, url: \"http://x/\", roles: [boss]}\n",
	       "n.yaml:16:", "unknown role 'boss'");
	refuse("notify:\n  channels:\n    - {id: r, kind: wecom, url: \"http://x/\", secret: env:S}\n", "n.yaml:16:",
	       "only dingtalk and feishu robots sign");
	refuse("notify:\n  urgent_warnings: [nope]\n", "n.yaml:15:", "unknown clock 'nope'");
	refuse("notify:\n  smtp: {url: \"smtp://m/\", from: x@y.z, password: hunter2}\n", "n.yaml:15:",
	       "a secret is not written here");
}

static void signatures(void **state)
{
	(void)state;
	/* Both checked against Python's hmac and base64. */
	char *s = notify_dingtalk_sign("SEC-test-123", 1700000000000LL);
	assert_string_equal(s, "H7mNhVUaIArye3ZFTjgoB5tQyxpxBZWvTU7bFOgzdfA%3D");
	free(s);
	s = notify_feishu_sign("SEC-test-123", 1700000000LL);
	assert_string_equal(s, "wQNbmLVVm2e8/JMxbsmcL4aLFJfpnKJMHLhO1o9hjbE=");
	free(s);
}

static void robot_bodies_and_mail(void **state)
{
	(void)state;
	struct cd_message m = {0};
	m.id = 7, m.complaint_id = 3;
	char kind[] = "escalation", cause[] = "contact-late", who[] = "wang", ch[] = "email",
	     to[] = "wang@example.com", lang[] = "zh_CN", subj[] = "投诉 #3", body[] = "内容\n";
	m.kind = kind, m.cause = cause, m.recipient = who, m.channel = ch;
	m.address = to, m.lang = lang, m.subject = subj, m.body = body;
	m.created_at = T("2026-11-02T11:00");
	char *p = notify_payload(&m, CH_WECOM, 0, NULL);
	assert_string_equal(p, "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"### 投诉 #3\\n\\n内容\\n\"}}");
	free(p);
	p = notify_payload(&m, CH_FEISHU, 1700000000LL, "SIG");
	assert_non_null(strstr(p, "\"timestamp\":\"1700000000\""));
	assert_non_null(strstr(p, "\"sign\":\"SIG\""));
	free(p);
	p = notify_payload(&m, CH_WEBHOOK, 0, NULL);
	assert_non_null(strstr(p, "\"complaint\":3"));
	assert_non_null(strstr(p, "\"cause\":\"contact-late\""));
	free(p);
	char *mail = notify_mail(&m, "desk@example.com", m.created_at);
	assert_non_null(strstr(mail, "Date: Mon, 02 Nov 2026 03:00:00 +0000\r\n"));
	assert_non_null(strstr(mail, "To: <wang@example.com>\r\n"));
	assert_non_null(strstr(mail, "Subject: =?UTF-8?B?5oqV6K+JICMz?=\r\n"));
	assert_non_null(strstr(mail, "\r\n\r\n5YaF5a65Cg==\r\n"));
	free(mail);
}

static void text_in_the_recipients_language(void **state)
{
	(void)state;
	struct cd_complaint c;
	cd_complaint_init(&c);
	char site[] = "s1", phone[] = "phone", owner[] = "zhang", number[] = "13812345678", name[] = "张三";
	c.id = 12, c.site = site, c.channel = phone, c.owner = owner, c.received_at = T("2026-11-02T09:00");
	c.phone = number, c.customer = name;
	struct cd_clock k = {0};
	snprintf(k.kind, sizeof k.kind, "contact");
	k.seq = 1, k.due = T("2026-11-02T11:00");
	struct cd_notice n = {&c, 1, &k, NULL, NULL, 0, NULL};
	char *subject, *body;
	cd_i18n_init("en");
	notify_render(cfg, &n, "zh_CN", &subject, &body);
	assert_string_equal(cd_lang(), "en"); /* restored */
	assert_non_null(strstr(subject, "投诉 #12"));
	assert_non_null(strstr(body, "2026-11-02 11:00"));
	assert_null(strstr(body, "13812345678"));
	assert_null(strstr(body, "张三"));
	free(subject);
	free(body);
	struct cd_notice e = {&c, 0, NULL, NULL, "manager", 2, "客户情绪激动"};
	notify_render(cfg, &e, "en", &subject, &body);
	assert_string_equal(subject, "[cdesk] Complaint #12 escalated to manager: 客户情绪激动");
	assert_non_null(strstr(body, "(level 2)"));
	free(subject);
	free(body);
}

static void schedules_and_sendmail_checked(void **state)
{
	(void)state;
	refuse("notify:\n  monthly_report: {at: \"09:00\"}\n", "n.yaml:15:", "notify.monthly_report needs 'roles'");
	refuse("notify:\n  digest: {roles: [boss]}\n", "n.yaml:15:", "unknown role 'boss'");
	refuse("notify:\n  digest: {at: \"25:00\"}\n", "n.yaml:15:", "expected a time of day");
	refuse("notify:\n  sendmail: /usr/sbin/sendmail\n  smtp: {url: \"smtp://m/\", from: x@y.z}\n", "n.yaml:15:",
	       "either through notify.smtp or through notify.sendmail");
	refuse("notify:\n  from: x@y.z\n", "n.yaml:15:", "notify.from is the sender for notify.sendmail");
	refuse("notify:\n  sendmail: \"sendmail -t\"\n", "n.yaml:15:", "expected a program");
	const char *text = BASE "notify:\n  sendmail: msmtp\n  digest: {at: \"08:30\"}\n"
				"  monthly_report: {roles: [manager]}\n"
				"  channels: [{id: m, kind: email, to: [a@b.example]}]\n";
	struct cd_err err;
	struct cd_config *c = cd_config_parse(text, strlen(text), "n.yaml", &err);
	if (!c)
		fail_msg("%s", err.msg);
	assert_string_equal(c->notify.sendmail, "msmtp");
	assert_string_equal(c->notify.smtp_from, "cdesk@localhost");
	assert_true(c->notify.digest);
	assert_int_equal(c->notify.digest_at, 8 * 3600 + 30 * 60);
	assert_true(c->notify.report);
	assert_int_equal(c->notify.report_at, -1);
	assert_string_equal(c->notify.report_roles.v[0], "manager");
	/* Mail through sendmail reaches an account's e-mail. */
	struct cd_user u = {0};
	char name[] = "wang", email[] = "wang@example.com";
	u.name = name, u.email = email;
	struct cd_recipients r = {0};
	notify_add_user(c, &r, &u);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.v[0].channel, "email");
	notify_recipients_free(&r);
	cd_config_free(c);
}

static void a_report_mail_has_its_html_attached(void **state)
{
	(void)state;
	struct cd_message m = {0};
	m.id = 9, m.created_at = T("2026-11-02T09:00");
	char kind[] = "report", cause[] = "2026-10@s1", who[] = "wang", ch[] = "email", to[] = "wang@example.com",
	     lang[] = "en", subj[] = "[cdesk] Complaint analysis 2026-10", body[] = "Summary\n",
	     html[] = "<!DOCTYPE html><html>报告</html>\n";
	m.kind = kind, m.cause = cause, m.recipient = who, m.channel = ch;
	m.address = to, m.lang = lang, m.subject = subj, m.body = body, m.attachment = html;
	char *mail = notify_mail_with(&m, "desk@example.com", m.created_at, "cdesk-2026-10-s1.html");
	const char *b = "=_cdesk.9.1793581200";
	char *want = xasprintf("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n", b);
	assert_non_null(strstr(mail, want));
	free(want);
	want = xasprintf("--%s\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
			 "U3VtbWFyeQo=\r\n--%s\r\nContent-Type: text/html; charset=UTF-8; name=\"cdesk-2026-10-s1.html\"\r\n"
			 "Content-Disposition: attachment; filename=\"cdesk-2026-10-s1.html\"\r\n"
			 "Content-Transfer-Encoding: base64\r\n\r\n",
			 b, b);
	assert_non_null(strstr(mail, want));
	free(want);
	/* The HTML in base64, then the closing boundary. */
	assert_non_null(strstr(mail, "PCFET0NUWVBFIGh0bWw+PGh0bWw+5oql5ZGKPC9odG1sPgo=\r\n--=_cdesk.9.1793581200--\r\n"));
	/* The boundary is in no part: base64 has no '_' after '='. */
	assert_null(strstr(strstr(mail, "\r\n\r\n") + 4, "=_cdesk.9.1793581200\r\nX"));
	free(mail);
}

static void a_digest_in_the_recipients_language(void **state)
{
	(void)state;
	struct cd_digest_line v[2];
	memset(v, 0, sizeof v);
	char cust[] = "张*", site[] = "s1";
	for (int i = 0; i < 2; i++) {
		v[i].complaint = 3 + i, v[i].customer = cust, v[i].site = site;
		snprintf(v[i].clock.kind, sizeof v[i].clock.kind, "contact");
	}
	v[0].due = T("2026-11-02T08:00"), v[1].due = T("2026-11-02T15:00");
	int32_t day;
	int sod;
	cd_local(T("2026-11-02T09:30"), TZ, &day, &sod);
	char *subject, *body;
	cd_i18n_init("zh_CN");
	notify_render_digest(cfg, v, 2, day, TZ, T("2026-11-02T09:30"), "en", &subject, &body);
	assert_string_equal(cd_lang(), "zh_CN"); /* restored */
	assert_string_equal(subject, "[cdesk] 2026-11-02: 2 deadlines today or overdue (1 overdue)");
	assert_non_null(strstr(body, "- Complaint #3, 张*: \"contact\" due 2026-11-02 08:00, 1h 30m late\n"));
	assert_non_null(strstr(body, "- Complaint #4, 张*: \"contact\" due 2026-11-02 15:00\n"));
	free(subject);
	free(body);
	cd_i18n_init("en");
}

static void addresses_shown_without_their_keys(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"https://oapi.dingtalk.com/robot/send?access_token=SECRET", "https://oapi.dingtalk.com/robot/send?…"},
		{"http://user:pass@hooks.example/x", "http://hooks.example/x?…"},
		{"https://hooks.example/a/b", "https://hooks.example/a/b"},
		{"https://hooks.example#frag", "https://hooks.example?…"},
		{"wang@station.example", "wang@station.example"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *s = notify_address_shown(cases[i][0]);
		assert_string_equal(s, cases[i][1]);
		free(s);
	}
}

int main(void)
{
	cfg_text = YAML;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quiet_hours),
		cmocka_unit_test(back_off),
		cmocka_unit_test(who_is_reached),
		cmocka_unit_test(channels_checked),
		cmocka_unit_test(signatures),
		cmocka_unit_test(robot_bodies_and_mail),
		cmocka_unit_test(text_in_the_recipients_language),
		cmocka_unit_test(addresses_shown_without_their_keys),
		cmocka_unit_test(schedules_and_sendmail_checked),
		cmocka_unit_test(a_report_mail_has_its_html_attached),
		cmocka_unit_test(a_digest_in_the_recipients_language),
	};
	return cmocka_run_group_tests_name("notify", tests, setup, teardown);
}
