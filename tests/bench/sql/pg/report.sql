-- Floor for `cdesk report --month M --format json` on PostgreSQL: the same
-- figures and tables as sql/report.sql computes on SQLite (read that
-- file's header for what it leaves out and why it is a lower bound),
-- statement for statement in PostgreSQL's dialect, over the rows the
-- PostgreSQL store streams to the report (pg_report_received,
-- pg_report_events, pg_report_clocks, pg_report_open_at and
-- pg_count_received in src/store/pg_report.c) and through the same
-- indexes. An event's value is read from its jsonb column doc as those
-- statements read it: text with ->>, a number or boolean with cdesk_num()
-- (the schema's function, as SQLite's json_extract gives it).
--
-- The event terms are CD_FACT_EVENTS and CD_REPORT_EVENTS of
-- src/store/rows.h, word for word, the predicates of the partial indexes
-- events_facts and events_report (pg_schema.c). Change them together.
--
-- Parameters (Unix seconds): :lo :hi the month, :plo :phi the month
-- before, :asof :pasof the instants "still open at the end" is taken at
-- (the end, or now if sooner), :t0 the first month of the trend, :now.
-- psql writes unaligned rows, '|' between fields; the first statement's
-- row current|received||N|… is the month's complaints received.

-- 1. Complaints received in each period, with the facts from their own
-- events: first contact, first resolution, first-contact resolution,
-- answered. Counted in total and by channel, site, severity, category,
-- need and behaviour; repeat customers.
WITH facts AS MATERIALIZED (
  SELECT 'current' AS p, c.id, c.channel, c.site, c.severity, c.category, c.need, c.behaviour, c.received_at,
         CASE WHEN c.phone IS NOT NULL OR c.ckey IS NOT NULL THEN coalesce(c.ckey, c.id) END AS customer,
         min(CASE WHEN e.kind = 'contact' THEN e.at END) AS first_contact,
         min(CASE WHEN e.to_state = 'resolved' THEN e.at END) AS first_resolved,
         count(*) FILTER (WHERE e.kind = 'contact') AS contacts,
         count(*) FILTER (WHERE e.kind IN ('feedback', 'promise')) AS follow_ups
    FROM complaints c
    JOIN events e ON e.complaint_id = c.id
   WHERE c.received_at >= :lo AND c.received_at < :hi
     AND (kind = 'received' OR kind = 'contact' OR kind = 'feedback' OR kind = 'promise'
          OR kind = 'promise_kept' OR kind = 'remedy' OR kind = 'satisfaction' OR kind = 'root_cause'
          OR (kind = 'step' AND (to_state = 'resolved' OR to_state = 'withdrawn')))
   GROUP BY c.received_at, c.id
  UNION ALL
  SELECT 'previous' AS p, c.id, c.channel, c.site, c.severity, c.category, c.need, c.behaviour, c.received_at,
         CASE WHEN c.phone IS NOT NULL OR c.ckey IS NOT NULL THEN coalesce(c.ckey, c.id) END AS customer,
         min(CASE WHEN e.kind = 'contact' THEN e.at END) AS first_contact,
         min(CASE WHEN e.to_state = 'resolved' THEN e.at END) AS first_resolved,
         count(*) FILTER (WHERE e.kind = 'contact') AS contacts,
         count(*) FILTER (WHERE e.kind IN ('feedback', 'promise')) AS follow_ups
    FROM complaints c
    JOIN events e ON e.complaint_id = c.id
   WHERE c.received_at >= :plo AND c.received_at < :phi
     AND (kind = 'received' OR kind = 'contact' OR kind = 'feedback' OR kind = 'promise'
          OR kind = 'promise_kept' OR kind = 'remedy' OR kind = 'satisfaction' OR kind = 'root_cause'
          OR (kind = 'step' AND (to_state = 'resolved' OR to_state = 'withdrawn')))
   GROUP BY c.received_at, c.id)
SELECT p, 'received' AS dim, NULL::text AS key, count(*) AS n,
       avg(first_contact - received_at) AS contact_s,
       avg(first_resolved - received_at) AS resolve_s,
       avg((first_resolved IS NOT NULL AND contacts <= 1 AND follow_ups = 0)::int) AS fcr_share
  FROM facts GROUP BY p
UNION ALL SELECT p, 'channel', channel, count(*), NULL, NULL, NULL FROM facts GROUP BY p, channel
UNION ALL SELECT p, 'site', site, count(*), NULL, NULL, NULL FROM facts GROUP BY p, site
UNION ALL SELECT p, 'severity', severity, count(*), NULL, NULL, NULL FROM facts GROUP BY p, severity
UNION ALL SELECT p, 'category', category, count(*), NULL, NULL, NULL FROM facts GROUP BY p, category
UNION ALL SELECT p, 'need', need, count(*), NULL, NULL, NULL FROM facts GROUP BY p, need
UNION ALL SELECT p, 'behaviour', behaviour, count(*), NULL, NULL, NULL FROM facts GROUP BY p, behaviour
UNION ALL SELECT p, 'repeat_customers', NULL, count(*), sum(n), NULL, NULL
  FROM (SELECT p, customer, count(*) AS n FROM facts WHERE customer IS NOT NULL
         GROUP BY p, customer HAVING count(*) > 1) r
 GROUP BY p;

-- 2. What happened in each period: resolved, closed, withdrawn, reopened;
-- escalations; remedies and compensation; satisfaction answers; root
-- causes. One SELECT per period, as on SQLite.
SELECT 'current' AS p,
       count(*) FILTER (WHERE e.kind = 'escalation') AS escalations,
       count(*) FILTER (WHERE e.kind = 'remedy') AS remedies,
       count(*) FILTER (WHERE e.kind = 'satisfaction') AS answers,
       count(*) FILTER (WHERE e.kind = 'root_cause') AS causes,
       count(*) FILTER (WHERE e.to_state = 'resolved') AS resolved,
       count(*) FILTER (WHERE e.to_state = 'closed') AS closed,
       count(*) FILTER (WHERE e.to_state = 'withdrawn') AS withdrawn,
       count(*) FILTER (WHERE e.to_state = 'reopened') AS reopened,
       sum(CASE WHEN e.kind = 'remedy' THEN cdesk_num(e.doc -> 'agreed') END) AS agreed,
       sum(CASE WHEN e.kind = 'remedy' AND cdesk_num(e.doc -> 'agreed') <> 0
                THEN cdesk_num(e.doc -> 'amount') END) AS compensation,
       avg(CASE WHEN e.kind = 'satisfaction' THEN cdesk_num(e.doc -> 'satisfied') END) AS satisfied_share,
       avg(CASE WHEN e.kind = 'satisfaction' THEN cdesk_num(e.doc -> 'outcome') END) AS fair_outcome
  FROM events e
 WHERE e.at >= :lo AND e.at < :hi
   AND (kind = 'escalation' OR kind = 'remedy' OR kind = 'satisfaction' OR kind = 'root_cause'
        OR (kind = 'step' AND (to_state = 'resolved' OR to_state = 'closed'
        OR to_state = 'withdrawn' OR to_state = 'reopened')))
UNION ALL
SELECT 'previous' AS p,
       count(*) FILTER (WHERE e.kind = 'escalation') AS escalations,
       count(*) FILTER (WHERE e.kind = 'remedy') AS remedies,
       count(*) FILTER (WHERE e.kind = 'satisfaction') AS answers,
       count(*) FILTER (WHERE e.kind = 'root_cause') AS causes,
       count(*) FILTER (WHERE e.to_state = 'resolved') AS resolved,
       count(*) FILTER (WHERE e.to_state = 'closed') AS closed,
       count(*) FILTER (WHERE e.to_state = 'withdrawn') AS withdrawn,
       count(*) FILTER (WHERE e.to_state = 'reopened') AS reopened,
       sum(CASE WHEN e.kind = 'remedy' THEN cdesk_num(e.doc -> 'agreed') END) AS agreed,
       sum(CASE WHEN e.kind = 'remedy' AND cdesk_num(e.doc -> 'agreed') <> 0
                THEN cdesk_num(e.doc -> 'amount') END) AS compensation,
       avg(CASE WHEN e.kind = 'satisfaction' THEN cdesk_num(e.doc -> 'satisfied') END) AS satisfied_share,
       avg(CASE WHEN e.kind = 'satisfaction' THEN cdesk_num(e.doc -> 'outcome') END) AS fair_outcome
  FROM events e
 WHERE e.at >= :plo AND e.at < :phi
   AND (kind = 'escalation' OR kind = 'remedy' OR kind = 'satisfaction' OR kind = 'root_cause'
        OR (kind = 'step' AND (to_state = 'resolved' OR to_state = 'closed'
        OR to_state = 'withdrawn' OR to_state = 'reopened')));

-- 2b. The breakdowns of section 2's events: escalations by level and
-- rule, remedies by kind (agreed or not, with the compensation), root
-- causes by side. The keys as text, so the branches' columns agree.
SELECT 'current' AS p, 'escalation' AS kind, cdesk_num(e.doc -> 'level')::text AS a, e.doc ->> 'rule' AS b, NULL::numeric AS c, count(*) AS n FROM events e WHERE e.at >= :lo AND e.at < :hi AND e.kind = 'escalation' GROUP BY 3, 4
UNION ALL
SELECT 'current' AS p, 'remedy' AS kind, e.doc ->> 'remedy', cdesk_num(e.doc -> 'agreed')::text, sum(cdesk_num(e.doc -> 'amount')), count(*) AS n FROM events e WHERE e.at >= :lo AND e.at < :hi AND e.kind = 'remedy' GROUP BY 3, 4
UNION ALL
SELECT 'current' AS p, 'root_cause' AS kind, e.doc ->> 'side', NULL, NULL, count(*) AS n FROM events e WHERE e.at >= :lo AND e.at < :hi AND e.kind = 'root_cause' GROUP BY 3
UNION ALL
SELECT 'previous' AS p, 'escalation' AS kind, cdesk_num(e.doc -> 'level')::text AS a, e.doc ->> 'rule' AS b, NULL::numeric AS c, count(*) AS n FROM events e WHERE e.at >= :plo AND e.at < :phi AND e.kind = 'escalation' GROUP BY 3, 4
UNION ALL
SELECT 'previous' AS p, 'remedy' AS kind, e.doc ->> 'remedy', cdesk_num(e.doc -> 'agreed')::text, sum(cdesk_num(e.doc -> 'amount')), count(*) AS n FROM events e WHERE e.at >= :plo AND e.at < :phi AND e.kind = 'remedy' GROUP BY 3, 4
UNION ALL
SELECT 'previous' AS p, 'root_cause' AS kind, e.doc ->> 'side', NULL, NULL, count(*) AS n FROM events e WHERE e.at >= :plo AND e.at < :phi AND e.kind = 'root_cause' GROUP BY 3;

-- 3. Deadlines falling due in each period (index clocks_due), met or
-- breached as judged now: by clock, and with each deadline's complaint by
-- site and by owner. Grouped once by all four, then summed per table.
WITH d AS MATERIALIZED (
  SELECT 'current' AS p, k.kind, c.site, c.owner,
         CASE WHEN k.met_at IS NOT NULL AND k.met_at <= :now
                 THEN CASE WHEN k.met_at <= k.due_at THEN 'met' ELSE 'breached' END
            WHEN k.stopped_at IS NOT NULL AND k.stopped_at <= :now
                 THEN CASE WHEN k.stopped_at <= k.due_at THEN 'void' ELSE 'breached' END
            WHEN k.paused_since IS NOT NULL AND k.paused_since < k.due_at THEN 'running'
            WHEN k.due_at <= :now THEN 'breached' ELSE 'running' END AS outcome, count(*) AS n
    FROM clocks k JOIN complaints c ON c.id = k.complaint_id
   WHERE k.due_at >= :lo AND k.due_at < :hi
   GROUP BY 2, 3, 4, 5
  UNION ALL
  SELECT 'previous' AS p, k.kind, c.site, c.owner,
         CASE WHEN k.met_at IS NOT NULL AND k.met_at <= :now
                 THEN CASE WHEN k.met_at <= k.due_at THEN 'met' ELSE 'breached' END
            WHEN k.stopped_at IS NOT NULL AND k.stopped_at <= :now
                 THEN CASE WHEN k.stopped_at <= k.due_at THEN 'void' ELSE 'breached' END
            WHEN k.paused_since IS NOT NULL AND k.paused_since < k.due_at THEN 'running'
            WHEN k.due_at <= :now THEN 'breached' ELSE 'running' END AS outcome, count(*) AS n
    FROM clocks k JOIN complaints c ON c.id = k.complaint_id
   WHERE k.due_at >= :plo AND k.due_at < :phi
   GROUP BY 2, 3, 4, 5)
SELECT p, 'clock' AS dim, kind AS key, outcome, sum(n) AS n FROM d GROUP BY p, kind, outcome
UNION ALL SELECT p, 'site', site, outcome, sum(n) FROM d GROUP BY p, site, outcome
UNION ALL SELECT p, 'owner', owner, outcome, sum(n) FROM d GROUP BY p, owner, outcome;

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

-- 5. The 12-month trend: complaints received per month, counted over the
-- index complaints_received one month's range at a time, the months'
-- bounds in the sites' zone (Asia/Shanghai, UTC+8, no summer time).
SELECT to_char(m.start, 'YYYY-MM') AS month,
       (SELECT count(*) FROM complaints c WHERE c.received_at >= m.lo AND c.received_at < m.hi) AS n
  FROM (SELECT i, x.start,
               extract(epoch FROM x.start)::bigint - 8 * 3600 AS lo,
               extract(epoch FROM x.start + interval '1 month')::bigint - 8 * 3600 AS hi
          FROM generate_series(0, 11) AS i,
               LATERAL (SELECT (to_timestamp(:t0 + 8 * 3600) AT TIME ZONE 'UTC') + i * interval '1 month' AS start) x) m
 ORDER BY m.i;
