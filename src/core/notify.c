/* Notifications, the pure part: recipients, quiet hours, back-off, the
 * text in the recipient's language, and each channel's bytes. */
#define _GNU_SOURCE
#include "cdesk/notify.h"
#include "cdesk/calendar.h"
#include "cdesk/i18n.h"
#include "cdesk/report.h"
#include "cdesk/sla.h"
#include "cdesk/workflow.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* A text on one line for a subject: control characters (line breaks
 * above all: a subject is a mail header) as spaces, cut at a character
 * boundary to at most max bytes and an ellipsis. Returns a malloc'ed
 * string. */
static char *one_line(const char *s, size_t max)
{
	size_t n = strlen(s);
	int cut = n > max;
	if (cut) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	char *flat = xasprintf("%.*s%s", (int)n, s, cut ? "…" : "");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)flat[i] < 0x20 || flat[i] == 0x7f)
			flat[i] = ' ';
	return flat;
}

static const char *const kind_ids[] = {"webhook", "wecom", "dingtalk", "feishu", "email"};

const char *notify_kind_id(enum cd_chan_kind k) { return kind_ids[k]; }

int notify_kind_of(const char *id)
{
	for (int i = 0; i < 5; i++)
		if (id && strcmp(id, kind_ids[i]) == 0)
			return i;
	return -1;
}

void cd_message_free(struct cd_message *m)
{
	free(m->kind);
	free(m->cause);
	free(m->recipient);
	free(m->channel);
	free(m->address);
	free(m->lang);
	free(m->subject);
	free(m->body);
	free(m->state);
	free(m->last_error);
	free(m->attachment);
	memset(m, 0, sizeof *m);
}

void cd_notify_free(struct cd_notify *n)
{
	for (size_t i = 0; i < n->nchannels; i++) {
		struct cd_notify_channel *ch = &n->channels[i];
		free(ch->id);
		free(ch->url);
		free(ch->token);
		free(ch->secret);
		free(ch->language);
		sl_free(&ch->to);
		sl_free(&ch->roles);
		sl_free(&ch->sites);
	}
	free(n->channels);
	free(n->language);
	free(n->secrets_file);
	free(n->ca_file);
	free(n->smtp_url);
	free(n->smtp_from);
	free(n->smtp_user);
	free(n->smtp_password);
	sl_free(&n->urgent_warnings);
	free(n->sendmail);
	sl_free(&n->digest_roles);
	sl_free(&n->report_roles);
	memset(n, 0, sizeof *n);
}

void notify_recipients_free(struct cd_recipients *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].name);
		free(r->v[i].channel);
		free(r->v[i].address);
		free(r->v[i].lang);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

static void push(struct cd_recipients *r, const char *name, enum cd_chan_kind kind, const char *address,
		 const char *lang)
{
	r->v = xreallocarray(r->v, r->n + 1, sizeof *r->v);
	struct cd_recipient *x = &r->v[r->n++];
	x->name = xstrdup(name);
	x->channel = xstrdup(notify_kind_id(kind));
	x->address = xstrdup(address ? address : "");
	x->lang = xstrdup(lang);
}

const char *notify_default_lang(const struct cd_config *cfg)
{
	if (cfg->notify.language)
		return cfg->notify.language;
	return cfg->language ? cfg->language : cd_lang();
}

void notify_add_user(const struct cd_config *cfg, struct cd_recipients *r, const struct cd_user *u)
{
	if (u->disabled)
		return;
	const char *lang = !str_empty(u->lang) ? u->lang : notify_default_lang(cfg);
	if (!str_empty(u->email) && (cfg->notify.smtp_url || cfg->notify.sendmail))
		push(r, u->name, CH_EMAIL, u->email, lang);
	if (!str_empty(u->webhook))
		push(r, u->name, CH_WEBHOOK, u->webhook, lang);
}

static int listed(const struct strlist *l, const char *v)
{
	return l->n == 0 || (v && sl_has(l, v));
}

void notify_add_channel(const struct cd_config *cfg, struct cd_recipients *r, const struct cd_notify_channel *ch)
{
	const char *lang = ch->language ? ch->language : notify_default_lang(cfg);
	if (ch->kind != CH_EMAIL) {
		push(r, ch->id, ch->kind, "", lang);
		return;
	}
	for (size_t j = 0; j < ch->to.n; j++)
		push(r, ch->id, CH_EMAIL, ch->to.v[j], lang);
}

