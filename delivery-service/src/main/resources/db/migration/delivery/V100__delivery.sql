-- Ticket levels and their delivery method, as concerts.events describes them (the method is
-- never the client's or the order's).
create table concert_info (
    id        uuid    primary key,
    title     text    not null,
    venue     text,
    starts_at timestamptz,
    cancelled boolean not null default false
);

create table ticket_level_method (
    concert_id uuid not null,
    level_key  text not null, -- lower(name): levels are unique per concert case-insensitively
    name       text not null,
    method     text not null,
    primary key (concert_id, level_key)
);

-- Read model: one row per ticket.
create table ticket_view (
    id               uuid    primary key,
    order_id         uuid    not null,
    purchase_id      uuid    not null,
    user_id          uuid    not null,
    concert_id       uuid    not null,
    ticket_level     text    not null,
    method           text    not null,
    status           text    not null,
    code             text    not null,
    prepared_at      timestamptz not null,
    delivered_at     timestamptz,
    carrier          text,
    tracking_number  text,
    shipping_address jsonb,
    admitted_at      timestamptz,
    revoked_reason   text,
    version          bigint  not null
);
create index ticket_view_by_user on ticket_view (user_id);
create index ticket_view_by_order on ticket_view (order_id);
create index ticket_view_by_concert on ticket_view (concert_id);
create index ticket_view_printed_pending on ticket_view (method, status);

-- The keys that sign ticket codes; the private half AES-GCM encrypted (see SigningKeys).
create table signing_key (
    kid         text        primary key,
    public_key  text        not null, -- X.509, base64
    private_key text        not null, -- iv || AES-256-GCM(PKCS#8), base64
    created_at  timestamptz not null
);
