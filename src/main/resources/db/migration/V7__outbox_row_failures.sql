-- A row the broker refuses (while it takes others) is retried on its own after a backoff, and parked in the
-- dead-letter store after app.outbox.max-attempts: it no longer holds back or re-sends the rows around it.
alter table outbox_message add column first_failure_at timestamptz;  -- first refusal that counted as an attempt
alter table outbox_message add column next_attempt_at  timestamptz;  -- not sent again before this

-- Rows that failed and wait for their next attempt: few, looked up by the relay for each key it is about to send
-- (later rows of a failing key wait behind it).
create index outbox_message_failing on outbox_message (lane, message_key, seq)
    where published_at is null and first_failure_at is not null;
