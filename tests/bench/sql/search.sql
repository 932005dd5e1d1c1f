-- Floor for `cdesk list --state all --limit 50 --text TEXT`: the statement
-- store_list() builds in src/store/store.c for that filter, newest first,
-- through the trigram index complaints_fts, with the match worked out as
-- st_search_match() in src/store/search.c does it: a text of three
-- characters or more is the trigrams that cover it without overlapping and
-- its last one, joined by AND; a shorter one is every trigram of the
-- index's vocabulary that begins with it. The rows found are checked for
-- the text itself (CD_TEXT_TERM in src/store/internal.h). For a text so
-- common that reading rows in order finds a page sooner, cdesk does that
-- instead (st_search_dense); this floor always goes through the index.
-- Parameters: :text, :limit.
CREATE VIRTUAL TABLE IF NOT EXISTS temp.complaints_terms USING fts5vocab(main, complaints_fts, row);

SELECT c.id, c.site, c.channel, c.category, c.severity, c.customer, c.phone, c.plate,
       c.reference, c.description, c.request, c.need, c.behaviour, c.receiver, c.owner,
       c.received_at, c.updated_at, c.state, c.esc_level, c.esc_role, c.reopen_count,
       c.paused_since, c.resolved_at, c.closed_at, c.awaiting
  FROM complaints c
 WHERE 1
   AND c.id IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH
         CASE WHEN length(:text) >= 3 THEN
                (WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 3 FROM k WHERE i + 3 < length(:text))
                 SELECT group_concat('"' || replace(substr(:text, min(i, length(:text) - 3) + 1, 3), '"', '""') || '"',
                                     ' AND ') FROM k)
              ELSE coalesce((SELECT group_concat('"' || replace(term, '"', '""') || '"', ' OR ')
                               FROM temp.complaints_terms
                              WHERE term >= lower(:text) AND term < lower(:text) || char(1114111)),
                            '"' || replace(:text, '"', '""') || '"') END)
   AND instr(lower(c.search), lower(:text))
 ORDER BY c.received_at DESC, c.id DESC
 LIMIT :limit OFFSET 0;
