/* Delivery: the messages of the outbox sent through libcurl, HTTP(S)
 * POSTs to webhooks and group robots and SMTP for mail. Each message is
 * marked sending in a committed transaction of its own before the network
 * is touched, and its outcome is committed after: a crash in between leaves
 * it sending, and it is tried again once the try's time is up (the one case
 * in which a receiver may get it twice, since no channel tells cdesk what
 * it already has). The desk's I/O, not persistence: the store only keeps
 * the rows. */
#define _GNU_SOURCE
#include "internal.h"
#include "cdesk/i18n.h"
#include "cdesk/notify.h"

#include <curl/curl.h>
#include <sodium.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A secret reference (env:NAME, file:NAME) resolved; NULL and err when it
 * cannot be. */
static char *secret(const struct cd_config *cfg, const char *ref, const char *where, struct cd_err *err)
{
	const char *name = strchr(ref, ':') + 1;
	if (strncmp(ref, "env:", 4) == 0) {
		const char *v = getenv(name);
		if (str_empty(v)) {
			cd_fail(err, CD_ECONFIG, _("%s: the environment variable %s is not set"), where, name);
			return NULL;
		}
		return xstrdup(v);
	}
	const char *path = cfg->notify.secrets_file;
	if (!path) {
		cd_fail(err, CD_ECONFIG, _("%s: %s names notify.secrets_file, which is not set"), where, ref);
		return NULL;
	}
	FILE *f = fopen(path, "r");
	struct stat sb;
	if (!f || fstat(fileno(f), &sb) != 0) {
		cd_fail(err, CD_ECONFIG, _("cannot read the secrets file %s: %s"), path, strerror(errno));
		if (f)
			fclose(f);
		return NULL;
	}
	if (sb.st_mode & 077) {
		fclose(f);
		cd_fail(err, CD_ECONFIG, _("the secrets file %s may be read by others (mode %03o): make it 0600"), path,
			(unsigned)(sb.st_mode & 0777));
		return NULL;
	}
	char line[4096], *found = NULL;
	size_t n = strlen(name);
	while (!found && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, name, n) == 0 && line[n] == '=')
			found = xstrdup(line + n + 1);
	}
	fclose(f);
	sodium_memzero(line, sizeof line);
	if (!found)
		cd_fail(err, CD_ECONFIG, _("%s: the secrets file %s has no line %s=…"), where, path, name);
	return found;
}

static size_t keep(char *p, size_t size, size_t n, void *ctx)
{
	struct strbuf *b = ctx;
	if (b->len < 4096)
		sb_printf(b, "%.*s", (int)(size * n < 4096 ? size * n : 4096), p);
	return size * n;
}

struct upload {
	const char *text;
	size_t left;
};

static size_t give(char *p, size_t size, size_t n, void *ctx)
{
	struct upload *u = ctx;
	size_t k = size * n < u->left ? size * n : u->left;
	memcpy(p, u->text, k);
	u->text += k;
	u->left -= k;
	return k;
}

static void common(CURL *c, const struct cd_config *cfg, char *errbuf)
{
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)cfg->notify.timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)cfg->notify.timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (cfg->notify.ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, cfg->notify.ca_file);
	errbuf[0] = '\0';
}

/* POST body to url; for a robot, an answer with a non-zero errcode
 * (WeCom, DingTalk) or code (Feishu) is a refusal. shown: the URL as
 * named in errors (without its key). */
static int post(const struct cd_config *cfg, const char *url, const char *shown, const char *body,
		const char *bearer, int robot_answer, struct cd_err *err)
{
	char errbuf[CURL_ERROR_SIZE];
	struct strbuf resp;
	sb_init(&resp);
	CURL *c = curl_easy_init();
	if (!c)
		return cd_fail(err, CD_EDB, _("libcurl cannot start"));
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
	char *auth = bearer ? xasprintf("Authorization: Bearer %s", bearer) : NULL;
	if (auth)
		h = curl_slist_append(h, auth);
	common(c, cfg, errbuf);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
	CURLcode rc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	if (auth) {
		memset(auth, 0, strlen(auth));
		free(auth);
	}
	int r = 0;
	if (rc != CURLE_OK)
		r = cd_fail(err, CD_EDB, _("%s: %s"), shown, errbuf[0] ? errbuf : curl_easy_strerror(rc));
	else if (status < 200 || status > 299)
		r = cd_fail(err, CD_EDB, _("%s answered HTTP %ld"), shown, status);
	else if (robot_answer && resp.s) {
		json_t *j = json_loads(resp.s, 0, NULL);
		json_t *code = j ? json_object_get(j, "errcode") : NULL;
		if (!code && j)
			code = json_object_get(j, "code");
		if (json_is_integer(code) && json_integer_value(code) != 0) {
			const char *msg = json_string_value(json_object_get(j, "errmsg"));
			if (!msg)
				msg = json_string_value(json_object_get(j, "msg"));
			r = cd_fail(err, CD_EDB, _("%s refused the message: %lld %s"), shown,
				    (long long)json_integer_value(code), msg ? msg : "");
		}
		json_decref(j);
	}
	sb_free(&resp);
	return r;
}

