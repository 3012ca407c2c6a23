-- Test only: what the probe consumer applied. No unique key on purpose: a double application would show.
create table probe_effects (
    id         bigserial primary key,
    event_id   uuid      not null,
    event_type text      not null,
    subject    text
);
