-- The concerts orders has learned were cancelled (concerts.events): a sale that arrives afterwards is judged by it
-- (compensated at once), read under the concert's lock (DecisionLocks).
create table cancelled_concert (
    concert_id   uuid        primary key,
    cancelled_at timestamptz not null default now()
);