/* The program notify.sendmail names: a path as it is; a bare name looked
 * for on PATH, then in /usr/sbin and /usr/lib, where sendmail lives and
 * cron's PATH does not reach. NULL when there is none. */
static char *sendmail_program(const char *name)
{
	if (strchr(name, '/'))
		return xstrdup(name);
	const char *path = getenv("PATH");
	char *dirs = xasprintf("%s:/usr/sbin:/usr/lib", path ? path : "/usr/bin:/bin");
	char *found = NULL, *save = NULL;
	for (char *dir = strtok_r(dirs, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/%s", *dir ? dir : ".", name);
		if (access(p, X_OK) == 0)
			found = p;
		else
			free(p);
	}
	free(dirs);
	return found;
}

static int64_t mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Write text to fd in and read fd out into said (at most 2 KiB kept)
 * until out ends or timeout_ms pass (*timed_out). in and out are closed. */
static void pump(int in, int out, const char *text, int64_t timeout_ms, struct strbuf *said, int *timed_out)
{
	size_t left = strlen(text);
	const char *p = text;
	int64_t deadline = mono_ms() + timeout_ms;
	fcntl(in, F_SETFL, O_NONBLOCK);
	if (!left) {
		close(in);
		in = -1;
	}
	*timed_out = 0;
	while (out >= 0) {
		int64_t wait = deadline - mono_ms();
		if (wait <= 0) {
			*timed_out = 1;
			break;
		}
		struct pollfd fds[2] = {{out, POLLIN, 0}, {in, POLLOUT, 0}};
		if (poll(fds, in >= 0 ? 2 : 1, (int)wait) < 0 && errno != EINTR)
			break;
		if (in >= 0 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t k = write(in, p, left);
			if (k > 0) {
				p += k;
				left -= (size_t)k;
			}
			if (left == 0 || (k < 0 && errno != EAGAIN && errno != EINTR)) {
				close(in);
				in = -1;
			}
		}
		if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			char buf[512];
			ssize_t k = read(out, buf, sizeof buf);
			if (k > 0 && said->len < 2048)
				sb_printf(said, "%.*s", (int)k, buf);
			else if (k == 0 || (k < 0 && errno != EINTR && errno != EAGAIN)) {
				close(out);
				out = -1;
			}
		}
	}
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
}

/* The mail handed to a local sendmail-compatible program, run as
 * "PROGRAM -t -i" (recipients from the To: header, a lone dot is no end)
 * without a shell; its standard error (and output) becomes the error of
 * a try that fails, and a non-zero exit is a failure. At most
 * notify.timeout, then it is killed. */