void notify_add_channels(const struct cd_config *cfg, struct cd_recipients *r, const char *role, const char *site)
{
	for (size_t i = 0; i < cfg->notify.nchannels; i++) {
		const struct cd_notify_channel *ch = &cfg->notify.channels[i];
		if (listed(&ch->roles, role) && listed(&ch->sites, site))
			notify_add_channel(cfg, r, ch);
	}
}

int notify_user_is(const struct cd_user *u, const char *role, const char *site)
{
	if (!u->role || !role || strcmp(u->role, role) != 0)
		return 0;
	if (!u->sites || strcmp(u->sites, "*") == 0)
		return 1;
	size_t n = strlen(site);
	for (const char *p = u->sites; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, site, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

cd_time notify_due(const struct cd_config *cfg, const char *tz, cd_time now, int urgent)
{
	return urgent ? now : cal_next_open(&cfg->cal, tz, now);
}

int notify_warning_urgent(const struct cd_config *cfg, const char *clock)
{
	return sl_has(&cfg->notify.urgent_warnings, clock);
}

cd_time notify_retry_at(const struct cd_config *cfg, cd_time now, int attempts)
{
	if (attempts >= cfg->notify.max_attempts)
		return CD_TIME_NONE;
	int64_t wait = 60;
	for (int i = 1; i < attempts && wait < cfg->notify.retry_max; i++)
		wait *= 2;
	return now + (wait < cfg->notify.retry_max ? wait : cfg->notify.retry_max);
}

/* The label of an id in a list, in the language in use. */
static const char *label(const struct cd_list *l, const char *id)
{
	const struct cd_item *it = id ? cd_list_find(l, id) : NULL;
	return it ? cd_label_text(&it->name, it->id) : id ? id : "";
}

static void about(const struct cd_config *cfg, const struct cd_complaint *c, struct strbuf *b)
{
	char t[32];
	const char *tz = cd_site_tz(cfg, c->site);
	/* TRANSLATORS: a message's line about its complaint: id, site, channel,
	 * category, when received. */
	sb_printf(b, _("Complaint #%lld at %s (%s, %s), received %s."), (long long)c->id,
		  label(&cfg->sites, c->site), label(&cfg->channels, c->channel),
		  c->category ? label(&cfg->categories, c->category) : _("no category"),
		  cd_format_short(c->received_at, tz, t));
	sb_printf(b, "\n");
	sb_printf(b, _("Owner: %s. State: %s."), c->owner, cd_state_label(c->state));
	sb_printf(b, "\n");
}

void notify_render(const struct cd_config *cfg, const struct cd_notice *n, const char *lang, char **subject,
		   char **body)
{
	char was[8], t[32];
	snprintf(was, sizeof was, "%s", cd_lang());
	cd_i18n_init(lang);
	const struct cd_complaint *c = n->c;
	const char *tz = cd_site_tz(cfg, c->site);
	struct strbuf s, b;
	sb_init(&s);
	sb_init(&b);
	if (n->warning) {
		const char *clock = sla_clock_label(cfg, n->clock);
		sb_printf(&s, _("[cdesk] Complaint #%lld: \"%s\" falls due at %s"), (long long)c->id, clock,
			  cd_format_short(n->clock->due, tz, t));
		sb_printf(&b, _("The deadline \"%s\" of complaint #%lld falls due at %s."), clock, (long long)c->id,
			  cd_format_short(n->clock->due, tz, t));
		sb_printf(&b, "\n");
		about(cfg, c, &b);
		sb_printf(&b, "%s\n", _("Please act before the deadline passes, or it is escalated."));
	} else {
		const struct cd_rule *rule = NULL;
		for (size_t i = 0; n->rule && i < cfg->nrules; i++)
			if (strcmp(cfg->rules[i].id, n->rule) == 0)
				rule = &cfg->rules[i];
		/* By a rule, by hand (a reason is required), or for an approval. */
		const char *why = rule ? cd_label_text(&rule->name, rule->id) : n->note ? n->note
				  : c->awaiting ? _("a remedy awaits approval within your limit")
				  : _("escalated by hand");
		char *line = one_line(why, 80);
		sb_printf(&s, _("[cdesk] Complaint #%lld escalated to %s: %s"), (long long)c->id,
			  label(&cfg->roles, n->role), line);
		free(line);
		sb_printf(&b, _("Complaint #%lld is escalated to %s (level %d): %s"), (long long)c->id,
			  label(&cfg->roles, n->role), n->level, why);
		sb_printf(&b, "\n");
		about(cfg, c, &b);
		if (n->clock) {
			sb_printf(&b, _("Deadline \"%s\": due %s."), sla_clock_label(cfg, n->clock),
				  cd_format_short(n->clock->due, tz, t));
			sb_printf(&b, "\n");
		}
	}
	*subject = s.s ? s.s : xstrdup("");
	*body = b.s ? b.s : xstrdup("");
	cd_i18n_init(was);
}

char *notify_payload(const struct cd_message *m, enum cd_chan_kind kind, long long ts_sec, const char *sign)
{
	json_t *o;
	char *md = xasprintf("### %s\n\n%s", m->subject, m->body);
	switch (kind) {
	case CH_WECOM:
		o = json_pack("{s:s,s:{s:s}}", "msgtype", "markdown", "markdown", "content", md);
		break;
	case CH_DINGTALK:
		o = json_pack("{s:s,s:{s:s,s:s}}", "msgtype", "markdown", "markdown", "title", m->subject, "text", md);
		break;
	case CH_FEISHU: {
		char *text = xasprintf("%s\n%s", m->subject, m->body);
		o = json_pack("{s:s,s:{s:s}}", "msg_type", "text", "content", "text", text);
		free(text);
		if (sign) {
			char ts[24];
			snprintf(ts, sizeof ts, "%lld", ts_sec);
			json_object_set_new(o, "timestamp", json_string(ts));
			json_object_set_new(o, "sign", json_string(sign));
		}
		break;
	}
	default:
		o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "message", (json_int_t)m->id, "complaint",
			      (json_int_t)m->complaint_id, "kind", m->kind, "cause", m->cause, "recipient",
			      m->recipient, "lang", m->lang, "subject", m->subject, "body", m->body);
		break;
	}
	free(md);
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

static char *b64(const unsigned char *b, size_t n)
{
	size_t len = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	char *out = xmalloc(len);
	sodium_bin2base64(out, len, b, n, sodium_base64_VARIANT_ORIGINAL);
	return out;
}

static char *hmac_b64(const char *key, const char *msg)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	if (sodium_init() < 0)
		cd_fatal("libsodium cannot start");
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, strlen(key));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_final(&st, mac);
	return b64(mac, sizeof mac);
}

