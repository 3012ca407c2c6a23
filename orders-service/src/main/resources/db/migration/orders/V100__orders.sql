-- Read models of ticket orders (one per hold) and purchases (one per confirmed cart).
create table order_view (
    id             uuid    primary key,
    purchase_id    uuid    not null,
    reservation_id uuid    not null,
    user_id        uuid    not null,
    concert_id     uuid    not null,
    status         text    not null,
    compensated    boolean not null,
    lines          jsonb   not null,
    total_minor    bigint  not null,
    currency       text    not null,
    end_reason     text,
    version        bigint  not null
);
create index order_view_by_user on order_view (user_id);
create index order_view_by_purchase on order_view (purchase_id);
create index order_view_by_concert on order_view (concert_id, status);

create table purchase_view (
    id              uuid   primary key,
    user_id         uuid,
    status          text   not null,
    outcome         text,
    payment_status  text   not null,
    payment_id      uuid,
    expected_orders int    not null,
    timeline        jsonb  not null,
    version         bigint not null
);
create index purchase_view_by_user on purchase_view (user_id);
