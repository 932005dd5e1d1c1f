/* Which store a database is: today every database is an SQLite file. */
#include "store.h"
#include "sqlite.h"

int store_open(const char *where, struct cd_store **out, struct cd_err *err)
{
	return sq_open(where, out, err);
}

int store_schema_version(void)
{
	return sq_schema_version();
}
