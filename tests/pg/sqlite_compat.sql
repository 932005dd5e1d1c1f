-- The few SQLite functions the end-to-end tests' own queries use, for
-- psql on a PostgreSQL test database (lib.sh's sql puts this schema on
-- the search path; cdesk itself never sees it). Made in template1 of the
-- throw-away cluster, so every test database has them.
CREATE SCHEMA sqlite_compat;
SET search_path = sqlite_compat;

-- json_extract(doc, '$.a.b'): a value as SQLite gives it (true 1,
-- false 0, a string without its quotes, a number as written).
CREATE FUNCTION json_extract(doc text, path text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE jsonb_typeof(v) WHEN 'boolean' THEN CASE WHEN v = 'true'::jsonb THEN '1' ELSE '0' END
		WHEN 'string' THEN v #>> '{}' WHEN 'null' THEN NULL ELSE v::text END
	FROM (SELECT doc::jsonb #> string_to_array(substr(path, 3), '.') AS v) x
$$;

-- strftime('%s', TIME): seconds since the epoch of an ISO 8601 time or
-- 'now' (the only form the tests use).
CREATE FUNCTION strftime(fmt text, t text) RETURNS bigint LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN fmt <> '%s' THEN NULL
		WHEN t = 'now' THEN extract(epoch FROM now())::bigint
		ELSE extract(epoch FROM t::timestamptz)::bigint END
$$;

CREATE FUNCTION instr(a text, b text) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT strpos(a, b) $$;

CREATE FUNCTION group_concat_step(acc text, v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v ELSE acc || ',' || v END
$$;
CREATE AGGREGATE group_concat(text) (SFUNC = group_concat_step, STYPE = text);

CREATE FUNCTION json_group_array_step(acc text, v bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN acc IS NULL THEN v::text ELSE acc || ',' || v::text END
$$;
CREATE FUNCTION json_group_array_end(acc text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT '[' || coalesce(acc, '') || ']'
$$;
CREATE AGGREGATE json_group_array(bigint) (SFUNC = json_group_array_step, STYPE = text,
	FINALFUNC = json_group_array_end);

-- ifnull(a, b), also of a number and a text (SQLite does not mind).
CREATE FUNCTION ifnull(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(a, b) $$;
CREATE FUNCTION ifnull(a bigint, b text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(a::text, b) $$;

-- datetime(T, 'unixepoch'[, '+N hours']): 'YYYY-MM-DD HH:MM:SS' in UTC,
-- shifted by the modifier.
CREATE FUNCTION datetime(t bigint, unit text, shift text DEFAULT '+0 hours') RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN unit = 'unixepoch' THEN
		to_char(to_timestamp(t) AT TIME ZONE 'UTC' + shift::interval, 'YYYY-MM-DD HH24:MI:SS') END
$$;
