-- Floor for `cdesk import FILE.csv`: the sqlite3 shell reading the same
-- CSV into a fresh table (created from the header row), in one go. The
-- bench runs it in a directory where import.csv is the data set's export.
.import --csv import.csv complaints
