/* The desk's configuration, loaded strictly from YAML: sites, channels,
 * categories, roles, the working calendar, the clocks (SLA), escalation
 * rules and the talk scripts. Any error is reported as file:line:column. */
#ifndef CDESK_CONFIG_H
#define CDESK_CONFIG_H

#include <stdint.h>
#include "cdesk/money.h"
#include "cdesk/util.h"
#include "cdesk/timeutil.h"
#include "cdesk/perm.h"

/* A label in both UI languages. */
struct cd_label {
	char *zh;
	char *en;
};
/* The label in the UI language (falls back to the other, then to id). */
const char *cd_label_text(const struct cd_label *l, const char *id);
struct cd_config;
/* The label of a pause reason: from the configured list, else of the two
 * reasons every database may hold (customer, third_party), else the id. */
const char *cd_pause_reason_label(const struct cd_config *cfg, const char *id);

enum cd_dur_unit { DUR_WALL, DUR_WORKDAYS, DUR_BUSINESS };
struct cd_duration {
	enum cd_dur_unit unit;
	int64_t amount; /* seconds for WALL and BUSINESS, days for WORKDAYS */
};
/* Parse "2h", "30m", "1h30m", "3d", "3 working days", "3wd",
 * "8 business hours", "8bh". */
int cd_parse_duration(const char *s, struct cd_duration *d, struct cd_err *err);
/* Canonical text of a duration ("2h", "3 working days"). buf: 48 bytes. */
char *cd_duration_text(const struct cd_duration *d, char *buf);

struct cd_calendar {
	unsigned char workweek[7]; /* index 0 = Sunday */
	int day_end;               /* second of day that ends a working day (default 86400) */
	int hours_start, hours_end;/* business hours, seconds of day */
	int32_t *holidays;         /* sorted day numbers */
	size_t nholidays;
	int32_t *extra_workdays;   /* swapped working days (调休), sorted */
	size_t nextra;
};

/* Something chosen from a list: a site, channel, category, role … */
struct cd_item {
	char *id;
	struct cd_label name;
	char *tz;        /* sites: time zone */
	int major;       /* channels: a major channel (厂家, 消协, 媒体) */
	int in_person;   /* channels: the intake itself is a customer contact */
	/* roles */
	int level;       /* rank, higher is more senior */
	cd_money limit;  /* compensation one may give alone, for remedies not in limits */
	struct cd_limit *limits; /* per remedy */
	size_t nlimits;
	unsigned can;    /* bit (1u << enum cd_perm) per permission granted */
	struct strlist only[CD_NPERMS]; /* a permission narrowed to these severities */
};
struct cd_limit {
	char *remedy;
	cd_money amount;
};
/* The compensation a role may give alone for a remedy. */
cd_money cd_role_limit(const struct cd_item *role, const char *remedy);
struct cd_list {
	struct cd_item *v;
	size_t n;
};
const struct cd_item *cd_list_find(const struct cd_list *l, const char *id);

struct cd_clockdef {
	char *id;
	struct cd_label name;
	struct cd_duration within;
	struct cd_duration warn_before; /* WALL only */
	struct strlist starts;   /* event kinds or states that start it */
	struct strlist met_by;   /* event kinds or states that meet it */
	struct strlist ends;     /* states that stop it unmet */
	int repeat;              /* restart after being met */
	int pausable;
};

/* One escalation rule: when all given conditions hold, raise the level and
 * notify a role; fires once per complaint. */
struct cd_rule {
	char *id;
	struct cd_label name;
	/* conditions; unset ones are NULL / 0 */
	char *clock;               /* clock id (or "promise") */
	int on_breach;             /* 1 breached, 0 warning */
	int64_t after;             /* seconds after breach */
	struct strlist channels, categories, severities, sites;
	int repeat_count;          /* complaints from the same phone … */
	struct cd_duration repeat_within; /* … within this window */
	int has_open_longer;
	struct cd_duration open_longer;
	int reopened;              /* reopened at least this often */
	/* actions */
	int level;
	char *notify;              /* role id */
	char *set_severity;        /* severity id or NULL */
	int urgent;                /* its message ignores quiet hours */
};

/* A talk-script prompt for a handling step; need/behaviour narrow it. */
struct cd_script {
	char *step;
	struct cd_label text;
	char *need, *behaviour;
};

