/// The schema, as the same named migrations as SQLite's, in PostgreSQL terms. Append new
/// migrations; never edit one that has shipped (a database that ran it would not run it again).
///
/// Times are milliseconds since 1970 (BIGINT) and stored JSON is TEXT, as in SQLite, so both
/// backends hand back exactly what they were given. Text that is ordered or compared uses the
/// "C" collation: bytes, as SQLite orders them, whatever the server's locale.
enum PostgresSchema {
    struct Migration: Sendable {
        let identifier: String
        /// One statement each: the extended query protocol takes no lists.
        let statements: [String]
    }

    static let migrations: [Migration] = [
        Migration(
            identifier: "v1-ideas-events-outbox",
            statements: [
                """
                CREATE TABLE ideas (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    workflow_id TEXT COLLATE "C" NOT NULL,
                    workflow_version BIGINT NOT NULL CHECK (workflow_version >= 1),
                    organisation TEXT COLLATE "C" NOT NULL,
                    region TEXT COLLATE "C" NOT NULL,
                    theme TEXT COLLATE "C",
                    title TEXT,
                    stage TEXT COLLATE "C" NOT NULL,
                    status TEXT COLLATE "C" NOT NULL CHECK (status IN ('active', 'on_hold', 'completed', 'killed')),
                    version BIGINT NOT NULL CHECK (version >= 1),
                    submitted_at BIGINT NOT NULL,
                    stage_entered_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    state TEXT NOT NULL
                )
                """,
                "CREATE INDEX ideas_listing ON ideas (submitted_at, id)",
                "CREATE INDEX ideas_by_stage ON ideas (workflow_id, stage, status)",
                """
                CREATE TABLE events (
                    position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    idea_id TEXT COLLATE "C" NOT NULL REFERENCES ideas (id),
                    sequence BIGINT NOT NULL CHECK (sequence >= 1),
                    type TEXT NOT NULL,
                    occurred_at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    change TEXT NOT NULL,
                    UNIQUE (idea_id, sequence)
                )
                """,
                """
                CREATE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'events are append-only';
                END
                $$
                """,
                """
                CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
                FOR EACH ROW EXECUTE FUNCTION events_are_append_only()
                """,
                """
                CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
                FOR EACH ROW EXECUTE FUNCTION events_are_append_only()
                """,
                """
                CREATE TRIGGER events_are_append_only_truncate BEFORE TRUNCATE ON events
                FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only()
                """,
                """
                CREATE TABLE subscriptions (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    url TEXT NOT NULL,
                    filter TEXT NOT NULL,
                    description TEXT,
                    status TEXT NOT NULL DEFAULT 'active',
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE outbox (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    subscription_id TEXT COLLATE "C" NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
                    event_position BIGINT NOT NULL REFERENCES events (position),
                    idea_id TEXT COLLATE "C" NOT NULL,
                    sequence BIGINT NOT NULL,
                    type TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'pending',
                    attempts BIGINT NOT NULL DEFAULT 0,
                    next_attempt_at BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    UNIQUE (subscription_id, event_position)
                )
                """,
                "CREATE INDEX outbox_due ON outbox (status, next_attempt_at)",
            ]),
        Migration(
            identifier: "v2-tokens-idempotency",
            statements: [
                """
                CREATE TABLE tokens (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    organisation TEXT,
                    hash TEXT NOT NULL UNIQUE,
                    created_at BIGINT NOT NULL,
                    revoked_at BIGINT
                )
                """,
                """
                CREATE TABLE idempotency_keys (
                    principal TEXT NOT NULL,
                    key TEXT NOT NULL,
                    request_hash TEXT NOT NULL,
                    status BIGINT NOT NULL,
                    body TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (principal, key)
                )
                """,
            ]),
        Migration(
            identifier: "v3-deliveries",
            statements: [
                "ALTER TABLE subscriptions ADD COLUMN secret TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE subscriptions ADD COLUMN last_success_at BIGINT",
                "ALTER TABLE outbox ADD COLUMN payload TEXT NOT NULL DEFAULT '{}'",
                "ALTER TABLE outbox ADD COLUMN lease_until BIGINT",
                "ALTER TABLE outbox ADD COLUMN delivered_at BIGINT",
                "CREATE INDEX outbox_order ON outbox (subscription_id, idea_id, id)",
                """
                CREATE TABLE delivery_attempts (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    outbox_id BIGINT NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
                    subscription_id TEXT COLLATE "C" NOT NULL,
                    attempted_at BIGINT NOT NULL,
                    duration_ms BIGINT NOT NULL,
                    status BIGINT NOT NULL,
                    response TEXT NOT NULL,
                    error TEXT
                )
                """,
                "CREATE INDEX delivery_attempts_by_subscription ON delivery_attempts (subscription_id, id)",
            ]),
        Migration(
            identifier: "v4-secret-rotation",
            statements: [
                "ALTER TABLE subscriptions ADD COLUMN previous_secret TEXT",
                "ALTER TABLE subscriptions ADD COLUMN previous_secret_until BIGINT",
            ]),
        Migration(
            identifier: "v5-delivery-fencing",
            statements: [
                // Counted up by every claim; a result is recorded only with the current value.
                "ALTER TABLE outbox ADD COLUMN lease_token BIGINT NOT NULL DEFAULT 0"
            ]),
        Migration(
            identifier: "v6-operator-notices",
            statements: [
                // Operator notices (webhook.disabled) are outbox rows without an idea event.
                "ALTER TABLE outbox ALTER COLUMN event_position DROP NOT NULL",
                "CREATE INDEX delivery_attempts_by_outbox ON delivery_attempts (outbox_id, id)",
            ]),
        Migration(
            identifier: "v7-sessions",
            statements: [
                // The pages' sessions, so that any instance serves any page. Only the SHA-256 of
                // a session id is kept: 64 hex digits, so a raw id (43 base64url characters) never
                // is. `ends_at` is computed by PostgreSQL, so it cannot disagree with its sources.
                """
                CREATE TABLE sessions (
                    id_hash TEXT COLLATE "C" PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
                    token_hash TEXT NOT NULL REFERENCES tokens (hash) ON DELETE CASCADE,
                    csrf TEXT NOT NULL CHECK (csrf <> ''),
                    created_at BIGINT NOT NULL,
                    last_seen_at BIGINT NOT NULL CHECK (last_seen_at >= created_at),
                    idle_ms BIGINT NOT NULL CHECK (idle_ms > 0),
                    expires_at BIGINT NOT NULL CHECK (expires_at > created_at),
                    ends_at BIGINT NOT NULL GENERATED ALWAYS AS (LEAST(last_seen_at + idle_ms, expires_at)) STORED
                )
                """,
                "CREATE INDEX sessions_by_end ON sessions (ends_at)",
            ]),
        Migration(
            identifier: "v8-timers",
            statements: [
                // The ideas' timers, written with the commands that plan them. A claim leases a
                // pending timer (`lease_until`) under a new `lease_token`; the command a timer
                // causes marks it fired only while it is still pending. The kinds are
                // `IdeaTimer.Kind`'s.
                """
                CREATE TABLE timers (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    idea_id TEXT COLLATE "C" NOT NULL REFERENCES ideas (id),
                    kind TEXT COLLATE "C" NOT NULL
                        CHECK (kind IN ('sla_remind', 'sla_escalate', 'sla_hold', 'hold_review', 'condition_due')),
                    subject TEXT COLLATE "C" NOT NULL,
                    due_at BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    status TEXT COLLATE "C" NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'fired', 'cancelled')),
                    fired_at BIGINT,
                    cancelled_at BIGINT,
                    lease_until BIGINT,
                    lease_token BIGINT NOT NULL DEFAULT 0,
                    CHECK ((status = 'fired') = (fired_at IS NOT NULL)),
                    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
                    CHECK (status = 'pending' OR lease_until IS NULL)
                )
                """,
                "CREATE INDEX timers_due ON timers (due_at, id) WHERE status = 'pending'",
                "CREATE INDEX timers_by_idea ON timers (idea_id, due_at, id)",
            ]),
        Migration(
            identifier: "v9-outbox-unfinished",
            statements: [
                // A claim asks whether an earlier message of the idea is still unfinished; delivered
                // rows are kept, so without this index the question reads every one of them.
                """
                CREATE INDEX outbox_unfinished ON outbox (subscription_id, idea_id, id)
                WHERE status IN ('pending', 'sending')
                """
            ]),
        Migration(
            identifier: "v10-people",
            statements: [
                // The organisations and people registers, as in SQLite: `name_key` is the name's
                // lower-case form made by Swift, so both backends agree on which names are the
                // same; a person's roles and regions are rows of their own (an indexed "who serves
                // Twente" on both backends). Tokens may belong to a person; older tokens have none.
                """
                CREATE TABLE organisations (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    name TEXT COLLATE "C" NOT NULL CHECK (name <> ''),
                    name_key TEXT COLLATE "C" NOT NULL CONSTRAINT organisations_name_unique UNIQUE,
                    type TEXT COLLATE "C" NOT NULL CHECK (type IN (
                        'huisartsenpraktijk', 'hagro', 'zorggroep', 'huisartsenpost', 'gezondheidscentrum', 'ros',
                        'regionale_werkgeversorganisatie', 'mbo_opleiding', 'hbo_opleiding', 'landelijke_partij',
                        'overig')),
                    region TEXT COLLATE "C" NOT NULL CHECK (region <> ''),
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE people (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    name TEXT COLLATE "C" NOT NULL CHECK (name <> ''),
                    email TEXT COLLATE "C" NOT NULL CONSTRAINT people_email_unique UNIQUE CHECK (email LIKE '_%@_%'),
                    organisation_id TEXT COLLATE "C" REFERENCES organisations (id),
                    notify TEXT COLLATE "C" NOT NULL DEFAULT 'immediate' CHECK (notify IN ('immediate', 'daily', 'off')),
                    active BOOLEAN NOT NULL DEFAULT TRUE,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX people_by_organisation ON people (organisation_id)",
                """
                CREATE TABLE person_roles (
                    person_id TEXT COLLATE "C" NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                    role TEXT COLLATE "C" NOT NULL CHECK (role IN ('submitter', 'facilitator', 'gatekeeper', 'admin')),
                    PRIMARY KEY (person_id, role)
                )
                """,
                "CREATE INDEX person_roles_by_role ON person_roles (role, person_id)",
                """
                CREATE TABLE person_regions (
                    person_id TEXT COLLATE "C" NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                    region TEXT COLLATE "C" NOT NULL,
                    PRIMARY KEY (person_id, region)
                )
                """,
                "CREATE INDEX person_regions_by_region ON person_regions (region, person_id)",
                "ALTER TABLE tokens ADD COLUMN person_id TEXT COLLATE \"C\" REFERENCES people (id)",
                "CREATE INDEX tokens_by_person ON tokens (person_id) WHERE person_id IS NOT NULL",
            ]),
        Migration(
            identifier: "v11-idea-owner",
            statements: [
                // An idea's owner (a person's id) beside its state, as in SQLite: the open ideas a
                // facilitator holds are an indexed count when an idea arrives. Ideas of before have
                // no owner. Not a foreign key, as in SQLite: the column only counts.
                "ALTER TABLE ideas ADD COLUMN owner_id TEXT COLLATE \"C\"",
                "CREATE INDEX ideas_by_owner ON ideas (owner_id, status) WHERE owner_id IS NOT NULL",
            ]),
        Migration(
            identifier: "v12-notifications",
            statements: [
                // People's notifications, the inbox and the mail queue in one table, as in SQLite.
                """
                CREATE TABLE notifications (
                    seq BIGSERIAL PRIMARY KEY,
                    id TEXT COLLATE "C" NOT NULL CONSTRAINT notifications_id_unique UNIQUE,
                    person_id TEXT COLLATE "C" NOT NULL REFERENCES people (id),
                    idea_id TEXT COLLATE "C" NOT NULL REFERENCES ideas (id),
                    topic TEXT COLLATE "C" NOT NULL,
                    content TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    read_at BIGINT,
                    mail TEXT COLLATE "C" NOT NULL CHECK (mail IN ('immediate', 'daily', 'off')),
                    mail_status TEXT COLLATE "C" NOT NULL
                        CHECK (mail_status IN ('pending', 'sending', 'sent', 'failed', 'none')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at BIGINT NOT NULL,
                    lease_until BIGINT,
                    sent_at BIGINT,
                    last_error TEXT
                )
                """,
                "CREATE INDEX notifications_inbox ON notifications (person_id, seq)",
                "CREATE INDEX notifications_unread ON notifications (person_id) WHERE read_at IS NULL",
                """
                CREATE INDEX notifications_mail_due ON notifications (next_attempt_at, seq)
                WHERE mail_status IN ('pending', 'sending')
                """,
                "CREATE INDEX notifications_mail_failed ON notifications (seq) WHERE mail_status = 'failed'",
                """
                CREATE TABLE mail_attempts (
                    id BIGSERIAL PRIMARY KEY,
                    notification_id TEXT COLLATE "C" NOT NULL REFERENCES notifications (id),
                    attempted_at BIGINT NOT NULL,
                    outcome TEXT COLLATE "C" NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
                    detail TEXT
                )
                """,
                "CREATE INDEX mail_attempts_by_notification ON mail_attempts (notification_id, id)",
            ]),
        Migration(
            identifier: "v13-adoptions",
            statements: [
                // Implementations of adopted ideas, as in SQLite: a parent, a step, one running
                // implementation per region and idea, and their number fields for the regions' sums.
                "ALTER TABLE ideas ADD COLUMN parent_id TEXT COLLATE \"C\" REFERENCES ideas (id)",
                """
                ALTER TABLE ideas ADD COLUMN adoption_step TEXT COLLATE "C"
                    CHECK (adoption_step IN ('adopting', 'live', 'evaluated', 'stopped'))
                """,
                "CREATE INDEX ideas_by_parent ON ideas (parent_id, submitted_at, id) WHERE parent_id IS NOT NULL",
                "CREATE INDEX ideas_implementations ON ideas (region, adoption_step) WHERE parent_id IS NOT NULL",
                """
                CREATE UNIQUE INDEX ideas_one_adoption_per_region ON ideas (parent_id, region)
                WHERE parent_id IS NOT NULL AND adoption_step <> 'stopped'
                """,
                """
                CREATE TABLE adoption_outcomes (
                    implementation_id TEXT COLLATE "C" NOT NULL REFERENCES ideas (id),
                    field TEXT COLLATE "C" NOT NULL,
                    value DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (implementation_id, field)
                )
                """,
            ]),
        Migration(
            identifier: "v14-regions",
            statements: [
                // The regions' overview counts the ideas by region, and a region page lists one
                // region's ideas: from this index, not from a scan of every idea and implementation.
                """
                CREATE INDEX ideas_by_region ON ideas (region, workflow_id, stage, theme, status)
                WHERE parent_id IS NULL
                """,
                // The outcome sums join every implementation's region and step: read from this
                // index (an index-only scan), not from the table (docs/benchmarks.md, "Regions at scale").
                """
                CREATE INDEX ideas_adoption_regions ON ideas (id, region, adoption_step)
                WHERE parent_id IS NOT NULL
                """,
            ]),
        Migration(
            identifier: "v15-outcome-regions",
            statements: [
                // The outcome rows carry their implementation's region and step, as in SQLite: the
                // regions' sums read them alone, without a join.
                "ALTER TABLE adoption_outcomes ADD COLUMN region TEXT COLLATE \"C\"",
                "ALTER TABLE adoption_outcomes ADD COLUMN adoption_step TEXT COLLATE \"C\"",
                """
                UPDATE adoption_outcomes o SET region = i.region, adoption_step = i.adoption_step
                FROM ideas i WHERE i.id = o.implementation_id
                """,
                "CREATE INDEX adoption_outcomes_by_region ON adoption_outcomes (field, region, adoption_step, value)",
            ]),
        Migration(
            identifier: "v16-workflow-versions",
            statements: [
                // Each workflow version a server ran, with its text, as in SQLite.
                """
                CREATE TABLE workflow_versions (
                    workflow_id TEXT COLLATE "C" NOT NULL,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    path TEXT NOT NULL,
                    source TEXT NOT NULL,
                    first_run_at BIGINT NOT NULL,
                    PRIMARY KEY (workflow_id, version)
                )
                """
            ]),
    ]
}