char *notify_dingtalk_sign(const char *secret, long long ts_ms)
{
	char *msg = xasprintf("%lld\n%s", ts_ms, secret);
	char *sig = hmac_b64(secret, msg);
	free(msg);
	struct strbuf u;
	sb_init(&u);
	for (const char *p = sig; *p; p++)
		if (*p == '+' || *p == '/' || *p == '=')
			sb_printf(&u, "%%%02X", (unsigned char)*p);
		else
			sb_printf(&u, "%c", *p);
	free(sig);
	return u.s;
}

char *notify_feishu_sign(const char *secret, long long ts_sec)
{
	char *key = xasprintf("%lld\n%s", ts_sec, secret);
	char *sig = hmac_b64(key, "");
	free(key);
	return sig;
}

/* The Subject header: always RFC 2047 encoded words of at most 45 bytes
 * (60 characters of base64), never a UTF-8 character split, folded one
 * per line, so nothing in the text can end the header or make a line too
 * long, whatever was typed. */
static void subject_header(struct strbuf *b, const char *subject)
{
	char *line = one_line(subject, 200);
	size_t n = strlen(line), i = 0;
	sb_printf(b, "Subject:");
	while (i < n || i == 0) {
		size_t take = n - i > 45 ? 45 : n - i;
		while (take > 0 && i + take < n && ((unsigned char)line[i + take] & 0xc0) == 0x80)
			take--;
		char *e = b64((const unsigned char *)line + i, take);
		sb_printf(b, "%s=?UTF-8?B?%s?=", i ? "\r\n " : " ", e);
		free(e);
		i += take;
		if (take == 0)
			break;
	}
	sb_printf(b, "\r\n");
	free(line);
}

