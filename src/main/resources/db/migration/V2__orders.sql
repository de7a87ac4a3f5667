-- Catalog, inventory, checkout, payment and notification data. Each feature owns its tables; they share
-- no foreign keys across features, only ids carried by messages.

-- Catalog master, written by product administration.
create table catalog_product (
    sku         varchar(64)    primary key,
    name        varchar(200)   not null,
    price       numeric(12, 2) not null check (price >= 0),
    stock       integer        not null check (stock >= 0),  -- last stock level set by an administrator
    version     bigint         not null,
    updated_at  timestamptz    not null
);

-- Inventory's own copy, fed by the catalog topic: units still available to order.
create table inventory_item (
    sku              varchar(64) primary key,
    available        integer     not null check (available >= 0),
    catalog_version  bigint      not null,
    updated_at       timestamptz not null
);

create table stock_reservation (
    order_id    uuid        not null,
    sku         varchar(64) not null,
    quantity    integer     not null check (quantity > 0),
    status      varchar(16) not null check (status in ('HELD', 'COMMITTED', 'RELEASED')),
    updated_at  timestamptz not null,
    primary key (order_id, sku)
);

-- Checkout's own copy, fed by the catalog topic: what can be ordered and at what price.
create table checkout_price (
    sku              varchar(64)    primary key,
    name             varchar(200)   not null,
    price            numeric(12, 2) not null,
    catalog_version  bigint         not null
);

create table customer_order (
    id               uuid           primary key,
    customer_email   varchar(254)   not null,
    status           varchar(24)    not null,
    total            numeric(14, 2) not null,
    idempotency_key  varchar(200)   unique,
    request_hash     varchar(64),
    created_at       timestamptz    not null,
    updated_at       timestamptz    not null,
    version          bigint         not null default 0
);

create table order_line (
    order_id    uuid           not null references customer_order (id),
    line_no     integer        not null,
    sku         varchar(64)    not null,
    quantity    integer        not null check (quantity > 0),
    unit_price  numeric(12, 2) not null,
    primary key (order_id, line_no)
);

create table order_history (
    id        bigint generated always as identity primary key,
    order_id  uuid         not null references customer_order (id),
    status    varchar(24)  not null,
    detail    varchar(500),
    at        timestamptz  not null
);

create index order_history_order on order_history (order_id, id);

-- Payments as this service records them.
create table payment (
    order_id      uuid           primary key,
    amount        numeric(14, 2) not null,
    status        varchar(16)    not null check (status in ('CAPTURED', 'DECLINED')),
    provider_ref  varchar(100),
    reason        varchar(300),
    created_at    timestamptz    not null
);

-- The simulated payment provider's own ledger (an external system in production): one charge per idempotency key.
create table simulated_provider_charge (
    idempotency_key  varchar(100)   primary key,
    amount           numeric(14, 2) not null,
    status           varchar(16)    not null,
    reference        varchar(100)   not null,
    created_at       timestamptz    not null
);

create table sent_email (
    order_id    uuid         not null,
    kind        varchar(24)  not null,
    message_id  varchar(200) not null,
    recipient   varchar(254) not null,
    sent_at     timestamptz  not null,
    primary key (order_id, kind)
);