static int sendmail(const struct cd_config *cfg, const struct cd_message *m, const char *text, struct cd_err *err)
{
	const char *name = cfg->notify.sendmail;
	char *prog = sendmail_program(name);
	if (!prog)
		return cd_fail(err, CD_ECONFIG,
			       _("mail to %s: there is no program %s (notify.sendmail) on PATH, in /usr/sbin or /usr/lib"),
			       m->address, name);
	int in[2], out[2];
	if (pipe2(in, O_CLOEXEC) != 0) {
		free(prog);
		return cd_fail(err, CD_EFAIL, _("mail to %s through %s: %s"), m->address, name, strerror(errno));
	}
	if (pipe2(out, O_CLOEXEC) != 0) {
		close(in[0]);
		close(in[1]);
		free(prog);
		return cd_fail(err, CD_EFAIL, _("mail to %s through %s: %s"), m->address, name, strerror(errno));
	}
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		char *const argv[] = {prog, (char *)"-t", (char *)"-i", NULL};
		execv(prog, argv);
		dprintf(2, "%s: %s", prog, strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	if (pid < 0) {
		int r = cd_fail(err, CD_EFAIL, _("mail to %s through %s: %s"), m->address, prog, strerror(errno));
		close(in[1]);
		close(out[0]);
		free(prog);
		return r;
	}
	/* A program that ends early is its exit status, not our death. */
	struct sigaction ign = {0}, was;
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &was);
	struct strbuf said;
	sb_init(&said);
	int timed_out, status = 0, r = 0;
	pump(in[1], out[0], text, cfg->notify.timeout * 1000, &said, &timed_out);
	if (timed_out)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGPIPE, &was, NULL);
	/* What it said, on one line. */
	for (size_t i = 0; said.s && i < said.len; i++)
		if (said.s[i] == '\n' || said.s[i] == '\r' || said.s[i] == '\t')
			said.s[i] = ' ';
	while (said.s && said.len && said.s[said.len - 1] == ' ')
		said.s[--said.len] = '\0';
	const char *why = said.s && *said.s ? said.s : "";
	if (timed_out)
		r = cd_fail(err, CD_EDB, _("mail to %s through %s: no answer within %lld s; stopped"), m->address, prog,
			    (long long)cfg->notify.timeout);
	else if (WIFSIGNALED(status))
		r = cd_fail(err, CD_EDB, _("mail to %s through %s: killed by signal %d %s"), m->address, prog,
			    WTERMSIG(status), why);
	else if (WEXITSTATUS(status) != 0)
		r = cd_fail(err, CD_EDB, _("mail to %s through %s: exit status %d: %s"), m->address, prog,
			    WEXITSTATUS(status), *why ? why : _("(it said nothing)"));
	sb_free(&said);
	free(prog);
	return r;
}

/* The mail's file name for a report's attachment: cdesk-2026-10.html,
 * cdesk-2026-10-station-01.html. */
static char *attachment_name(const struct cd_message *m)
{
	char *n = xasprintf("cdesk-%s.html", m->cause);
	for (char *p = n; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.' && *p != '_')
			*p = '-';
	return n;
}

static int mail(const struct cd_config *cfg, const struct cd_message *m, cd_time now, struct cd_err *err)
{
	const struct cd_notify *nt = &cfg->notify;
	char *password = NULL;
	/* Recorded while mail was configured, and the configuration changed. */
	if ((!nt->smtp_url && !nt->sendmail) || !nt->smtp_from)
		return cd_fail(err, CD_ECONFIG, _("mail to %s: the configuration has no notify.smtp any more"),
			       m->address);
	char *text;
	if (m->attachment) {
		char *name = attachment_name(m);
		text = notify_mail_with(m, nt->smtp_from, now, name);
		free(name);
	} else
		text = notify_mail(m, nt->smtp_from, now);
	if (nt->sendmail) {
		int r = sendmail(cfg, m, text, err);
		free(text);
		return r;
	}
	if (nt->smtp_password && !(password = secret(cfg, nt->smtp_password, "notify.smtp.password", err))) {
		free(text);
		return -1;
	}
	char errbuf[CURL_ERROR_SIZE];
	struct upload up = {text, strlen(text)};
	char *from = xasprintf("<%s>", nt->smtp_from), *to = xasprintf("<%s>", m->address);
	struct curl_slist *rcpt = curl_slist_append(NULL, to);
	CURL *c = curl_easy_init();
	CURLcode rc = CURLE_FAILED_INIT;
	if (!c)
		goto done;
	common(c, cfg, errbuf);
	curl_easy_setopt(c, CURLOPT_URL, nt->smtp_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	if (strncmp(nt->smtp_url, "smtp://", 7) == 0)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)(nt->smtp_starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
	if (nt->smtp_user)
		curl_easy_setopt(c, CURLOPT_USERNAME, nt->smtp_user);
	if (password)
		curl_easy_setopt(c, CURLOPT_PASSWORD, password);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, give);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	rc = curl_easy_perform(c);
	curl_easy_cleanup(c);
done:
	curl_slist_free_all(rcpt);
	free(from);
	free(to);
	free(text);
	if (password) {
		sodium_memzero(password, strlen(password));
		free(password);
	}
	if (!c)
		return cd_fail(err, CD_EDB, _("libcurl cannot start"));
	if (rc != CURLE_OK)
		return cd_fail(err, CD_EDB, _("mail to %s through %s: %s"), m->address, nt->smtp_url,
			       errbuf[0] ? errbuf : curl_easy_strerror(rc));
	return 0;
}

static const struct cd_notify_channel *channel(const struct cd_config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->notify.nchannels; i++)
		if (strcmp(cfg->notify.channels[i].id, id) == 0)
			return &cfg->notify.channels[i];
	return NULL;
}

