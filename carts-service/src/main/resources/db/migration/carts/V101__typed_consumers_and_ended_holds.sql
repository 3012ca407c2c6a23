-- The inbox's consumer names are now the channels' names.
update processed_messages set consumer = 'concerts' where consumer = 'carts-catalog';
update processed_messages set consumer = 'reservations' where consumer = 'carts-purchase-ended';

-- Holds of a confirmed cart that have ended (cancelled or expired): when every hold of the cart
-- has ended, its purchase is over and the customer's slot is freed.
create table ended_hold (
    cart_id        uuid not null,
    reservation_id uuid not null,
    primary key (cart_id, reservation_id)
);
