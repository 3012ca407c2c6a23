-- The notes test application's read model: a unique title stands for a uniqueness rule of the domain.
create table note_view (
    id       uuid    primary key,
    title    text    not null,
    archived boolean not null,
    version  bigint  not null,
    constraint note_view_title_unique unique (title)
);

-- What the echo consumer applied: one row per event it handled (a second one would break the key).
create table echo_effects (
    event_id uuid primary key,
    note_id  uuid not null
);
