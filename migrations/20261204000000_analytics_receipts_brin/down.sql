DROP INDEX analytics.event_receipts_received;
CREATE INDEX event_receipts_received ON analytics.event_receipts (received_at);
