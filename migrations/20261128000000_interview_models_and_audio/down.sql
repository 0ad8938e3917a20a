ALTER TABLE interview.responses DROP CONSTRAINT responses_audio_whole,
    DROP COLUMN audio_key, DROP COLUMN audio_format, DROP COLUMN audio_bytes;
DROP INDEX interview.interviews_idempotency_key;
ALTER TABLE interview.interviews DROP COLUMN llm_input_tokens, DROP COLUMN llm_output_tokens, DROP COLUMN llm_cost_micro_usd,
    DROP COLUMN idempotency_key;
