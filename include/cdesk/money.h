/* Money: whole fen (hundredths of a yuan) in an integer, so amounts add up
 * and compare exactly. Amounts are typed and shown in yuan with at most
 * two decimal places; the event log keeps them as JSON numbers of yuan. */
#ifndef CDESK_MONEY_H
#define CDESK_MONEY_H

#include <stdint.h>
#include "cdesk/util.h"

typedef int64_t cd_money;

/* More than anyone may give or be allowed: a limit that never binds. */
#define CD_MONEY_UNLIMITED INT64_MAX
/* The largest amount a remedy may have: 1 000 000 000 yuan. */
#define CD_MONEY_MAX_REMEDY ((cd_money)100000000000)
/* The largest limit a configuration may set: 1 000 000 000 000 yuan. */
#define CD_MONEY_MAX_LIMIT ((cd_money)100000000000000)
#define CD_MONEY_BUF 32

/* "49.50", "49.5", "49", "0.5": decimal digits with at most two after one
 * point; no sign, no exponent, no hexadecimal, no separators. Refuses
 * (CD_EINPUT, naming s) anything else and amounts above max. */
int cd_money_parse(const char *s, cd_money max, cd_money *out, struct cd_err *err);
/* "49.50", "-3.00", "0.00"; buf holds CD_MONEY_BUF bytes. */
char *cd_money_format(cd_money v, char *buf);
/* Yuan as a JSON number is written from, and read into, whole fen. */
double cd_money_yuan(cd_money v);
cd_money cd_money_of_yuan(double yuan);

#endif
