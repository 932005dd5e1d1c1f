-- Floor for the desk's first drawn queue on PostgreSQL
-- (src/tui/screen_queue.c, load()), as sql/queue.sql is on SQLite: the
-- remedies awaiting approval (SQL_AWAITING of pg_awaiting_ids in
-- src/store/pg_record.c, no site list), the number of open complaints
-- (pg_count: filtered() with the open state), and the first page of them
-- by deadline (pg_list with by_deadline, through the partial index
-- complaints_deadline) with each row's clocks (SQL_CLOCKS of pg_clocks,
-- which the desk asks once per row; here one join).
-- Parameter: :rows, the rows a 40-line terminal shows.
SELECT c.id FROM complaints c WHERE c.awaiting IS NOT NULL
   AND (NULL::text IS NULL OR strpos(',' || NULL::text || ',', ',' || c.site || ',') > 0)
 ORDER BY c.awaiting;

SELECT count(*) FROM complaints c WHERE true AND c.state NOT IN ('closed','withdrawn');

WITH page AS MATERIALIZED (
  SELECT c.id, c.site, c.channel, c.category, c.severity, c.customer, c.phone, c.plate,
         c.reference, c.description, c.request, c.need, c.behaviour, c.receiver, c.owner,
         c.received_at, c.updated_at, c.state, c.esc_level, c.esc_role, c.reopen_count,
         c.paused_since, c.resolved_at, c.closed_at, c.awaiting, c.next_due
    FROM complaints c
   WHERE true AND c.state NOT IN ('closed','withdrawn')
   ORDER BY c.next_due IS NULL, c.next_due, c.id
   LIMIT :rows OFFSET 0)
SELECT page.*, k.kind, k.seq, k.ref, k.started_at, k.due_at, k.met_at, k.stopped_at,
       k.paused_since
  FROM page LEFT JOIN clocks k ON k.complaint_id = page.id
 ORDER BY page.next_due IS NULL, page.next_due, page.id,
          k.kind = 'promise', k.started_at, k.kind COLLATE "C", k.seq;
