-- Floor for `cdesk list --state all --limit 50 --text TEXT`: the statement
-- store_list() builds in src/store/store.c for that filter (newest first).
-- Parameters: :text, :limit.
SELECT c.id, c.site, c.channel, c.category, c.severity, c.customer, c.phone, c.plate,
       c.reference, c.description, c.request, c.need, c.behaviour, c.receiver, c.owner,
       c.received_at, c.updated_at, c.state, c.esc_level, c.esc_role, c.reopen_count,
       c.paused_since, c.resolved_at, c.closed_at, c.awaiting
  FROM complaints c
 WHERE 1
   AND (instr(c.customer, :text) OR instr(c.phone, :text)
        OR instr(coalesce(c.plate,''), :text) OR instr(coalesce(c.reference,''), :text)
        OR instr(c.description, :text))
 ORDER BY c.received_at DESC, c.id DESC
 LIMIT :limit OFFSET 0;
