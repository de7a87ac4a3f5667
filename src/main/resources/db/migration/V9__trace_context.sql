-- W3C trace context of the span that wrote each outbox row (captured in the writing transaction), sent with the
-- message as traceparent/tracestate, and kept with each dead letter so that a replay can link to the original trace.
-- traceparent is 55 characters in version 00; the room above it is for later versions. tracestate is null when empty.
alter table outbox_message add column traceparent varchar(100);
alter table outbox_message add column tracestate  varchar(512);

alter table dead_letter add column traceparent varchar(100);
alter table dead_letter add column tracestate  varchar(512);
