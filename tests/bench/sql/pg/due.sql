-- Floor for `cdesk due --json` on PostgreSQL: every open clock instance
-- with its complaint, soonest deadline first. The statement
-- pg_open_clocks() builds in src/store/pg_record.c with no filter (setup
-- mode: no site list), through the partial index clocks_open. psql writes
-- the rows as unaligned text, not JSON (the sqlite3 floor writes JSON).
SELECT k.complaint_id, k.kind, k.seq, k.ref, k.started_at, k.due_at, k.met_at,
       k.stopped_at, k.paused_since,
       c.id, c.site, c.channel, c.category, c.severity, c.customer, c.phone, c.plate,
       c.reference, c.description, c.request, c.need, c.behaviour, c.receiver, c.owner,
       c.received_at, c.updated_at, c.state, c.esc_level, c.esc_role, c.reopen_count,
       c.paused_since, c.resolved_at, c.closed_at, c.awaiting
  FROM clocks k JOIN complaints c ON c.id = k.complaint_id
 WHERE k.met_at IS NULL AND k.stopped_at IS NULL
 ORDER BY k.due_at, k.complaint_id;
