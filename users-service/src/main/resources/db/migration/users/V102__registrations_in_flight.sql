-- Registrations between their two writes (Keycloak's account, then the event store's UserRegistered): the
-- reconciler leaves those accounts to their registration for a while. Any other account Keycloak has and the event
-- store lacks (the realm's own, one left by a registration that died) is recorded at once.
create table registration_in_flight (
    id         uuid        primary key,
    username   text        not null,
    started_at timestamptz not null default now()
);
create index registration_in_flight_username on registration_in_flight (username);
