-- The trace id of the checkout that placed each order (W3C, 32 hex digits; null when no span was current), so that
-- the operator console can name an order's trace once its outbox rows are gone (deleted when the broker acknowledged
-- them, app.outbox.keep-published=false, or purged after app.outbox.retention).
alter table customer_order add column trace_id varchar(32);
