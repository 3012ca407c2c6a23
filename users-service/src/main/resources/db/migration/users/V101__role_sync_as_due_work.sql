-- Role changes Keycloak still has to take move onto the shared durable work queue (due_work).
insert into due_work (id, kind, stream_id, due_at, next_attempt_at, attempts, last_error, correlation_id, causation_id)
select gen_random_uuid(), 'keycloak-role', user_id, next_attempt_at, next_attempt_at, attempts, last_error,
       'role-sync:' || user_id, 'migrated-role-sync:' || user_id
from keycloak_role_sync;
drop table keycloak_role_sync;
