DROP TABLE billing.profiles, billing.receipts, billing.receipt_series, billing.webhook_events, billing.payments;
ALTER TABLE billing.subscriptions
    DROP COLUMN scheduled_plan_id,
    DROP COLUMN failed_charges, DROP COLUMN first_failed_at, DROP COLUMN next_charge_at;
