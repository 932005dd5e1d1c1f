-- Floor for `cdesk report --month M --format json`: the report's figures
-- and tables as plain SQL aggregates over the same rows src/store/report.c
-- streams, through the same indexes, for the month and the month before,
-- and the 12-month trend. It computes what plain SQL can of the report:
-- every count, sum and share, and every table by a column (channel, site,
-- severity, category, need, behaviour; escalations by level and rule,
-- remedies by kind, causes by side; deadlines by clock, site and owner).
-- It leaves out what needs more than an aggregate (medians and
-- percentiles, working time on the holiday calendar, the longest silence,
-- measures' deadlines, the daily series, Pareto ranks, received complaints
-- by their cause's side) and takes averages instead, so it is a lower
-- bound. Each statement is written the fastest way found (see
-- docs/performance.md).
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
-- channel, site, severity, category, need and behaviour; repeat customers.
-- Each period is its own SELECT: with the periods as an outer loop SQLite
-- sorts the facts for the GROUP BY, read in order within one period.
WITH facts AS MATERIALIZED (
  SELECT 'current' AS p, c.id, c.channel, c.site, c.severity, c.category, c.need, c.behaviour, c.received_at,
         CASE WHEN c.phone IS NOT NULL OR c.ckey IS NOT NULL THEN coalesce(c.ckey, c.id) END AS customer,
         min(CASE WHEN e.kind = 'contact' THEN e.at END) AS first_contact,
         min(CASE WHEN e.to_state = 'resolved' THEN e.at END) AS first_resolved,
         sum(e.kind = 'contact') AS contacts,
         sum(e.kind IN ('feedback', 'promise')) AS follow_ups
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
         sum(e.kind = 'contact') AS contacts,
         sum(e.kind IN ('feedback', 'promise')) AS follow_ups
    FROM complaints c
    JOIN events e ON e.complaint_id = c.id
   WHERE c.received_at >= :plo AND c.received_at < :phi
     AND (kind = 'received' OR kind = 'contact' OR kind = 'feedback' OR kind = 'promise'
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
UNION ALL SELECT p, 'need', need, count(*), NULL, NULL, NULL FROM facts GROUP BY p, need
UNION ALL SELECT p, 'behaviour', behaviour, count(*), NULL, NULL, NULL FROM facts GROUP BY p, behaviour
UNION ALL SELECT p, 'repeat_customers', NULL, count(*), sum(n), NULL, NULL
  FROM (SELECT p, customer, count(*) AS n FROM facts WHERE customer IS NOT NULL
         GROUP BY p, customer HAVING count(*) > 1)
 GROUP BY p;

-- 2. What happened in each period (partial index events_report): resolved,
-- closed, withdrawn, reopened; escalations; remedies and compensation;
-- satisfaction answers; root causes. One SELECT per period without a GROUP
-- BY: a value is then read from an event's JSON only for the kind that has
-- it, and a step from the index alone (a GROUP BY had SQLite copy every
-- event's JSON into its sorter, reading every row).
SELECT 'current' AS p,
       sum(e.kind = 'escalation') AS escalations,
       sum(e.kind = 'remedy') AS remedies,
       sum(e.kind = 'satisfaction') AS answers,
       sum(e.kind = 'root_cause') AS causes,
       sum(e.to_state = 'resolved') AS resolved, sum(e.to_state = 'closed') AS closed,
       sum(e.to_state = 'withdrawn') AS withdrawn, sum(e.to_state = 'reopened') AS reopened,
       sum(CASE WHEN e.kind = 'remedy' THEN json_extract(e.data, '$.agreed') END) AS agreed,
       sum(CASE WHEN e.kind = 'remedy' AND json_extract(e.data, '$.agreed')
                THEN json_extract(e.data, '$.amount') END) AS compensation,
       avg(CASE WHEN e.kind = 'satisfaction' THEN json_extract(e.data, '$.satisfied') END) AS satisfied_share,
       avg(CASE WHEN e.kind = 'satisfaction' THEN json_extract(e.data, '$.outcome') END) AS fair_outcome
  FROM events e
 WHERE e.at >= :lo AND e.at < :hi
   AND (kind = 'escalation' OR kind = 'remedy' OR kind = 'satisfaction' OR kind = 'root_cause'
        OR (kind = 'step' AND (to_state = 'resolved' OR to_state = 'closed'
        OR to_state = 'withdrawn' OR to_state = 'reopened')))
UNION ALL
SELECT 'previous' AS p,
       sum(e.kind = 'escalation') AS escalations,
       sum(e.kind = 'remedy') AS remedies,
       sum(e.kind = 'satisfaction') AS answers,
       sum(e.kind = 'root_cause') AS causes,
       sum(e.to_state = 'resolved') AS resolved, sum(e.to_state = 'closed') AS closed,
       sum(e.to_state = 'withdrawn') AS withdrawn, sum(e.to_state = 'reopened') AS reopened,
       sum(CASE WHEN e.kind = 'remedy' THEN json_extract(e.data, '$.agreed') END) AS agreed,
       sum(CASE WHEN e.kind = 'remedy' AND json_extract(e.data, '$.agreed')
                THEN json_extract(e.data, '$.amount') END) AS compensation,
       avg(CASE WHEN e.kind = 'satisfaction' THEN json_extract(e.data, '$.satisfied') END) AS satisfied_share,
       avg(CASE WHEN e.kind = 'satisfaction' THEN json_extract(e.data, '$.outcome') END) AS fair_outcome
  FROM events e
 WHERE e.at >= :plo AND e.at < :phi
   AND (kind = 'escalation' OR kind = 'remedy' OR kind = 'satisfaction' OR kind = 'root_cause'
        OR (kind = 'step' AND (to_state = 'resolved' OR to_state = 'closed'
        OR to_state = 'withdrawn' OR to_state = 'reopened')));

-- 2b. The breakdowns of section 2's events: escalations by level and
-- rule, remedies by kind (agreed or not, with the compensation), root
-- causes by side. Each reads the period's range of events_report once for
-- one kind, and only that kind's rows.
SELECT 'current' AS p, 'escalation' AS kind, json_extract(e.data, '$.level') AS a, json_extract(e.data, '$.rule') AS b, NULL AS c, count(*) AS n FROM events e WHERE e.at >= :lo AND e.at < :hi AND e.kind = 'escalation' GROUP BY 3, 4
UNION ALL
SELECT 'current' AS p, 'remedy' AS kind, json_extract(e.data, '$.remedy'), json_extract(e.data, '$.agreed'), sum(json_extract(e.data, '$.amount')), count(*) AS n FROM events e WHERE e.at >= :lo AND e.at < :hi AND e.kind = 'remedy' GROUP BY 3, 4
UNION ALL
SELECT 'current' AS p, 'root_cause' AS kind, json_extract(e.data, '$.side'), NULL, NULL, count(*) AS n FROM events e WHERE e.at >= :lo AND e.at < :hi AND e.kind = 'root_cause' GROUP BY 3
UNION ALL
SELECT 'previous' AS p, 'escalation' AS kind, json_extract(e.data, '$.level') AS a, json_extract(e.data, '$.rule') AS b, NULL AS c, count(*) AS n FROM events e WHERE e.at >= :plo AND e.at < :phi AND e.kind = 'escalation' GROUP BY 3, 4
UNION ALL
SELECT 'previous' AS p, 'remedy' AS kind, json_extract(e.data, '$.remedy'), json_extract(e.data, '$.agreed'), sum(json_extract(e.data, '$.amount')), count(*) AS n FROM events e WHERE e.at >= :plo AND e.at < :phi AND e.kind = 'remedy' GROUP BY 3, 4
UNION ALL
SELECT 'previous' AS p, 'root_cause' AS kind, json_extract(e.data, '$.side'), NULL, NULL, count(*) AS n FROM events e WHERE e.at >= :plo AND e.at < :phi AND e.kind = 'root_cause' GROUP BY 3;

-- 3. Deadlines falling due in each period (covering index clocks_due), met
-- or breached as judged now: by clock, and with each deadline's complaint
-- by site and by owner. Grouped once by all four, then summed per table.
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
WITH RECURSIVE months(i, lo, hi) AS (
  SELECT 0, :t0, CAST(strftime('%s', :t0 + 8 * 3600, 'unixepoch', '+1 month') AS INTEGER) - 8 * 3600
  UNION ALL
  SELECT i + 1, hi, CAST(strftime('%s', hi + 8 * 3600, 'unixepoch', '+1 month') AS INTEGER) - 8 * 3600
    FROM months WHERE i < 11)
SELECT strftime('%Y-%m', lo + 8 * 3600, 'unixepoch') AS month,
       (SELECT count(*) FROM complaints c WHERE c.received_at >= months.lo AND c.received_at < months.hi) AS n
  FROM months;
