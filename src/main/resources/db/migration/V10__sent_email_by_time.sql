-- The operator console (GET /api/ops/overview, polled every few seconds) counts the emails sent in the last hour
-- and day; sent_email keeps every order's emails, so that count needs an index on when they were sent.
create index sent_email_sent_at on sent_email (sent_at);
