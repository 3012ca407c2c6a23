-- The books that check themselves (PurchaseAudit): what each context published about a purchase, collected from
-- their topics; the concerts known cancelled; and each purchase whose books did not balance when last checked.
create table audit_purchase (
    purchase_id  uuid        primary key,
    facts        jsonb       not null,
    last_fact_at timestamptz not null,
    checked_at   timestamptz
);

create table audit_cancelled_concert (
    concert_id   uuid        primary key,
    cancelled_at timestamptz not null default now()
);

create table audit_discrepancy (
    purchase_id uuid        primary key,
    found_at    timestamptz not null,
    problems    jsonb       not null
);
create index audit_discrepancy_by_time on audit_discrepancy (found_at);
