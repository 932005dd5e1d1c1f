/* Money in fen: parsing what people type, printing it, and the yuan of the
 * event log's JSON numbers. */
#include "cdesk/money.h"
#include "cdesk/i18n.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int cd_money_parse(const char *s, cd_money max, cd_money *out, struct cd_err *err)
{
	cd_money whole = 0, cents = 0;
	int digits = 0, places = -1;
	char maxb[CD_MONEY_BUF];
	if (!s)
		s = "";
	for (const char *p = s; *p; p++) {
		if (*p == '.' && places < 0) {
			places = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			return cd_fail(err, CD_EINPUT, _("'%s' is not an amount in yuan: write digits with at most two "
							 "decimal places, such as 50 or 49.50"), s);
		int d = *p - '0';
		if (places >= 0) {
			if (++places > 2)
				return cd_fail(err, CD_EINPUT, _("'%s' has more than two decimal places: amounts are in "
								 "yuan and fen, such as 49.50"), s);
			cents = cents * 10 + d;
		} else {
			if (whole > max / 100)
				goto too_much;
			whole = whole * 10 + d;
		}
		digits++;
	}
	if (!digits)
		return cd_fail(err, CD_EINPUT, _("'%s' is not an amount in yuan: write digits with at most two "
						 "decimal places, such as 50 or 49.50"), s);
	if (places == 1)
		cents *= 10;
	if (whole > (max - cents) / 100)
		goto too_much;
	*out = whole * 100 + cents;
	return 0;
too_much:
	return cd_fail(err, CD_EINPUT, _("'%s' is more than %s yuan"), s, cd_money_format(max, maxb));
}

char *cd_money_format(cd_money v, char *buf)
{
	/* Negative only as a change against another amount (the analysis). */
	uint64_t a = v < 0 ? (uint64_t)-(v + 1) + 1 : (uint64_t)v;
	snprintf(buf, CD_MONEY_BUF, "%s%llu.%02llu", v < 0 ? "-" : "", (unsigned long long)(a / 100),
		 (unsigned long long)(a % 100));
	return buf;
}

double cd_money_yuan(cd_money v)
{
	return (double)v / 100.0;
}

cd_money cd_money_of_yuan(double yuan)
{
	if (!(yuan == yuan)) /* NaN */
		return 0;
	if (yuan >= 9.2e16 || yuan <= -9.2e16)
		return yuan > 0 ? CD_MONEY_UNLIMITED : -CD_MONEY_UNLIMITED;
	return (cd_money)llround(yuan * 100.0);
}
