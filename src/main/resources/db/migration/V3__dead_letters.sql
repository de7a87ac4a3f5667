-- One dead-letter store for both brokers, filled from every Kafka dead-letter topic and the AMQP dead-letter address.

create table dead_letter (
    id                uuid          primary key,
    source            varchar(8)    not null check (source in ('KAFKA', 'AMQP')),
    destination       varchar(249)  not null,          -- original topic or address; replay sends here
    consumer          varchar(100)  not null,          -- the consumer (channel) that gave up on it
    message_id        varchar(200)  not null,          -- CloudEvents id, or the dead-letter coordinates when it had none
    message_key       varchar(200),
    headers           jsonb         not null default '{}',
    payload           bytea,                           -- exactly the bytes received
    reason            varchar(1000),
    exception_class   varchar(300),
    cause             varchar(1000),
    attempts          integer       not null default 1,
    first_failure_at  timestamptz   not null,
    last_failure_at   timestamptz   not null,
    status            varchar(16)   not null default 'NEW' check (status in ('NEW', 'REPLAYED', 'DISCARDED')),
    replay_count      integer       not null default 0,
    last_replayed_at  timestamptz,
    dead_letter_ref   varchar(300),                    -- where it was read from: dlq topic/partition/offset or DLA
    unique (consumer, message_id)
);

create index dead_letter_status on dead_letter (status, last_failure_at);
create index dead_letter_destination on dead_letter (destination, exception_class);

-- Failures of AMQP deliveries as the email worker saw them, so that a message the broker moves to the
-- dead-letter address after its last delivery still arrives in the store with its reason and attempt count.
create table amqp_delivery_failure (
    consumer          varchar(100)  not null,
    message_id        varchar(200)  not null,
    attempts          integer       not null,
    reason            varchar(1000),
    exception_class   varchar(300),
    cause             varchar(1000),
    first_failure_at  timestamptz   not null,
    last_failure_at   timestamptz   not null,
    primary key (consumer, message_id)
);
