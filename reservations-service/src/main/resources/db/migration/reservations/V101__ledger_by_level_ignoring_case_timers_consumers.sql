-- The capacity ledger is keyed by (concert, lower(level)), as it is matched: a level renamed only
-- by case is the same level and keeps its reserved tickets. Rows that differ only by case are
-- merged first (capacity: the current one, which the other rows had set to 0; reserved: summed).
-- The key is a stored generated column, so it can be the primary key (every table the outbox
-- relay's publication covers needs one, for its updates to be replicated).
create table level_capacity_merged as
select distinct on (concert_id, lower(level)) concert_id, level,
       max(capacity) over same_level as capacity,
       sum(reserved) over same_level as reserved
from level_capacity
window same_level as (partition by concert_id, lower(level))
order by concert_id, lower(level), capacity desc;

delete from level_capacity;
alter table level_capacity drop constraint level_capacity_pkey;
alter table level_capacity add column level_key text generated always as (lower(level)) stored;
insert into level_capacity (concert_id, level, capacity, reserved)
select concert_id, level, capacity, reserved from level_capacity_merged;
drop table level_capacity_merged;
alter table level_capacity add constraint level_capacity_pkey primary key (concert_id, level_key);

-- Hold expiry moves onto the shared durable timers (due_work); its correlation is the purchase.
insert into due_work (id, kind, stream_id, due_at, next_attempt_at, correlation_id, causation_id)
select gen_random_uuid(), 'reservation-expiry', e.reservation_id, e.expires_at, e.expires_at,
       coalesce(v.cart_id::text, e.reservation_id::text), 'migrated-timer:' || e.reservation_id
from reservation_expiry e left join reservation_view v on v.id = e.reservation_id;
drop table reservation_expiry;

-- The inbox's consumer names are now the channels' names.
update processed_messages set consumer = 'concerts' where consumer = 'reservations-capacity';
update processed_messages set consumer = 'carts' where consumer = 'reservations-carts';

-- A confirmed cart is reserved once, whatever message carries it: looked up by cart per decision.
create index reservation_view_by_cart on reservation_view (cart_id);
