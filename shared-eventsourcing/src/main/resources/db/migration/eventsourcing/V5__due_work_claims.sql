-- A due item whose call to another system is out (CallingDueWorkHandler) is leased until claimed_until: neither the
-- poller nor a request that runs work early (DueWork#runEarly) takes it meanwhile.
alter table due_work add column claimed_until timestamptz;
