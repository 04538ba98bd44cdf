-- The delivery loops' work on the database, alone: the ceiling for draining the outbox
-- (scripts/bench-all.sh, scripts/bench-postgres.sh). One pgbench transaction is one batch of a
-- loop: the claim (leases of dead workers given back, up to 32 due messages taken, the earliest
-- undelivered one per idea and subscription, skipping rows another worker holds, and marked as
-- being sent with a new lease token), then the record of 32 answers 204 (each row delivered, an
-- attempt row, the subscription's last success) -- the statements of claimDeliveries and
-- recordAttempts in PostgresStore+Deliveries.swift, with the per-row statements of the record
-- done once for the batch (the ceiling: same rows, same indexes, fewer round trips).
-- Run with -M simple: :ids is substituted as text. Drains the table: run it on a fresh copy of
-- the seeded database, after ANALYZE (without statistics the planner's choice for the claim
-- depends on whether autovacuum has analysed the freshly filled outbox yet).
BEGIN;
UPDATE outbox SET status = 'pending'
WHERE id IN (SELECT id FROM outbox WHERE status = 'sending' AND lease_until < (extract(epoch FROM now()) * 1000)::bigint
             FOR UPDATE SKIP LOCKED);
SELECT quote_literal(COALESCE(array_agg(id), '{}')::text) AS ids FROM (
    SELECT o.id, o.subscription_id, o.idea_id, o.sequence, o.type, o.event_position, o.payload, o.attempts,
           s.url, s.secret, COALESCE(s.last_success_at, s.created_at),
           CASE WHEN s.previous_secret_until > (extract(epoch FROM now()) * 1000)::bigint THEN s.previous_secret END
    FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id AND s.status = 'active'
    WHERE o.status = 'pending' AND o.next_attempt_at <= (extract(epoch FROM now()) * 1000)::bigint
      AND NOT EXISTS (
          SELECT 1 FROM outbox p
          WHERE p.subscription_id = o.subscription_id AND p.idea_id = o.idea_id AND p.id < o.id
            AND p.status IN ('pending', 'sending'))
    ORDER BY o.next_attempt_at, o.id
    LIMIT 32
    FOR UPDATE OF o SKIP LOCKED
) due \gset
UPDATE outbox SET status = 'sending', lease_until = (extract(epoch FROM now()) * 1000)::bigint + 60000,
    lease_token = lease_token + 1
WHERE id = ANY(:ids::bigint[])
RETURNING id, lease_token;
COMMIT;
BEGIN;
WITH done AS (
    UPDATE outbox SET status = 'delivered', delivered_at = (extract(epoch FROM now()) * 1000)::bigint,
        attempts = attempts + 1, lease_until = NULL
    WHERE id = ANY(:ids::bigint[]) AND status = 'sending'
    RETURNING id, subscription_id)
INSERT INTO delivery_attempts (outbox_id, subscription_id, attempted_at, duration_ms, status, response, error)
SELECT id, subscription_id, (extract(epoch FROM now()) * 1000)::bigint, 1, 204, '', NULL FROM done;
UPDATE subscriptions SET last_success_at = GREATEST(COALESCE(last_success_at, 0), (extract(epoch FROM now()) * 1000)::bigint)
WHERE id IN (SELECT subscription_id FROM outbox WHERE id = ANY(:ids::bigint[]));
COMMIT;
