-- Transaction-scoped advisory locks for the decisions of DESIGN.md section 9 (DecisionLocks): each key
-- (a stream id, a purchase id, a concert id) is hashed to PostgreSQL's 64-bit advisory lock space and
-- locked until the transaction ends. The keys are taken strictly in the order given, one after
-- another, so a caller's lock order is the order PostgreSQL sees (a set-returning SELECT would not
-- promise that). A hash collision only makes two unrelated keys wait for each other.
create function lock_decision_keys(keys jsonb, shared boolean) returns integer
    language plpgsql volatile as $$
declare
    i int;
begin
    for i in 0 .. jsonb_array_length(keys) - 1 loop
        if shared then
            perform pg_advisory_xact_lock_shared(hashtextextended(keys ->> i, 0));
        else
            perform pg_advisory_xact_lock(hashtextextended(keys ->> i, 0));
        end if;
    end loop;
    return jsonb_array_length(keys);
end
$$;
