/* Private to the report's files in src/core/: the document writers. */
#ifndef CDESK_REPORT_INT_H
#define CDESK_REPORT_INT_H

#include "cdesk/report.h"

/* Standalone HTML: one file, inline SVG charts, a print stylesheet. */
int report_write_html(const struct cd_report *r, const struct cd_config *cfg, FILE *out,
		      struct cd_err *err);

#endif