/* A configured channel's robot or webhook: its URL with the key, the
 * signature, and the body its kind expects. */
static int robot(const struct cd_config *cfg, const struct cd_notify_channel *ch, const struct cd_message *m,
		 struct cd_err *err)
{
	char where[160];
	snprintf(where, sizeof where, "notify.channels %s", ch->id);
	char *token = NULL, *sec = NULL;
	if ((ch->token && !(token = secret(cfg, ch->token, where, err))) ||
	    (ch->secret && !(sec = secret(cfg, ch->secret, where, err)))) {
		if (token)
			sodium_memzero(token, strlen(token));
		free(token);
		return -1;
	}
	struct strbuf url;
	sb_init(&url);
	sb_printf(&url, "%s", ch->url);
	char sep = strchr(ch->url, '?') ? '&' : '?';
	long long ts = (long long)cd_real_now();
	char *sign = NULL;
	if (ch->kind == CH_WECOM && token)
		sb_printf(&url, "%ckey=%s", sep, token);
	else if (ch->kind == CH_DINGTALK) {
		if (token)
			sb_printf(&url, "%caccess_token=%s", sep, token);
		if (sec) {
			char *s = notify_dingtalk_sign(sec, ts * 1000);
			sb_printf(&url, "%ctimestamp=%lld&sign=%s", token || sep == '&' ? '&' : '?', ts * 1000, s);
			free(s);
		}
	} else if (ch->kind == CH_FEISHU) {
		if (token)
			sb_printf(&url, "%s%s", ch->url[strlen(ch->url) - 1] == '/' ? "" : "/", token);
		if (sec)
			sign = notify_feishu_sign(sec, ts);
	}
	char *body = notify_payload(m, ch->kind, ts, sign);
	int r = post(cfg, url.s, ch->url, body, ch->kind == CH_WEBHOOK ? token : NULL, ch->kind != CH_WEBHOOK, err);
	free(body);
	free(sign);
	if (token) {
		sodium_memzero(token, strlen(token));
		free(token);
	}
	if (sec) {
		sodium_memzero(sec, strlen(sec));
		free(sec);
	}
	sodium_memzero(url.s, url.len);
	sb_free(&url);
	return r;
}

static int send_one(const struct cd_config *cfg, const struct cd_message *m, cd_time now, struct cd_err *err)
{
	int kind = notify_kind_of(m->channel);
	if (kind == CH_EMAIL)
		return mail(cfg, m, now, err);
	if (*m->address) { /* an account's own webhook */
		char *body = notify_payload(m, CH_WEBHOOK, 0, NULL);
		char *shown = notify_address_shown(m->address);
		int r = post(cfg, m->address, shown, body, NULL, 0, err);
		free(shown);
		free(body);
		return r;
	}
	const struct cd_notify_channel *ch = channel(cfg, m->recipient);
	if (!ch)
		return cd_fail(err, CD_ECONFIG, _("the channel '%s' is no longer in the configuration"), m->recipient);
	return robot(cfg, ch, m, err);
}

struct run {
	struct cd_desk *d;
	cd_time now;
	int dry_run, n;
	desk_try_cb cb;
	void *ctx;
	struct cd_err *err;
};

static int set_state(struct cd_desk *d, struct cd_message *m, const char *state)
{
	free(m->state);
	m->state = xstrdup(state);
	(void)d;
	return 0;
}

/* A message's new state and its row in the audit trail, in the caller's
 * transaction. */
static int record_state(struct cd_desk *d, struct cd_message *m, const struct cd_err *failed, struct cd_err *err)
{
	json_t *a = json_pack("{s:I,s:i,s:s,s:s,s:s}", "message", (json_int_t)m->id, "attempt", m->attempts,
			      "state", m->state, "recipient", m->recipient, "channel", m->channel);
	if (failed)
		json_object_set_new(a, "error", json_string(failed->msg));
	return store_outbox_result(d->st, m, err) || desk_audit(d, "message", m->complaint_id, a, err) ? -1 : 0;
}

