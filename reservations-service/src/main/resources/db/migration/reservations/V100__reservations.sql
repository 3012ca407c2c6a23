-- Capacity per concert and level (fed by concerts.events) and tickets held. Taking tickets is a
-- conditional update (reserved + n <= capacity); an admin lowering capacity below what is held
-- does not take tickets back, it only stops new reservations.
create table concert_state (
    concert_id uuid    primary key,
    cancelled  boolean not null default false
);
create table level_capacity (
    concert_id uuid not null,
    level      text not null,
    capacity   int  not null check (capacity >= 0),
    reserved   int  not null default 0 check (reserved >= 0),
    primary key (concert_id, level)
);

-- Read model of reservations and rejections.
create table reservation_view (
    id         uuid   primary key,
    cart_id    uuid   not null,
    user_id    uuid   not null,
    concert_id uuid,
    status     text   not null,
    lines      jsonb,
    currency   text,
    expires_at timestamptz,
    version    bigint not null
);
create index reservation_view_by_user on reservation_view (user_id);

-- The durable hold-time timer: one row per active reservation.
create table reservation_expiry (
    reservation_id uuid        primary key,
    expires_at     timestamptz not null
);
create index reservation_expiry_due on reservation_expiry (expires_at);
