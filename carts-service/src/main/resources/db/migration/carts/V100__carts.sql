-- Read model of carts.
create table cart_view (
    id          uuid   primary key,
    user_id     uuid,
    status      text   not null,
    lines       jsonb  not null,
    total_minor bigint,
    currency    text,
    version     bigint not null
);
create index cart_view_by_user on cart_view (user_id);

-- The catalog: what concerts.events said about each concert and its ticket levels.
create table catalog_concert (
    id        uuid primary key,
    title     text not null,
    cancelled boolean not null default false
);
create table catalog_level (
    concert_id      uuid   not null references catalog_concert (id),
    name            text   not null,
    price_minor     bigint not null,
    currency        text   not null,
    delivery_method text   not null,
    primary key (concert_id, name)
);

-- A user has at most one confirmed cart in flight: the primary key is the rule. The row goes when
-- that purchase ends (reservation rejected; later: orders completed or cancelled).
create table purchase_in_flight (
    user_id uuid primary key,
    cart_id uuid not null unique
);
