/* Which store a database is: a postgresql:// or postgres:// URI is a
 * PostgreSQL database (the whole string goes to libpq as it is, so
 * PGHOST, PGUSER, PGPASSWORD, PGSSLMODE and ~/.pgpass all apply), and
 * anything else an SQLite file. */
#include "store.h"
#include "pg.h"
#include "sqlite.h"

int store_open(const char *where, struct cd_store **out, struct cd_err *err)
{
	if (pg_is_uri(where))
		return pg_open(where, out, err);
	return sq_open(where, out, err);
}

/* One number for both stores (pg_schema.c follows SQLite's). */
int store_schema_version(void)
{
	return sq_schema_version();
}
