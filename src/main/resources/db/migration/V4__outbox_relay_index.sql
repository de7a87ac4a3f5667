-- The relay reads unpublished rows in sequence order; published rows are kept for a day, so the plan must not
-- walk them. This partial index holds only what is still to be sent.
create index outbox_message_unpublished_seq on outbox_message (seq) where published_at is null;
