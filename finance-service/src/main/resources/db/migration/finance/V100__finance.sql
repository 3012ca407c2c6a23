-- Legal numbering: the last number issued per series and calendar year. A number is taken by
-- advancing this row in the transaction that appends the document's event (the row lock orders
-- concurrent issuers; a rollback gives the number back). Never a sequence: sequences leave gaps.
create table document_number_counter (
    series      text    not null,
    year        integer not null,
    last_number bigint  not null check (last_number >= 0),
    primary key (series, year)
);

-- Every number ever issued, once: the database itself refuses a duplicate.
create table issued_document_number (
    series     text        not null,
    year       integer     not null,
    sequence   bigint      not null check (sequence >= 1),
    number     text        not null unique,
    invoice_id uuid        not null,
    issued_at  timestamptz not null,
    primary key (series, year, sequence)
);

-- Read model: one row per invoice (its id is the purchase's), credit notes inside.
create table invoice_view (
    id                 uuid        primary key,
    number             text        not null unique,
    payment_id         uuid        not null,
    user_id            uuid        not null,
    status             text        not null,
    currency           text        not null,
    total_minor        bigint      not null,
    paid_minor         bigint      not null,
    credited_minor     bigint      not null,
    issued_at          timestamptz not null,
    paid_at            timestamptz,
    provider_reference text,
    voided_at          timestamptz,
    void_reason        text,
    document           jsonb       not null, -- {lines: [...], creditNotes: [...]}
    version            bigint      not null
);
create index invoice_view_by_user on invoice_view (user_id, issued_at);
create index invoice_view_by_issued_at on invoice_view (issued_at);

-- Read model: one row per customer.
create table financial_info_view (
    user_id    uuid    primary key,
    registered boolean not null,
    totals     jsonb   not null, -- {currencies: [...]}
    version    bigint  not null
);
