-- Floor for the desk's first drawn queue (src/tui/screen_queue.c, load()):
-- the remedies awaiting approval, the number of open complaints, the first
-- page of them by deadline (store_list with by_deadline), and the clocks of
-- the rows on that page (the desk reads them one complaint at a time; here
-- one statement). Parameter: :rows, the rows a 40-line terminal shows.
SELECT c.id FROM complaints c WHERE c.awaiting IS NOT NULL
   AND (NULL IS NULL OR instr(',' || NULL || ',', ',' || c.site || ',') > 0)
 ORDER BY c.awaiting;

SELECT count(*) FROM complaints c WHERE 1 AND c.state NOT IN ('closed','withdrawn');

SELECT c.id, c.site, c.channel, c.category, c.severity, c.customer, c.phone, c.plate,
       c.reference, c.description, c.request, c.need, c.behaviour, c.receiver, c.owner,
       c.received_at, c.updated_at, c.state, c.esc_level, c.esc_role, c.reopen_count,
       c.paused_since, c.resolved_at, c.closed_at, c.awaiting
  FROM complaints c
 WHERE 1 AND c.state NOT IN ('closed','withdrawn')
 ORDER BY c.next_due IS NULL, c.next_due, c.id
 LIMIT :rows OFFSET 0;

SELECT k.complaint_id, k.kind, k.seq, k.ref, k.started_at, k.due_at, k.met_at,
       k.stopped_at, k.paused_since
  FROM clocks k
 WHERE k.complaint_id IN (SELECT c.id FROM complaints c
                           WHERE 1 AND c.state NOT IN ('closed','withdrawn')
                           ORDER BY c.next_due IS NULL, c.next_due, c.id
                           LIMIT :rows OFFSET 0)
 ORDER BY k.complaint_id, k.kind = 'promise', k.started_at, k.kind, k.seq;
