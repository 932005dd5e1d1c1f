-- Not a floor: the open deadlines of a data set as Taskwarrior 2.6 pending
-- tasks, one pending.data line each, so `task overdue` can be timed on the
-- same deadlines as `cdesk due`. Taskwarrior has no pinned "now", so every
-- deadline is moved back by :shift seconds (0 unless the data set's
-- deadlines would still be in the future on this machine's clock), which
-- keeps them all overdue. The uuid only has to be unique.
SELECT printf('[description:"complaint %d %s %d" due:"%d" entry:"%d" modified:"%d" status:"pending" uuid:"%08x-%04x-4000-8000-%012x"]',
              k.complaint_id, k.kind, k.seq, k.due_at - :shift, k.started_at - :shift,
              k.started_at - :shift, k.complaint_id, k.seq, row_number() OVER (ORDER BY k.due_at, k.complaint_id, k.kind, k.seq))
  FROM clocks k
 WHERE k.met_at IS NULL AND k.stopped_at IS NULL
 ORDER BY k.due_at, k.complaint_id, k.kind, k.seq;
