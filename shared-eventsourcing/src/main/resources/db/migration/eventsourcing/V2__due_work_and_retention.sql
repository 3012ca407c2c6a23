-- Durable timers and retried work (DueWork): one row per kind of work and stream, written in the
-- transaction that makes it necessary, claimed with FOR UPDATE SKIP LOCKED when due (database time).
create table due_work (
    id              uuid        primary key,
    kind            text        not null,
    stream_id       uuid        not null,
    due_at          timestamptz not null,
    next_attempt_at timestamptz not null,
    attempts        int         not null default 0,
    last_error      text,
    correlation_id  text        not null,
    causation_id    text        not null,
    constraint due_work_one_per_kind_and_stream unique (kind, stream_id)
);
create index due_work_next_attempt on due_work (next_attempt_at);
create index due_work_by_stream on due_work (stream_id);

-- The purge deletes old outbox and inbox rows in batches, oldest first.
create index outbox_by_age on outbox (created_at);
create index processed_messages_by_age on processed_messages (processed_at);
