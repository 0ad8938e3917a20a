-- What a model cost per interview (tokens and micro-USD, added up over its answers), the
-- Idempotency-Key it was created with, and spoken answers: the recording's format, size and
-- object key (sealed in object storage), with its transcript as the response text.
ALTER TABLE interview.interviews
    ADD COLUMN llm_input_tokens   bigint NOT NULL DEFAULT 0 CHECK (llm_input_tokens >= 0),
    ADD COLUMN llm_output_tokens  bigint NOT NULL DEFAULT 0 CHECK (llm_output_tokens >= 0),
    ADD COLUMN llm_cost_micro_usd bigint NOT NULL DEFAULT 0 CHECK (llm_cost_micro_usd >= 0),
    ADD COLUMN idempotency_key    text CHECK (length(idempotency_key) BETWEEN 1 AND 255);
CREATE UNIQUE INDEX interviews_idempotency_key ON interview.interviews (user_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
GRANT UPDATE (llm_input_tokens, llm_output_tokens, llm_cost_micro_usd) ON interview.interviews TO entrevistador_app;

ALTER TABLE interview.responses
    ADD COLUMN audio_key    text CHECK (length(audio_key) <= 1024),
    ADD COLUMN audio_format text CHECK (audio_format IN ('webm', 'ogg', 'mp3', 'wav')),
    ADD COLUMN audio_bytes  integer CHECK (audio_bytes > 0),
    ADD CONSTRAINT responses_audio_whole CHECK ((audio_key IS NULL) = (audio_format IS NULL) AND (audio_key IS NULL) = (audio_bytes IS NULL));
