-- A customer's slot is now freed by orders' PurchaseEnded (which knows every way a purchase ends),
-- no longer by counting the cart's ended holds here.
drop table ended_hold;
