-- A dead letter must be storable whatever the message carried: keys and dead-letter references of any length.
alter table dead_letter alter column message_key type text;
alter table dead_letter alter column dead_letter_ref type text;
