/* Remedies above a person's limit: said plainly where they wait and for
 * whom, and approved or refused from the queue or the detail screen. */
#define _GNU_SOURCE
#include "tui.h"
#include "cdesk/auth.h"
#include "cdesk/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *remedy_label(const struct tui *t, const char *id)
{
	const struct cd_item *it = cd_list_find(&t->cfg->remedies, id);
	return it ? cd_label_text(&it->name, it->id) : id;
}

static const char *role_label(const struct cd_item *role)
{
	return role ? cd_label_text(&role->name, role->id) : "?";
}

/* The role of the person who asked, for "Frontline staff zhang". */
static void requester(const struct cd_pending *p, char *buf, size_t size)
{
	if (p->requester_role)
		snprintf(buf, size, "%s %s", role_label(p->requester_role), p->requester);
	else
		snprintf(buf, size, "%s", p->requester);
}

int tui_pending_text(struct tui *t, const struct cd_complaint *c, char *buf, size_t size)
{
	struct cd_pending p;
	struct cd_err err;
	char who[300];
	if (desk_pending(t->desk, c, &p, &err) <= 0)
		return 0;
	requester(&p, who, sizeof who);
	snprintf(buf, size, _("%s of %.2f yuan awaits approval: it needs a %s or above (%s may give up to %.2f yuan)"),
		 remedy_label(t, p.remedy), cd_money_yuan(p.amount), role_label(p.approver), who,
		 cd_money_yuan(p.requester_limit));
	return 1;
}

/* Refusing needs a reason; NULL when cancelled. */
static char *reason(struct tui *t, const struct cd_pending *p)
{
	char q[400];
	snprintf(q, sizeof q, _("Refuse the %s of %.2f yuan: why? (the reason goes to the timeline)"),
		 remedy_label(t, p->remedy), cd_money_yuan(p->amount));
	char *why = tui_prompt(t, q, NULL);
	if (why && !*why) {
		free(why);
		tui_say(t, _("A refusal needs a reason."));
		return NULL;
	}
	return why;
}

int tui_decide(struct tui *t, const struct cd_complaint *c, int approve)
{
	struct cd_pending p;
	struct cd_action a;
	struct cd_err err;
	char *why = NULL;
	if (desk_pending(t->desk, c, &p, &err) <= 0) {
		tui_say(t, _("Complaint #%lld has no remedy awaiting approval."), (long long)c->id);
		return 0;
	}
	if (approve) {
		char q[400];
		snprintf(q, sizeof q, _("Approve the %s of %.2f yuan on complaint #%lld?"), remedy_label(t, p.remedy),
			 cd_money_yuan(p.amount), (long long)c->id);
		if (!tui_confirm(t, q))
			return 0;
	} else if (!(why = reason(t, &p)))
		return 0;
	cd_action_init(&a, approve ? ACT_APPROVE : ACT_REFUSE);
	a.note = why;
	int r = desk_act(t->desk, c->id, &a, &err);
	free(why);
	if (r) {
		tui_error(t, &err);
		return 0;
	}
	if (approve)
		tui_say(t, _("Approved: the %s of %.2f yuan on complaint #%lld is given."), remedy_label(t, p.remedy),
			cd_money_yuan(p.amount), (long long)c->id);
	else
		tui_say(t, _("Refused: the %s of %.2f yuan on complaint #%lld; the reason is in its timeline."),
			remedy_label(t, p.remedy), cd_money_yuan(p.amount), (long long)c->id);
	return 1;
}

int tui_say_awaiting(struct tui *t, int64_t id)
{
	struct cd_complaint c;
	struct cd_pending p;
	struct cd_err err;
	if (desk_get(t->desk, id, DESK_LISTED, &c, NULL, &err))
		return 0;
	int has = desk_pending(t->desk, &c, &p, &err) > 0;
	cd_complaint_free(&c);
	if (!has)
		return 0;
	tui_say(t, _("Saved. The %s of %.2f yuan is above your limit (%.2f yuan): it awaits the approval of a %s."),
		remedy_label(t, p.remedy), cd_money_yuan(p.amount), cd_money_yuan(p.requester_limit),
		role_label(p.approver));
	return 1;
}
