-- The relay is no longer woken by a NOTIFY inside each inserting transaction: PostgreSQL serialises the commits of
-- notifying transactions (WAL flush included) behind one database-wide lock, which halved concurrent writers.
-- The application now wakes its own relay after commit, or announces commits with a coalesced NOTIFY sent on a
-- separate connection (OutboxNotifications); relays also poll.
drop trigger outbox_message_notify on outbox_message;
drop function outbox_notify();
