-- Every valid order must fit every column it flows into. An order may have 50 lines of 1,000 units at a price
-- just below 1,000,000,000.00: its total is just below 50,000,000,000,000.00, 14 digits before the point, which
-- numeric(14, 2) refused. Raising the precision of a numeric with the same scale rewrites no table.
alter table customer_order alter column total type numeric(16, 2);
alter table payment alter column amount type numeric(16, 2);
alter table simulated_provider_charge alter column amount type numeric(16, 2);

-- The safety net counts and lists orders not yet final after app.orders.max-in-flight: this index holds only the
-- orders in flight, so the count reads a handful of entries however many orders have ended.
create index customer_order_in_flight on customer_order (created_at) where status in ('PLACED', 'STOCK_RESERVED');

-- The stuck-orders listing shows each order's dead letters (message key = order id). Keys have any length
-- (V5), which a btree entry cannot hold; a hash index can.
create index dead_letter_message_key on dead_letter using hash (message_key);
