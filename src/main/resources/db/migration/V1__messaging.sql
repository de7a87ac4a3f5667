-- Shared messaging machinery: transactional outbox and inbox (processed messages).

create table outbox_message (
    id             uuid primary key,                -- CloudEvents id, stable across retries and replays
    seq            bigint generated always as identity unique,
    lane           smallint     not null,           -- hash of the message key: one relay at a time per lane keeps per-key order
    transport      varchar(8)   not null check (transport in ('KAFKA', 'AMQP')),
    destination    varchar(249) not null,           -- Kafka topic or AMQP address
    message_key    varchar(200),
    type           varchar(120) not null,
    source         varchar(200) not null,
    subject        varchar(200),
    payload        text         not null,
    created_at     timestamptz  not null default now(),
    published_at   timestamptz,
    attempts       integer      not null default 0,
    last_error     varchar(1000)
);

create index outbox_message_unpublished on outbox_message (lane, seq) where published_at is null;
create index outbox_message_published_at on outbox_message (published_at) where published_at is not null;

-- Wake the relay on commit: one notification per inserting statement, delivered only if the transaction commits.
create function outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox', '');
    return null;
end;
$$;

create trigger outbox_message_notify after insert on outbox_message
    for each statement execute function outbox_notify();

create table processed_message (
    consumer      varchar(100) not null,
    message_id    varchar(200) not null,
    processed_at  timestamptz  not null default now(),
    primary key (consumer, message_id)
);

create index processed_message_processed_at on processed_message (processed_at);
