-- The delivery loops' claim, alone: take up to 32 due messages (the earliest undelivered one per
-- idea and subscription, skipping rows another worker holds) and mark them as sent. With pgbench
-- this is the database's own ceiling for draining the outbox (scripts/bench-postgres.sh).
BEGIN;
WITH due AS (
    SELECT o.id FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id AND s.status = 'active'
    WHERE o.status = 'pending' AND o.next_attempt_at <= (extract(epoch FROM now()) * 1000)::bigint
      AND NOT EXISTS (
          SELECT 1 FROM outbox p
          WHERE p.subscription_id = o.subscription_id AND p.idea_id = o.idea_id AND p.id < o.id
            AND p.status IN ('pending', 'sending'))
    ORDER BY o.next_attempt_at, o.id
    LIMIT 32
    FOR UPDATE OF o SKIP LOCKED
)
UPDATE outbox SET status = 'delivered', lease_token = lease_token + 1, delivered_at = 0
WHERE id IN (SELECT id FROM due);
COMMIT;
