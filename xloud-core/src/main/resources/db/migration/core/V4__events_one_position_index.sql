-- events_unpositioned repeated the unique index on position: both order unpositioned events by position, then by
-- row. Every event paid for it twice, at its insert and when the sequencer numbered it; the sequencer's queries
-- (position IS NULL ... ORDER BY seq, MAX(position)) read the unique index instead.
DROP INDEX events_unpositioned;
