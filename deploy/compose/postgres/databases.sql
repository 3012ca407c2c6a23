-- One database per service (deploy/services.txt), each with its outbox's publication, the event trigger that adds the
-- outbox table to it in the very migration that creates it, and its replication slot, made before any service or
-- connector runs (so the first events a service writes wait in the slot): the statements of the Kubernetes databases'
-- postInitApplicationSQL (deploy/k8s/base/postgres/databases.yaml), the same ones (ComposeTest checks it).
-- Run once by the postgres image, as the superuser, when its volume is new.

create database concerts;
\connect concerts
create publication outbox_concerts with (publish = 'insert');
create schema outbox_relay;
create function outbox_relay.publication_follows_outbox_table() returns event_trigger
language plpgsql security definer set search_path = pg_catalog as $$
declare
    created record;
begin
    for created in select * from pg_event_trigger_ddl_commands()
            where command_tag = 'CREATE TABLE' and object_identity = 'public.outbox' loop
        execute 'alter publication outbox_concerts add table public.outbox';
    end loop;
end $$;
create event trigger outbox_publication_follows_table on ddl_command_end when tag in ('CREATE TABLE') execute function outbox_relay.publication_follows_outbox_table();
select pg_create_logical_replication_slot('outbox_concerts', 'pgoutput', false, false, true);

create database users;
\connect users
create publication outbox_users with (publish = 'insert');
create schema outbox_relay;
create function outbox_relay.publication_follows_outbox_table() returns event_trigger
language plpgsql security definer set search_path = pg_catalog as $$
declare
    created record;
begin
    for created in select * from pg_event_trigger_ddl_commands()
            where command_tag = 'CREATE TABLE' and object_identity = 'public.outbox' loop
        execute 'alter publication outbox_users add table public.outbox';
    end loop;
end $$;
create event trigger outbox_publication_follows_table on ddl_command_end when tag in ('CREATE TABLE') execute function outbox_relay.publication_follows_outbox_table();
select pg_create_logical_replication_slot('outbox_users', 'pgoutput', false, false, true);

create database carts;
\connect carts
create publication outbox_carts with (publish = 'insert');
create schema outbox_relay;
create function outbox_relay.publication_follows_outbox_table() returns event_trigger
language plpgsql security definer set search_path = pg_catalog as $$
declare
    created record;
begin
    for created in select * from pg_event_trigger_ddl_commands()
            where command_tag = 'CREATE TABLE' and object_identity = 'public.outbox' loop
        execute 'alter publication outbox_carts add table public.outbox';
    end loop;
end $$;
create event trigger outbox_publication_follows_table on ddl_command_end when tag in ('CREATE TABLE') execute function outbox_relay.publication_follows_outbox_table();
select pg_create_logical_replication_slot('outbox_carts', 'pgoutput', false, false, true);

create database reservations;
\connect reservations
create publication outbox_reservations with (publish = 'insert');
create schema outbox_relay;
create function outbox_relay.publication_follows_outbox_table() returns event_trigger
language plpgsql security definer set search_path = pg_catalog as $$
declare
    created record;
begin
    for created in select * from pg_event_trigger_ddl_commands()
            where command_tag = 'CREATE TABLE' and object_identity = 'public.outbox' loop
        execute 'alter publication outbox_reservations add table public.outbox';
    end loop;
end $$;
create event trigger outbox_publication_follows_table on ddl_command_end when tag in ('CREATE TABLE') execute function outbox_relay.publication_follows_outbox_table();
select pg_create_logical_replication_slot('outbox_reservations', 'pgoutput', false, false, true);

create database orders;
\connect orders
create publication outbox_orders with (publish = 'insert');
create schema outbox_relay;
create function outbox_relay.publication_follows_outbox_table() returns event_trigger
language plpgsql security definer set search_path = pg_catalog as $$
declare
    created record;
begin
    for created in select * from pg_event_trigger_ddl_commands()
            where command_tag = 'CREATE TABLE' and object_identity = 'public.outbox' loop
        execute 'alter publication outbox_orders add table public.outbox';
    end loop;
end $$;
create event trigger outbox_publication_follows_table on ddl_command_end when tag in ('CREATE TABLE') execute function outbox_relay.publication_follows_outbox_table();
select pg_create_logical_replication_slot('outbox_orders', 'pgoutput', false, false, true);

create database payments;
\connect payments
create publication outbox_payments with (publish = 'insert');
create schema outbox_relay;
create function outbox_relay.publication_follows_outbox_table() returns event_trigger
language plpgsql security definer set search_path = pg_catalog as $$
declare
    created record;
begin
    for created in select * from pg_event_trigger_ddl_commands()
            where command_tag = 'CREATE TABLE' and object_identity = 'public.outbox' loop
        execute 'alter publication outbox_payments add table public.outbox';
    end loop;
end $$;
create event trigger outbox_publication_follows_table on ddl_command_end when tag in ('CREATE TABLE') execute function outbox_relay.publication_follows_outbox_table();
select pg_create_logical_replication_slot('outbox_payments', 'pgoutput', false, false, true);

create database delivery;
\connect delivery
create publication outbox_delivery with (publish = 'insert');
create schema outbox_relay;
create function outbox_relay.publication_follows_outbox_table() returns event_trigger
language plpgsql security definer set search_path = pg_catalog as $$
declare
    created record;
begin
    for created in select * from pg_event_trigger_ddl_commands()
            where command_tag = 'CREATE TABLE' and object_identity = 'public.outbox' loop
        execute 'alter publication outbox_delivery add table public.outbox';
    end loop;
end $$;
create event trigger outbox_publication_follows_table on ddl_command_end when tag in ('CREATE TABLE') execute function outbox_relay.publication_follows_outbox_table();
select pg_create_logical_replication_slot('outbox_delivery', 'pgoutput', false, false, true);

create database finance;
\connect finance
create publication outbox_finance with (publish = 'insert');
create schema outbox_relay;
create function outbox_relay.publication_follows_outbox_table() returns event_trigger
language plpgsql security definer set search_path = pg_catalog as $$
declare
    created record;
begin
    for created in select * from pg_event_trigger_ddl_commands()
            where command_tag = 'CREATE TABLE' and object_identity = 'public.outbox' loop
        execute 'alter publication outbox_finance add table public.outbox';
    end loop;
end $$;
create event trigger outbox_publication_follows_table on ddl_command_end when tag in ('CREATE TABLE') execute function outbox_relay.publication_follows_outbox_table();
select pg_create_logical_replication_slot('outbox_finance', 'pgoutput', false, false, true);
