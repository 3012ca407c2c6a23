-- The span that wrote each outbox row (W3C traceparent, null when there was none): the relay carries it as
-- the Kafka record's traceparent header, so one purchase is one trace across the services.
alter table outbox add column traceparent text;
