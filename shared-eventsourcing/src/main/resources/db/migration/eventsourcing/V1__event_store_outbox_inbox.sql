-- Event-sourcing tables every service has. Library migrations use versions 1-99; a service's own start at 100.

-- The event store: append-only, one row per domain event.
create table events (
    global_position bigserial   primary key,
    event_id        uuid        not null,
    stream_id       uuid        not null,
    stream_type     text        not null,
    stream_version  bigint      not null check (stream_version > 0),
    event_type      text        not null,
    schema_version  int         not null default 1 check (schema_version > 0),
    data            jsonb       not null,
    metadata        jsonb       not null default '{}'::jsonb,
    recorded_at     timestamptz not null default now(),
    constraint events_event_id_unique unique (event_id),
    -- optimistic concurrency: two writers of the same version cannot both commit
    constraint events_stream_version_unique unique (stream_id, stream_version)
);
create index events_by_stream_type on events (stream_type, global_position);

-- Append-only in the database itself, not by convention.
create function events_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'the events table is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;
create trigger events_no_update_or_delete before update or delete on events
    for each row execute function events_refuse_change();
create trigger events_no_truncate before truncate on events
    for each statement execute function events_refuse_change();

-- The transactional outbox, shaped for Debezium's Outbox Event Router; the relay reads it from the WAL.
create table outbox (
    id             uuid        primary key,
    aggregatetype  text        not null,
    aggregateid    text        not null,
    type           text        not null,
    payload        jsonb       not null,
    source         text        not null,
    correlation_id text,
    causation_id   text,
    schema_version int         not null default 1,
    created_at     timestamptz not null default now()
);

-- The inbox: integration events a consumer has already applied, written in the same transaction as its effects.
create table processed_messages (
    consumer     text        not null,
    message_id   uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, message_id)
);
