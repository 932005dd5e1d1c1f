/* Notifications: who a message reaches, when it may go (quiet hours follow
 * the calendar), what it says in the recipient's language, the back-off
 * between tries, and the bytes each channel expects (robot JSON, signed
 * DingTalk and Feishu requests, a mail). Pure: recording a message in the
 * outbox and sending it are the desk's (src/desk/notify.c, deliver.c). */
#ifndef CDESK_NOTIFY_H
#define CDESK_NOTIFY_H

#include "cdesk/complaint.h"
#include "cdesk/config.h"
#include "cdesk/people.h"

/* A row of the outbox. */
struct cd_message {
	int64_t id, complaint_id; /* complaint_id 0: about no one complaint (a digest, a report) */
	char *kind;          /* "warning", "escalation", "digest" or "report" */
	char *cause;         /* a rule id, "event-N" for an escalation by hand, "CLOCK-SEQ" for a warning,
				the day "2026-11-02" of a digest, the month "2026-10" (or "2026-10@SITE") of a report */
	char *recipient;     /* an account's name or a channel's id */
	char *channel;       /* email, webhook, wecom, dingtalk, feishu */
	char *address;       /* an e-mail address, an account's webhook URL, or "" (the channel's own) */
	char *lang;          /* zh_CN or en */
	char *subject, *body;
	cd_time created_at, due_at;
	char *state;         /* pending, sending, sent, failed, or moot (a warning whose deadline was met
				before it could go) */
	int attempts;
	cd_time next_at;     /* pending: the next try; sending: when a try is taken for crashed */
	char *last_error;
	cd_time sent_at;
	char *attachment;    /* a report's HTML document, attached to its mail; NULL: none (and in
				lists, which do not read it) */
};
void cd_message_free(struct cd_message *m);

/* Who is to receive a message: an account or a channel, over one kind. */
struct cd_recipient {
	char *name, *channel, *address, *lang;
};
struct cd_recipients {
	struct cd_recipient *v;
	size_t n;
};
void notify_recipients_free(struct cd_recipients *r);
/* The account's own contact points (e-mail when mail is configured, webhook), in its language or
 * the messages' default; nothing for a disabled account. */
void notify_add_user(const struct cd_config *cfg, struct cd_recipients *r, const struct cd_user *u);
/* One configured channel (an e-mail channel: each of its addresses). */
void notify_add_channel(const struct cd_config *cfg, struct cd_recipients *r, const struct cd_notify_channel *ch);
/* The configured channels that carry escalations to role at site. */
void notify_add_channels(const struct cd_config *cfg, struct cd_recipients *r, const char *role, const char *site);
/* Is u a person of role working at site (its sites "*" or naming it)? */
int notify_user_is(const struct cd_user *u, const char *role, const char *site);

/* The language of messages for those who name none. */
const char *notify_default_lang(const struct cd_config *cfg);
/* When a message recorded at now may go: now when urgent or within business
 * hours on a working day, else the next opening (cal_next_open). */
cd_time notify_due(const struct cd_config *cfg, const char *tz, cd_time now, int urgent);
/* Is a warning of clock kind urgent (notify.urgent_warnings)? */
int notify_warning_urgent(const struct cd_config *cfg, const char *clock);
/* After the attempts-th failed try at now: the next try's time, 1 min ×
 * 2^(attempts-1) later, at most notify.retry_max; CD_TIME_NONE when the
 * message is to be given up (notify.max_attempts tries made). */
cd_time notify_retry_at(const struct cd_config *cfg, cd_time now, int attempts);

/* Is the warning of cause "KIND-SEQ" moot, its clock instance in k met
 * or stopped at now? Such a warning, held for quiet hours, is not sent. */
int notify_warning_moot(const struct cd_config *cfg, const char *tz, const struct cd_clocks *k, const char *cause,
			cd_time now);

/* What a message is about. */
struct cd_notice {
	const struct cd_complaint *c;
	int warning;                 /* 1: a deadline warning, 0: an escalation */
	const struct cd_clock *clock;/* the warning's clock instance */
	const char *rule;            /* the escalation's rule, NULL when by hand */
	const char *role;            /* escalated to */
	int level;
	const char *note;            /* why, when escalated by hand */
};
/* Subject and body in lang (zh_CN or en), through the catalogue; no
 * personal data of the customer. The language in use is restored. */
void notify_render(const struct cd_config *cfg, const struct cd_notice *n, const char *lang, char **subject,
		   char **body);

/* One deadline in a person's daily digest. */
struct cd_digest_line {
	int64_t complaint;
	char *customer;              /* masked (张*) */
	char *site;
	struct cd_clock clock;       /* its kind names the clock */
	cd_time due;                 /* as it stands (pauses included) */
};
/* The digest of day (local, in tz) for one person at now, in lang: their
 * deadlines due that day and those overdue, soonest first; how late each
 * overdue one is. The language in use is restored. */
void notify_render_digest(const struct cd_config *cfg, const struct cd_digest_line *v, size_t n, int32_t day,
			  const char *tz, cd_time now, const char *lang, char **subject, char **body);
/* The monthly report's message in lang: a subject, and a short summary
 * of report r (its headline figures, in Markdown) as the text; the HTML
 * goes as an attachment. */
struct cd_report;
void notify_render_report(const struct cd_config *cfg, const struct cd_report *r, const char *lang, char **subject,
			  char **body);
/* The mail of m with its attachment (named name, text/html) after the
 * text: multipart/mixed, both parts base64. */
char *notify_mail_with(const struct cd_message *m, const char *from, cd_time at, const char *name);

/* The JSON a channel kind expects for a message (a generic webhook gets
 * the message's fields). ts_ms and sign: Feishu's signed body (sign NULL:
 * unsigned). Freed by the caller. */
char *notify_payload(const struct cd_message *m, enum cd_chan_kind kind, long long ts_sec, const char *sign);
/* DingTalk's signature of ts_ms with secret: base64 of HMAC-SHA256 over
 * "ts_ms\nsecret", URL-encoded. Feishu's: base64 of HMAC-SHA256 keyed by
 * "ts\nsecret" over nothing. Freed by the caller. */
char *notify_dingtalk_sign(const char *secret, long long ts_ms);
char *notify_feishu_sign(const char *secret, long long ts_sec);
/* The mail of m from from to m->address, dated at (RFC 5322, UTF-8,
 * the subject RFC 2047 encoded, body base64). */
char *notify_mail(const struct cd_message *m, const char *from, cd_time at);
/* An address as it may be shown (show, the desk, a dry run, errors, the
 * audit trail): a URL without its user, password, query and fragment,
 * where a webhook keeps its key ("…" marks what was left out); an e-mail
 * address as it is. Returns a malloc'ed string. */
char *notify_address_shown(const char *address);

/* A message's state as people say it (sent, given up, being sent, waiting). */
const char *notify_state_word(const char *state);
/* One line in words for a message in a complaint's list (times in tz). */
char *notify_describe(const struct cd_message *m, const char *tz);
/* A channel kind's id ("wecom") and back (-1 unknown). */
const char *notify_kind_id(enum cd_chan_kind k);
int notify_kind_of(const char *id);

#endif