/* How people sign in (see docs/configuration.md). */
enum cd_auth_mode { AUTH_PIN, AUTH_UNIX };
struct cd_auth {
	enum cd_auth_mode mode;
	int64_t idle_lock;         /* seconds without a key before the desk locks; 0 never */
	int max_failures;          /* wrong PINs in a row before the account locks */
	int64_t retry_delay;       /* seconds the try after the second wrong PIN waits,
				      doubled for each one after */
	int64_t lockout;           /* seconds it stays locked */
	int pinned_clock;          /* honour --now / CDESK_NOW for changes once accounts exist
				      (a training desk, the tests); off by default */
};

/* Where notifications go (see docs/configuration.md#notify). Secrets are
 * references, "env:NAME" or "file:NAME" (a line NAME=VALUE of
 * secrets_file), resolved only when a message is sent. */
enum cd_chan_kind { CH_WEBHOOK, CH_WECOM, CH_DINGTALK, CH_FEISHU, CH_EMAIL };
struct cd_notify_channel {
	char *id;
	enum cd_chan_kind kind;
	char *url;                 /* webhooks and robots: http:// or https:// */
	char *token;               /* secret reference: the robot's key, a webhook's bearer token */
	char *secret;              /* secret reference: DingTalk's and Feishu's signing secret */
	struct strlist to;         /* email: the addresses */
	struct strlist roles;      /* the roles whose escalations it carries (empty: every role) */
	struct strlist sites;      /* the sites it covers (empty: every site) */
	char *language;            /* "zh_CN", "en" or NULL (notify.language) */
};
struct cd_notify {
	struct cd_notify_channel *channels;
	size_t nchannels;
	char *language;            /* messages for those who set none; NULL: the config's */
	char *secrets_file;        /* NAME=VALUE lines, mode 0600 */
	char *ca_file;             /* certificates to trust instead of the system's (PEM) */
	char *smtp_url, *smtp_from, *smtp_user, *smtp_password; /* the password: a reference */
	int smtp_starttls;         /* refuse a server without STARTTLS (smtp://) */
	int warn_owner;            /* warn a complaint's owner as a clock enters its warning window */
	struct strlist urgent_warnings; /* clocks whose warnings ignore quiet hours */
	int max_attempts;          /* tries before a message is given up (failed) */
	int64_t retry_max;         /* the longest wait between tries, seconds */
	int64_t timeout;           /* one try's network time, seconds */
};

struct cd_config {
	char *path;                /* where it came from, "<built-in>" for default */
	uint64_t hash;             /* of the source text: the database keeps the text and hash
				      of the one it follows (desk_config_apply) */
	char *source;              /* the text it was parsed from */
	char *timezone;            /* default for sites */
	char *language;            /* "zh_CN", "en" or NULL (locale) */
	char *default_site;
	char *database;            /* where the desks reading this file find the database (--db
				      and CDESK_DB come first); never with a password in it */
	struct cd_list sites, channels, categories, severities, roles, remedies;
	struct cd_list pause_reasons; /* why the clocks wait (pause); a built-in list when not configured */
	struct cd_calendar cal;
	struct cd_clockdef *clocks;
	size_t nclocks;
	struct cd_duration promise_warn;
	struct cd_rule *rules;
	size_t nrules;
	struct cd_script *scripts;
	size_t nscripts;
	struct cd_auth auth;
	struct cd_notify notify;
};

/* Load and check the config from text. name is used in error messages.
 * Returns NULL and fills err ("name:line:col: …") on any problem. */
struct cd_config *cd_config_parse(const char *text, size_t len, const char *name,
				  struct cd_err *err);
void cd_config_free(struct cd_config *c);
/* Frees what notify holds (core/notify.c). */
void cd_notify_free(struct cd_notify *n);
/* The built-in default (data/cdesk.yaml compiled in). */
extern const char cd_default_config[];

const struct cd_clockdef *cd_config_clock(const struct cd_config *c, const char *id);
/* Time zone of a site (the default zone for unknown sites). */
const char *cd_site_tz(const struct cd_config *c, const char *site);
/* Write the effective config as YAML to out. Returns 0 or -1. */
int cd_config_dump(const struct cd_config *c, void *file);

#endif
