/* Durations ("2h", "1h30m", "3 working days", "8bh"): cd_parse_duration.
 * A duration that parses has a canonical text (cd_duration_text, what
 * `cdesk config show` writes) that parses again to the same duration; one
 * that does not parse is an input error that quotes it (as cd_fail shows
 * it: control characters and bytes that are not UTF-8 escaped). */
#include "fuzz.h"
#include "cdesk/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct cd_duration d, again;
	struct cd_err err;
	char text[48];

	if (cd_parse_duration(s, &d, &err) == 0) {
		fuzz_check(d.amount >= 0, "'%s' parsed to %lld", s, (long long)d.amount);
		cd_duration_text(&d, text);
		fuzz_check(cd_parse_duration(text, &again, &err) == 0,
			   "'%s' parsed, its text '%s' does not: %s", s, text, err.msg);
		fuzz_check(again.unit == d.unit && again.amount == d.amount,
			   "'%s' reads back from '%s' as another duration", s, text);
	} else {
		char shown[sizeof err.msg];
		cd_printable(shown, sizeof shown, s, 0, 0);
		fuzz_check(err.code == CD_EINPUT, "'%s': error code %d", s, err.code);
		fuzz_check(strlen(s) > 200 || strstr(err.msg, shown), "'%s': the error does not quote it: %s",
			   s, err.msg);
	}
	free(s);
	return 0;
}
