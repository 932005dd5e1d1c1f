-- Floor for `cdesk --db postgresql:///fresh import FILE.csv`: psql's
-- \copy of the same CSV into a plain table of text columns, one per
-- column of the header row (`cdesk export`'s, listed here: psql cannot
-- make a table from a header as the sqlite3 shell's .import does), in one
-- go, into a fresh database. As sql/import.sql, the bench runs it with
-- :dir the directory where import.csv is the data set's export.
\cd :dir
CREATE TABLE complaints(id text, state text, site text, channel text, category text, severity text,
  customer text, phone text, plate text, reference text, description text, request text, need text,
  behaviour text, receiver text, owner text, received text, updated text, resolved text, closed text,
  escalation_level text, escalated_to text, reopened text);
\copy complaints FROM 'import.csv' WITH (FORMAT csv, HEADER true)
