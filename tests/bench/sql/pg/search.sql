-- Floor for `cdesk list --state all --limit 50 --text TEXT` on
-- PostgreSQL: the statement pg_list() builds (filtered() in
-- src/store/pg_record.c) for that filter, newest first, with the term
-- pg_search_term() in src/store/pg_search.c adds for a person who may see
-- personal data (setup mode): PG_SEARCH_TEXT of src/store/pg.h (the
-- stored column complaints.search, ASCII letters folded), word for word,
-- LIKE '%text%', the text's ASCII letters folded to lower case and
-- LIKE's wildcards and escape character escaped. The pg_trgm GIN index
-- complaints_search is on that very expression, so the planner answers
-- the LIKE from the text's trigrams and checks the rows found against it.
-- cdesk sends the pattern as a parameter of an unnamed statement, planned
-- with its value; here the pattern is worked out from :text by immutable
-- functions, which the planner folds to the same constant.
-- Parameters: :text, :limit.
SELECT c.id, c.site, c.channel, c.category, c.severity, c.customer, c.phone, c.plate,
       c.reference, c.description, c.request, c.need, c.behaviour, c.receiver, c.owner,
       c.received_at, c.updated_at, c.state, c.esc_level, c.esc_role, c.reopen_count,
       c.paused_since, c.resolved_at, c.closed_at, c.awaiting
  FROM complaints c
 WHERE true
   AND translate(search, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
       LIKE '%' || regexp_replace(translate(:'text', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'),
                                  '([\\%_])', '\\\1', 'g') || '%'
 ORDER BY c.received_at DESC, c.id DESC
 LIMIT :limit OFFSET 0;
