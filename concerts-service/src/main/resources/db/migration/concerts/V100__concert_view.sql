-- Read model of concerts (a projection of the Concert streams; can be rebuilt from the events table).
create table concert_view (
    id                  uuid        primary key,
    title               text        not null,
    artist              text        not null,
    venue               text        not null,
    starts_at           timestamptz not null,
    status              text        not null,
    cancellation_reason text,
    ticket_levels       jsonb       not null,
    version             bigint      not null
);
create index concert_view_by_start on concert_view (starts_at, id);
