-- Read model of payments (no payment method, no provider secret).
create table payment_view (
    id                 uuid   primary key,
    purchase_id        uuid   not null,
    user_id            uuid   not null,
    status             text   not null,
    amount_minor       bigint not null,
    currency           text   not null,
    provider_reference text,
    failure_reason     text,
    settled_by         text,
    refunded_minor     bigint not null,
    version            bigint not null
);
create index payment_view_by_user on payment_view (user_id);

-- What payments knows of each purchase, from orders.events: the amount is the sum of its orders.
create table payable_purchase (
    purchase_id     uuid    primary key,
    user_id         uuid    not null,
    expected_orders int     not null,
    orders          jsonb   not null,
    blocked         boolean not null default false,
    ended           boolean not null default false
);

-- Each refund of a compensated order: its id is its idempotency key at the provider.
create table refund_request (
    id         uuid primary key,
    payment_id uuid not null,
    order_id   uuid not null
);

-- Provider webhooks already applied (the provider may deliver one more than once).
create table provider_webhook (
    event_id    text        primary key,
    received_at timestamptz not null default now()
);