/* The headers every mail has, up to MIME-Version. */
static void mail_head(struct strbuf *b, const struct cd_message *m, const char *from, cd_time at)
{
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	int32_t day = (int32_t)(at >= 0 ? at / 86400 : (at - 86399) / 86400);
	int sod = (int)(at - (cd_time)day * 86400), y, mo, d;
	cd_civil_from_days(day, &y, &mo, &d);
	sb_printf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", wd[cd_weekday(day)], d, mon[mo - 1], y,
		  sod / 3600, sod / 60 % 60, sod % 60);
	sb_printf(b, "From: <%s>\r\nTo: <%s>\r\n", from, m->address);
	sb_printf(b, "Message-ID: <cdesk-%lld-%lld@cdesk>\r\n", (long long)m->id, (long long)m->created_at);
	subject_header(b, m->subject);
	sb_printf(b, "Content-Language: %s\r\nMIME-Version: 1.0\r\n", strcmp(m->lang, "zh_CN") == 0 ? "zh-CN" : "en");
}

/* text as base64 lines of 76 characters. */
static void b64_lines(struct strbuf *b, const char *text)
{
	char *e = b64((const unsigned char *)text, strlen(text));
	for (size_t i = 0, n = strlen(e); i < n; i += 76)
		sb_printf(b, "%.76s\r\n", e + i);
	free(e);
}

