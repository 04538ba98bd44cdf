-- The delivery loops' work on the database, alone: the ceiling for draining the outbox
-- (scripts/bench-all.sh, scripts/bench-postgres.sh). One pgbench transaction is one batch of a
-- loop, with the two statements of PostgresStore+Deliveries.swift: the claim (up to 32 due
-- messages, or messages whose lease is over, taken: the earliest undelivered one per idea and
-- subscription, skipping rows another worker holds, marked as being sent with a new lease token,
-- with their subscription's URL and secrets), then the record of 32 answers 204 (the rows
-- delivered, their attempt rows and the subscription's last success). A loop records a batch and
-- claims the next in one transaction; here the claim and the record of the same rows are one.
-- Run with -M simple: :ids is substituted as text. Drains the table: run it on a fresh copy of
-- the seeded database, after ANALYZE (without statistics the planner's choice for the claim
-- depends on whether autovacuum has analysed the freshly filled outbox yet).
BEGIN;
WITH claimed AS (
    WITH expired AS (
        SELECT o.id, o.next_attempt_at
        FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id AND s.status = 'active'
        WHERE o.status = 'sending' AND o.lease_until < (extract(epoch FROM now()) * 1000)::bigint
          AND NOT EXISTS (
              SELECT 1 FROM outbox p
              WHERE p.subscription_id = o.subscription_id AND p.idea_id = o.idea_id AND p.id < o.id
                AND p.status IN ('pending', 'sending'))
        ORDER BY o.next_attempt_at, o.id
        LIMIT 32
        FOR UPDATE OF o SKIP LOCKED
    ), pending AS (
        SELECT o.id, o.next_attempt_at
        FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id AND s.status = 'active'
        WHERE o.status = 'pending' AND o.next_attempt_at <= (extract(epoch FROM now()) * 1000)::bigint
          AND NOT EXISTS (
              SELECT 1 FROM outbox p
              WHERE p.subscription_id = o.subscription_id AND p.idea_id = o.idea_id AND p.id < o.id
                AND p.status IN ('pending', 'sending'))
        ORDER BY o.next_attempt_at, o.id
        LIMIT 32
        FOR UPDATE OF o SKIP LOCKED
    ), due AS (
        SELECT id FROM (SELECT * FROM expired UNION ALL SELECT * FROM pending) d
        ORDER BY next_attempt_at, id LIMIT 32)
    UPDATE outbox o SET status = 'sending', lease_until = (extract(epoch FROM now()) * 1000)::bigint + 60000,
        lease_token = o.lease_token + 1
    FROM due, subscriptions s
    WHERE o.id = due.id AND s.id = o.subscription_id
    RETURNING o.id, o.subscription_id, o.idea_id, o.sequence, o.type, o.event_position, o.payload, o.attempts,
              s.url, s.secret, COALESCE(s.last_success_at, s.created_at),
              CASE WHEN s.previous_secret_until > (extract(epoch FROM now()) * 1000)::bigint THEN s.previous_secret END,
              o.lease_token, o.next_attempt_at)
SELECT quote_literal(COALESCE(array_agg(id), '{}')::text) AS ids,
       quote_literal(COALESCE(array_agg(lease_token), '{}')::text) AS tokens
FROM claimed \gset
WITH result AS (
    SELECT * FROM unnest(:ids::bigint[], :tokens::bigint[]) AS r (id, token)
), recorded AS (
    UPDATE outbox o SET status = 'delivered', attempts = o.attempts + 1, lease_until = NULL,
        delivered_at = (extract(epoch FROM now()) * 1000)::bigint
    FROM result r WHERE o.id = r.id AND o.lease_token = r.token
    RETURNING o.id, o.subscription_id
), succeeded AS (
    UPDATE subscriptions s SET last_success_at = GREATEST(COALESCE(s.last_success_at, 0), m.at)
    FROM (SELECT subscription_id, (extract(epoch FROM now()) * 1000)::bigint AS at FROM recorded
          GROUP BY subscription_id) m
    WHERE s.id = m.subscription_id)
INSERT INTO delivery_attempts (outbox_id, subscription_id, attempted_at, duration_ms, status, response, error)
SELECT id, subscription_id, (extract(epoch FROM now()) * 1000)::bigint, 1, 204, '', NULL FROM recorded ORDER BY id
RETURNING outbox_id;
COMMIT;
