/* Permission names. */
#include "cdesk/perm.h"
#include "cdesk/i18n.h"

#include <string.h>

static const struct {
	const char *id, *label;
} perms[CD_NPERMS] = {
	[PERM_OPEN] = {"open", N_("record complaints")},
	[PERM_HANDLE] = {"handle", N_("handle complaints")},
	[PERM_ASSIGN] = {"assign", N_("hand complaints over")},
	[PERM_ESCALATE] = {"escalate", N_("escalate complaints")},
	[PERM_RESOLVE] = {"resolve", N_("resolve complaints")},
	[PERM_CLOSE] = {"close", N_("close complaints")},
	[PERM_REOPEN] = {"reopen", N_("reopen complaints")},
	[PERM_WITHDRAW] = {"withdraw", N_("record withdrawals")},
	[PERM_PERSONAL_DATA] = {"personal_data", N_("see customers' personal data")},
	[PERM_EXPORT] = {"export", N_("export data")},
	[PERM_REPORT] = {"report", N_("run the monthly analysis")},
	[PERM_AUDIT] = {"audit", N_("read the audit trail")},
	[PERM_MANAGE_USERS] = {"manage_users", N_("manage users")},
	[PERM_PURGE] = {"purge", N_("purge personal data")},
};

const char *cd_perm_id(int p) { return p >= 0 && p < CD_NPERMS ? perms[p].id : "?"; }
const char *cd_perm_label(int p) { return p >= 0 && p < CD_NPERMS ? _(perms[p].label) : "?"; }

int cd_perm_index(const char *id)
{
	for (int p = 0; id && p < CD_NPERMS; p++)
		if (strcmp(perms[p].id, id) == 0)
			return p;
	return -1;
}

const char *cd_perm_known(void)
{
	return "open, handle, assign, escalate, resolve, close, reopen, withdraw, personal_data, "
	       "export, report, audit, manage_users, purge";
}
