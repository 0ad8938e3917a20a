-- Receipts arrive in time order, so a BRIN index finds the month-old ones for the daily prune as
-- well as a btree did, and costs the ingest almost nothing: a btree on the arrival time took every
-- concurrent batch through its rightmost page (one lock), about a fifth of the ingest's SQL time
-- (pgbench, 100-event batches at 8 clients: 650 -> 810 batches/s). The prune's deletions leave
-- room that later receipts fill, blurring the ranges over months: at worst the prune reads the
-- whole table once a day.
DROP INDEX analytics.event_receipts_received;
CREATE INDEX event_receipts_received ON analytics.event_receipts USING brin (received_at);