/* The outcome of a try. */
static int outcome(struct run *x, struct cd_message *m, const struct cd_err *failed)
{
	struct cd_desk *d = x->d;
	free(m->last_error);
	m->last_error = failed ? xstrdup(failed->msg) : NULL;
	/* A run may take minutes (every try up to its timeout): the time of
	 * each outcome, not the run's start. */
	cd_time now = cd_now();
	if (!failed) {
		set_state(d, m, "sent");
		m->sent_at = now;
		m->next_at = CD_TIME_NONE;
	} else {
		m->next_at = notify_retry_at(d->cfg, now, m->attempts);
		set_state(d, m, m->next_at == CD_TIME_NONE ? "failed" : "pending");
	}
	if (tx_begin(d, x->err))
		return -1;
	if (record_state(d, m, failed, x->err) || tx_commit(d, x->err)) {
		tx_rollback(d);
		return -1;
	}
	return 0;
}

/* A warning held (for quiet hours, or a server down) until its clock was
 * met or stopped says what is no longer so: *is is set, and it is not sent. */
static int moot(struct cd_desk *d, const struct cd_message *m, cd_time now, int *is, struct cd_err *err)
{
	*is = 0;
	if (strcmp(m->kind, "warning") != 0 || !m->complaint_id)
		return 0;
	struct cd_complaint c = {0};
	struct cd_clocks k = {0};
	int r = store_get_complaint(d->st, m->complaint_id, &c, err);
	if (!r)
		r = store_clocks(d->st, m->complaint_id, &k, err);
	if (!r)
		*is = notify_warning_moot(d->cfg, cd_site_tz(d->cfg, c.site), &k, m->cause, now);
	cd_complaint_free(&c);
	cd_clocks_free(&k);
	return r ? -1 : 0;
}

static int try_one(void *ctx, const struct cd_message *in)
{
	struct run *x = ctx;
	struct cd_desk *d = x->d;
	x->n++;
	if (x->dry_run) {
		int is_moot;
		if (moot(d, in, x->now, &is_moot, x->err))
			return -1;
		if (is_moot)
			x->n--;
		else
			x->cb(x->ctx, in, NULL);
		return 0;
	}
	/* Taken for this try, committed before the network: a crash leaves it
	 * sending until the try's time is up, counted from now (the run may
	 * have spent minutes on the tries before it). A moot warning, once
	 * taken, is set aside instead, in the same transaction. */
	cd_time now = cd_now();
	struct cd_message m = *in;
	char **own[] = {&m.kind, &m.cause, &m.recipient, &m.channel, &m.address,
			&m.lang, &m.subject, &m.body, &m.state, &m.last_error, &m.attachment};
	for (size_t i = 0; i < sizeof own / sizeof *own; i++)
		*own[i] = *own[i] ? xstrdup(*own[i]) : NULL;
	int claimed = 0, is_moot = 0;
	int r = tx_begin(d, x->err) ||
		store_outbox_claim(d->st, in->id, now, now + d->cfg->notify.timeout * 2 + 60, &claimed, x->err) ||
		(claimed && moot(d, &m, now, &is_moot, x->err));
	m.attempts += claimed;
	if (!r && is_moot) {
		set_state(d, &m, "moot");
		m.next_at = CD_TIME_NONE;
		r = record_state(d, &m, NULL, x->err);
	}
	if (r || tx_commit(d, x->err)) {
		tx_rollback(d);
		cd_message_free(&m);
		return -1;
	}
	if (!claimed)
		x->n--;
	if (claimed && !is_moot) {
		struct cd_err failed;
		int bad = send_one(d->cfg, &m, now, &failed);
		r = outcome(x, &m, bad ? &failed : NULL);
		if (!r)
			x->cb(x->ctx, &m, bad ? failed.msg : NULL);
	} else if (is_moot) {
		x->cb(x->ctx, &m, NULL);
	}
	cd_message_free(&m);
	return r;
}

int desk_notify(struct cd_desk *d, int dry_run, desk_try_cb cb, void *ctx, int *n, struct cd_err *err)
{
	struct run x = {d, cd_now(), dry_run, 0, cb, ctx, err};
	*n = 0;
	/* Every site's messages, their text and addresses: the auditor's. */
	if (dry_run && desk_require(d, PERM_AUDIT, NULL, err))
		return -1;
	if (!dry_run && desk_writes_now(d, err))
		return -1;
	if (!dry_run && curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		return cd_fail(err, CD_EDB, _("libcurl cannot start"));
	int r = store_outbox_due(d->st, x.now, 10000, try_one, &x, err);
	if (!dry_run)
		curl_global_cleanup();
	*n = x.n;
	return r;
}