char *notify_mail(const struct cd_message *m, const char *from, cd_time at)
{
	struct strbuf b;
	sb_init(&b);
	mail_head(&b, m, from, at);
	sb_printf(&b, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
	b64_lines(&b, m->body);
	return b.s;
}

char *notify_mail_with(const struct cd_message *m, const char *from, cd_time at, const char *name)
{
	struct strbuf b;
	sb_init(&b);
	mail_head(&b, m, from, at);
	/* A boundary base64 never makes ('=' in the middle, '_' and '.'), so
	 * no part can contain it. */
	char boundary[64];
	snprintf(boundary, sizeof boundary, "=_cdesk.%lld.%lld", (long long)m->id, (long long)m->created_at);
	sb_printf(&b, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n", boundary);
	sb_printf(&b, "This is a message in MIME format.\r\n");
	sb_printf(&b, "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
		  boundary);
	b64_lines(&b, m->body);
	sb_printf(&b, "--%s\r\nContent-Type: text/html; charset=UTF-8; name=\"%s\"\r\n"
		      "Content-Disposition: attachment; filename=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n",
		  boundary, name, name);
	b64_lines(&b, m->attachment ? m->attachment : "");
	sb_printf(&b, "--%s--\r\n", boundary);
	return b.s;
}

char *notify_address_shown(const char *address)
{
	const char *host = strstr(address, "://");
	if (!host || strncmp(address, "http", 4) != 0)
		return xstrdup(address);
	host += 3;
	const char *end = host + strcspn(host, "/?#");
	const char *at = memchr(host, '@', (size_t)(end - host));
	const char *from = at ? at + 1 : host;
	size_t keep = strcspn(from, "?#");
	int hidden = at || from[keep];
	return xasprintf("%.*s%.*s%s", (int)(host - address), address, (int)keep, from, hidden ? "?…" : "");
}

int notify_warning_moot(const struct cd_config *cfg, const char *tz, const struct cd_clocks *k, const char *cause,
			cd_time now)
{
	const char *dash = strrchr(cause, '-');
	if (!dash)
		return 0;
	size_t len = (size_t)(dash - cause);
	char *end;
	long seq = strtol(dash + 1, &end, 10);
	if (end == dash + 1 || *end)
		return 0;
	for (size_t i = 0; i < k->n; i++) {
		const struct cd_clock *c = &k->v[i];
		if (strlen(c->kind) != len || strncmp(c->kind, cause, len) != 0 || c->seq != seq)
			continue;
		cd_time at;
		enum cd_clock_status s = sla_status(cfg, tz, c, now, &at);
		return s == CS_MET || s == CS_STOPPED;
	}
	return 0;
}

const char *notify_state_word(const char *state)
{
	if (strcmp(state, "sent") == 0)
		return _("sent");
	if (strcmp(state, "moot") == 0)
		return _("not sent: the deadline was met first");
	if (strcmp(state, "failed") == 0)
		return _("given up");
	if (strcmp(state, "sending") == 0)
		return _("being sent");
	return _("waiting");
}

char *notify_describe(const struct cd_message *m, const char *tz)
{
	char t[32];
	struct strbuf b;
	sb_init(&b);
	/* TRANSLATORS: a message in a complaint's list: what, to whom, over what. */
	char *where = notify_address_shown(m->address);
	const char *kind = strcmp(m->kind, "warning") == 0 ? _("warning")
			   : strcmp(m->kind, "digest") == 0 ? _("digest")
			   : strcmp(m->kind, "report") == 0 ? _("report")
							      : _("escalation");
	sb_printf(&b, _("%s to %s (%s%s%s): %s"), kind,
		  m->recipient, m->channel, *where ? " " : "", where, notify_state_word(m->state));
	free(where);
	if (strcmp(m->state, "sent") == 0 && m->sent_at != CD_TIME_NONE)
		sb_printf(&b, " %s", cd_format_short(m->sent_at, tz, t));
	else if (strcmp(m->state, "pending") == 0 || strcmp(m->state, "sending") == 0)
		sb_printf(&b, _(" (from %s)"), cd_format_short(m->next_at, tz, t));
	if (m->attempts > 0 && strcmp(m->state, "sent") != 0)
		sb_printf(&b, ngettext(", %d try", ", %d tries", (unsigned long)m->attempts), m->attempts);
	if (m->last_error && strcmp(m->state, "sent") != 0)
		sb_printf(&b, ": %s", m->last_error);
	return b.s;
}

void notify_render_digest(const struct cd_config *cfg, const struct cd_digest_line *v, size_t n, int32_t day,
			  const char *tz, cd_time now, const char *lang, char **subject, char **body)
{
	char was[8], t[32], d[16], span[32];
	snprintf(was, sizeof was, "%s", cd_lang());
	cd_i18n_init(lang);
	size_t late = 0;
	for (size_t i = 0; i < n; i++)
		late += v[i].due <= now;
	struct strbuf s, b;
	sb_init(&s);
	sb_init(&b);
	cd_format_day(day, d);
	/* TRANSLATORS: the daily digest's subject: the day, deadlines in all, how many late. */
	sb_printf(&s, ngettext("[cdesk] %s: %zu deadline today or overdue (%zu overdue)",
			       "[cdesk] %s: %zu deadlines today or overdue (%zu overdue)", (unsigned long)n),
		  d, n, late);
	sb_printf(&b, "%s\n\n", _("Your deadlines due today and those already passed, soonest first:"));
	for (size_t i = 0; i < n; i++) {
		const char *stz = cd_site_tz(cfg, v[i].site);
		/* TRANSLATORS: a digest line: complaint, customer (masked), the clock, when due. */
		sb_printf(&b, _("- Complaint #%lld, %s: \"%s\" due %s"), (long long)v[i].complaint,
			  v[i].customer ? v[i].customer : "", sla_clock_label(cfg, &v[i].clock),
			  cd_format_short(v[i].due, stz, t));
		if (v[i].due <= now)
			/* TRANSLATORS: how late a deadline in the digest is: "3h 05m". */
			sb_printf(&b, _(", %s late"), cd_format_span(now - v[i].due, span));
		sb_printf(&b, "\n");
	}
	(void)tz;
	*subject = s.s ? s.s : xstrdup("");
	*body = b.s ? b.s : xstrdup("");
	cd_i18n_init(was);
}

void notify_render_report(const struct cd_config *cfg, const struct cd_report *r, const char *lang, char **subject,
			  char **body)
{
	char was[8], per[64], val[48], chg[48];
	(void)cfg;
	snprintf(was, sizeof was, "%s", cd_lang());
	cd_i18n_init(lang);
	struct strbuf s, b;
	sb_init(&s);
	sb_init(&b);
	report_period_text(&r->q, per);
	const char *where = r->site_label ? r->site_label : _("every site");
	/* TRANSLATORS: the monthly report's subject: the month, the site(s). */
	sb_printf(&s, _("[cdesk] Complaint analysis %s, %s"), per, where);
	sb_printf(&b, _("The complaint analysis of %s (%s). The whole report is attached (HTML)."), per, where);
	sb_printf(&b, "\n\n");
	for (size_t i = 0; i < r->nfigures && i < 8; i++) {
		const struct rp_figure *f = &r->figures[i];
		int verdict;
		report_format_value(f->fmt, &f->cur, val);
		report_format_change(f->fmt, f->better, &f->cur, &f->prev, &verdict, chg);
		sb_printf(&b, "- %s: %s%s%s%s\n", f->label, val, *chg ? " (" : "", chg, *chg ? ")" : "");
	}
	*subject = s.s ? s.s : xstrdup("");
	*body = b.s ? b.s : xstrdup("");
	cd_i18n_init(was);
}
