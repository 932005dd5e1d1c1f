-- Floor for `cdesk report --month M --format json`: the report's key
-- figures (the tiles of the analysis screen), its volume tables and the
-- 12-month trend, for the month and the month before, as plain SQL
-- aggregates over the same rows src/store/report.c streams, through the
-- same indexes. It computes less than cdesk does (averages instead of
-- medians and percentiles, no working-time calendar, no per-owner or
-- Pareto tables, no daily series), so it is a lower bound.
--
-- The event terms are CD_FACT_EVENTS and CD_REPORT_EVENTS of
-- src/store/internal.h, word for word: SQLite uses a partial index only for
-- a query whose WHERE has its very term. Change them together.
--
-- Parameters (Unix seconds): :lo :hi the month, :plo :phi the month
-- before, :asof :pasof the instants "still open at the end" is taken at
-- (the end, or now if sooner), :t0 the first month of the trend, :now.

-- 1. Complaints received in each period, with the facts from their own
-- events (partial covering index events_facts): first contact, first
-- resolution, first-contact resolution, answered. Counted in total and by
-- channel, site, severity and category; repeat customers.
WITH periods(p, lo, hi) AS (VALUES ('current', :lo, :hi), ('previous', :plo, :phi)),
facts AS MATERIALIZED (
  SELECT p.p AS p, c.id, c.channel, c.site, c.severity, c.category, c.received_at,
         CASE WHEN c.phone IS NOT NULL OR c.ckey IS NOT NULL THEN coalesce(c.ckey, c.id) END AS customer,
         min(CASE WHEN e.kind = 'contact' THEN e.at END) AS first_contact,
         min(CASE WHEN e.to_state = 'resolved' THEN e.at END) AS first_resolved,
         sum(e.kind = 'contact') AS contacts,
         sum(e.kind IN ('feedback', 'promise')) AS follow_ups
    FROM periods p
    JOIN complaints c ON c.received_at >= p.lo AND c.received_at < p.hi
    JOIN events e ON e.complaint_id = c.id
   WHERE (kind = 'received' OR kind = 'contact' OR kind = 'feedback' OR kind = 'promise'
          OR kind = 'promise_kept' OR kind = 'remedy' OR kind = 'satisfaction' OR kind = 'root_cause'
          OR (kind = 'step' AND (to_state = 'resolved' OR to_state = 'withdrawn')))
   GROUP BY c.received_at, c.id)
SELECT p, 'received' AS dim, NULL AS key, count(*) AS n,
       avg(first_contact - received_at) AS contact_s,
       avg(first_resolved - received_at) AS resolve_s,
       avg(first_resolved IS NOT NULL AND contacts <= 1 AND follow_ups = 0) AS fcr_share
  FROM facts GROUP BY p
UNION ALL SELECT p, 'channel', channel, count(*), NULL, NULL, NULL FROM facts GROUP BY p, channel
UNION ALL SELECT p, 'site', site, count(*), NULL, NULL, NULL FROM facts GROUP BY p, site
UNION ALL SELECT p, 'severity', severity, count(*), NULL, NULL, NULL FROM facts GROUP BY p, severity
UNION ALL SELECT p, 'category', category, count(*), NULL, NULL, NULL FROM facts GROUP BY p, category
UNION ALL SELECT p, 'repeat_customers', NULL, count(*), sum(n), NULL, NULL
  FROM (SELECT p, customer, count(*) AS n FROM facts WHERE customer IS NOT NULL
         GROUP BY p, customer HAVING count(*) > 1)
 GROUP BY p;

-- 2. What happened in each period (partial index events_report): resolved,
-- closed, withdrawn, reopened; escalations; remedies and compensation;
-- satisfaction answers; root causes.
WITH periods(p, lo, hi) AS (VALUES ('current', :lo, :hi), ('previous', :plo, :phi))
SELECT p.p, e.kind, e.to_state, count(*) AS n,
       sum(CASE WHEN e.kind = 'remedy' THEN json_extract(e.data, '$.agreed') END) AS agreed,
       sum(CASE WHEN e.kind = 'remedy' AND json_extract(e.data, '$.agreed')
                THEN json_extract(e.data, '$.amount') END) AS compensation,
       avg(CASE WHEN e.kind = 'satisfaction' THEN json_extract(e.data, '$.satisfied') END) AS satisfied_share,
       avg(CASE WHEN e.kind = 'satisfaction' THEN json_extract(e.data, '$.outcome') END) AS fair_outcome
  FROM periods p
  JOIN events e ON e.at >= p.lo AND e.at < p.hi
 WHERE (kind = 'escalation' OR kind = 'remedy' OR kind = 'satisfaction' OR kind = 'root_cause'
        OR (kind = 'step' AND (to_state = 'resolved' OR to_state = 'closed'
        OR to_state = 'withdrawn' OR to_state = 'reopened')))
 GROUP BY p.p, e.kind, e.to_state;

-- 3. Deadlines falling due in each period (covering index clocks_due), met
-- or breached as judged now, by clock.
WITH periods(p, lo, hi) AS (VALUES ('current', :lo, :hi), ('previous', :plo, :phi))
SELECT p.p, k.kind,
       CASE WHEN k.met_at IS NOT NULL AND k.met_at <= :now
                 THEN CASE WHEN k.met_at <= k.due_at THEN 'met' ELSE 'breached' END
            WHEN k.stopped_at IS NOT NULL AND k.stopped_at <= :now
                 THEN CASE WHEN k.stopped_at <= k.due_at THEN 'void' ELSE 'breached' END
            WHEN k.paused_since IS NOT NULL AND k.paused_since < k.due_at THEN 'running'
            WHEN k.due_at <= :now THEN 'breached' ELSE 'running' END AS outcome,
       count(*) AS n
  FROM periods p
  JOIN clocks k ON k.due_at >= p.lo AND k.due_at < p.hi
 GROUP BY 1, 2, 3;

-- 4. Still open at each period's end: open now and received before it
-- (partial index complaints_open), or closed after it (complaints_closed).
WITH periods(p, asof) AS (VALUES ('current', :asof), ('previous', :pasof))
SELECT p.p,
       (SELECT count(*) FROM complaints c
         WHERE c.state NOT IN ('closed','withdrawn') AND c.received_at < p.asof)
     + (SELECT count(*) FROM complaints c
         WHERE c.closed_at >= p.asof AND c.state IN ('closed','withdrawn') AND c.received_at < p.asof)
       AS open_at_end
  FROM periods p;

-- 5. The 12-month trend: complaints received per month (index
-- complaints_received), in the sites' zone (Asia/Shanghai, UTC+8).
SELECT strftime('%Y-%m', c.received_at, 'unixepoch', '+8 hours') AS month, count(*) AS n
  FROM complaints c
 WHERE c.received_at >= :t0 AND c.received_at < :hi
 GROUP BY 1;
