-- Read model of users (a projection of the User streams).
create table user_view (
    id           uuid   primary key,
    username     text   not null,
    email        text   not null,
    display_name text   not null,
    role         text   not null check (role in ('CUSTOMER', 'ADMIN')),
    version      bigint not null,
    constraint user_view_username_unique unique (username),
    constraint user_view_email_unique unique (email)
);

-- Serialises role changes, so two admins demoting each other cannot both pass the last-admin check.
create table admin_guard (id int primary key);
insert into admin_guard values (1);

-- Role changes Keycloak still has to apply: written with the event, removed once Keycloak has it.
create table keycloak_role_sync (
    user_id         uuid        primary key,
    role            text        not null,
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text
);
