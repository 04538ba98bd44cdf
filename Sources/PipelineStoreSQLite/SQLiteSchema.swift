import GRDB

/// The schema, as named migrations that run at start. Append new migrations; never edit one
/// that has shipped (a database that ran it would not run it again).
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ideas-events-outbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ideas (
                        id TEXT PRIMARY KEY NOT NULL,
                        workflow_id TEXT NOT NULL,
                        workflow_version INTEGER NOT NULL CHECK (workflow_version >= 1),
                        organisation TEXT NOT NULL,
                        region TEXT NOT NULL,
                        theme TEXT,
                        title TEXT,
                        stage TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('active', 'on_hold', 'completed', 'killed')),
                        version INTEGER NOT NULL CHECK (version >= 1),
                        submitted_at INTEGER NOT NULL,
                        stage_entered_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        state TEXT NOT NULL
                    );
                    CREATE INDEX ideas_listing ON ideas (submitted_at, id);
                    CREATE INDEX ideas_by_stage ON ideas (workflow_id, stage, status);

                    CREATE TABLE events (
                        position INTEGER PRIMARY KEY AUTOINCREMENT,
                        idea_id TEXT NOT NULL REFERENCES ideas (id),
                        sequence INTEGER NOT NULL CHECK (sequence >= 1),
                        type TEXT NOT NULL,
                        occurred_at INTEGER NOT NULL,
                        actor TEXT NOT NULL,
                        change TEXT NOT NULL,
                        UNIQUE (idea_id, sequence)
                    );
                    CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                    CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

                    CREATE TABLE subscriptions (
                        id TEXT PRIMARY KEY NOT NULL,
                        url TEXT NOT NULL,
                        filter TEXT NOT NULL,
                        description TEXT,
                        status TEXT NOT NULL DEFAULT 'active',
                        created_at INTEGER NOT NULL
                    );

                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
                        event_position INTEGER NOT NULL REFERENCES events (position),
                        idea_id TEXT NOT NULL,
                        sequence INTEGER NOT NULL,
                        type TEXT NOT NULL,
                        status TEXT NOT NULL DEFAULT 'pending',
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        UNIQUE (subscription_id, event_position)
                    );
                    CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
                    """)
        }
        migrator.registerMigration("v2-tokens-idempotency") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tokens (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        role TEXT NOT NULL,
                        organisation TEXT,
                        hash TEXT NOT NULL UNIQUE,
                        created_at INTEGER NOT NULL,
                        revoked_at INTEGER
                    );

                    CREATE TABLE idempotency_keys (
                        principal TEXT NOT NULL,
                        key TEXT NOT NULL,
                        request_hash TEXT NOT NULL,
                        status INTEGER NOT NULL,
                        body TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        PRIMARY KEY (principal, key)
                    );
                    """)
        }
        migrator.registerMigration("v3-deliveries") { db in
            try db.execute(
                sql: """
                    ALTER TABLE subscriptions ADD COLUMN secret TEXT NOT NULL DEFAULT '';
                    ALTER TABLE subscriptions ADD COLUMN last_success_at INTEGER;
                    ALTER TABLE outbox ADD COLUMN payload TEXT NOT NULL DEFAULT '{}';
                    ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
                    ALTER TABLE outbox ADD COLUMN delivered_at INTEGER;
                    CREATE INDEX outbox_order ON outbox (subscription_id, idea_id, id);

                    CREATE TABLE delivery_attempts (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        outbox_id INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
                        subscription_id TEXT NOT NULL,
                        attempted_at INTEGER NOT NULL,
                        duration_ms INTEGER NOT NULL,
                        status INTEGER NOT NULL,
                        response TEXT NOT NULL,
                        error TEXT
                    );
                    CREATE INDEX delivery_attempts_by_subscription ON delivery_attempts (subscription_id, id);
                    """)
        }
        migrator.registerMigration("v4-secret-rotation") { db in
            try db.execute(
                sql: """
                    ALTER TABLE subscriptions ADD COLUMN previous_secret TEXT;
                    ALTER TABLE subscriptions ADD COLUMN previous_secret_until INTEGER;
                    """)
        }
        migrator.registerMigration("v5-delivery-fencing") { db in
            // Counted up by every claim; a result is recorded only with the current value.
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN lease_token INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v6-operator-notices") { db in
            // Operator notices (webhook.disabled) are outbox rows without an idea event: the
            // column becomes nullable, which SQLite does by rebuilding the table.
            try db.execute(
                sql: """
                    CREATE TABLE outbox_new (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
                        event_position INTEGER REFERENCES events (position),
                        idea_id TEXT NOT NULL,
                        sequence INTEGER NOT NULL,
                        type TEXT NOT NULL,
                        status TEXT NOT NULL DEFAULT 'pending',
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        payload TEXT NOT NULL DEFAULT '{}',
                        lease_until INTEGER,
                        delivered_at INTEGER,
                        lease_token INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (subscription_id, event_position)
                    );
                    INSERT INTO outbox_new (id, subscription_id, event_position, idea_id, sequence, type, status, attempts,
                                            next_attempt_at, created_at, payload, lease_until, delivered_at, lease_token)
                    SELECT id, subscription_id, event_position, idea_id, sequence, type, status, attempts,
                           next_attempt_at, created_at, payload, lease_until, delivered_at, lease_token
                    FROM outbox;
                    DROP TABLE outbox;
                    ALTER TABLE outbox_new RENAME TO outbox;
                    CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
                    CREATE INDEX outbox_order ON outbox (subscription_id, idea_id, id);
                    CREATE INDEX delivery_attempts_by_outbox ON delivery_attempts (outbox_id, id);
                    """)
        }
        migrator.registerMigration("v7-sessions") { db in
            // The pages' sessions, so that any instance serves any page. Only the SHA-256 of a
            // session id is kept: 64 hex digits, so a raw id (43 base64url characters) never is.
            // `ends_at` is computed by SQLite, so it cannot disagree with the times it comes from.
            try db.execute(
                sql: """
                    CREATE TABLE sessions (
                        id_hash TEXT PRIMARY KEY NOT NULL
                            CHECK (length(id_hash) = 64 AND id_hash NOT GLOB '*[^0-9a-f]*'),
                        token_hash TEXT NOT NULL REFERENCES tokens (hash) ON DELETE CASCADE,
                        csrf TEXT NOT NULL CHECK (csrf <> ''),
                        created_at INTEGER NOT NULL,
                        last_seen_at INTEGER NOT NULL CHECK (last_seen_at >= created_at),
                        idle_ms INTEGER NOT NULL CHECK (idle_ms > 0),
                        expires_at INTEGER NOT NULL CHECK (expires_at > created_at),
                        ends_at INTEGER NOT NULL GENERATED ALWAYS AS (min(last_seen_at + idle_ms, expires_at)) STORED
                    );
                    CREATE INDEX sessions_by_end ON sessions (ends_at);
                    """)
        }
        migrator.registerMigration("v8-timers") { db in
            // The ideas' timers, written with the commands that plan them. A claim leases a
            // pending timer (`lease_until`) under a new `lease_token`; the command a timer causes
            // marks it fired only while it is still pending. The kinds are `IdeaTimer.Kind`'s.
            try db.execute(
                sql: """
                    CREATE TABLE timers (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        idea_id TEXT NOT NULL REFERENCES ideas (id),
                        kind TEXT NOT NULL
                            CHECK (kind IN ('sla_remind', 'sla_escalate', 'sla_hold', 'hold_review', 'condition_due')),
                        subject TEXT NOT NULL,
                        due_at INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fired', 'cancelled')),
                        fired_at INTEGER,
                        cancelled_at INTEGER,
                        lease_until INTEGER,
                        lease_token INTEGER NOT NULL DEFAULT 0,
                        CHECK ((status = 'fired') = (fired_at IS NOT NULL)),
                        CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
                        CHECK (status = 'pending' OR lease_until IS NULL)
                    );
                    CREATE INDEX timers_due ON timers (due_at, id) WHERE status = 'pending';
                    CREATE INDEX timers_by_idea ON timers (idea_id, due_at, id);
                    """)
        }
        migrator.registerMigration("v9-outbox-unfinished") { db in
            // A claim asks whether an earlier message of the idea is still unfinished; delivered
            // rows are kept, so without this index the question reads every one of them (the
            // soak benchmark's collapse after 20,000 comments on a few ideas).
            try db.execute(
                sql: """
                    CREATE INDEX outbox_unfinished ON outbox (subscription_id, idea_id, id)
                    WHERE status IN ('pending', 'sending');
                    """)
        }
        migrator.registerMigration("v10-people") { db in
            // The organisations and people registers. An organisation's name is unique whatever
            // its case: `name_key` is its lower-case form, made by Swift (as PostgreSQL's is), so
            // both backends agree on which names are the same. A person's roles and regions are
            // rows of their own, not a JSON column: "the facilitators serving Twente" is then an
            // indexed query on both backends, and the database checks every role. Tokens may
            // belong to a person; the tokens of before stay as they are (no person).
            try db.execute(
                sql: """
                    CREATE TABLE organisations (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL CHECK (name <> ''),
                        name_key TEXT NOT NULL UNIQUE,
                        type TEXT NOT NULL CHECK (type IN (\(SQLiteSchema.organisationTypes))),
                        region TEXT NOT NULL CHECK (region <> ''),
                        created_at INTEGER NOT NULL
                    );
                    CREATE TABLE people (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL CHECK (name <> ''),
                        email TEXT NOT NULL UNIQUE CHECK (email LIKE '_%@_%'),
                        organisation_id TEXT REFERENCES organisations (id),
                        notify TEXT NOT NULL DEFAULT 'immediate' CHECK (notify IN ('immediate', 'daily', 'off')),
                        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    CREATE INDEX people_by_organisation ON people (organisation_id);
                    CREATE TABLE person_roles (
                        person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                        role TEXT NOT NULL CHECK (role IN ('submitter', 'facilitator', 'gatekeeper', 'admin')),
                        PRIMARY KEY (person_id, role)
                    );
                    CREATE INDEX person_roles_by_role ON person_roles (role, person_id);
                    CREATE TABLE person_regions (
                        person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                        region TEXT NOT NULL,
                        PRIMARY KEY (person_id, region)
                    );
                    CREATE INDEX person_regions_by_region ON person_regions (region, person_id);
                    ALTER TABLE tokens ADD COLUMN person_id TEXT REFERENCES people (id);
                    CREATE INDEX tokens_by_person ON tokens (person_id) WHERE person_id IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v11-idea-owner") { db in
            // An idea's owner (a person's id), beside its state: which facilitator holds the fewest
            // open ideas is then an indexed count when an idea arrives. Ideas of before have no
            // owner. Not a foreign key: the state is what the idea says, this column only counts,
            // and people are deactivated, never removed.
            try db.execute(
                sql: """
                    ALTER TABLE ideas ADD COLUMN owner_id TEXT;
                    CREATE INDEX ideas_by_owner ON ideas (owner_id, status) WHERE owner_id IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v12-notifications") { db in
            // People's notifications: the inbox and the mail queue in one table, written in the
            // transaction of the command that caused them (as the webhooks' outbox is). `seq`
            // orders an inbox and pages it; the partial indexes keep the unread count and the
            // mail claim small however many notifications were read and sent.
            try db.execute(
                sql: """
                    CREATE TABLE notifications (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        person_id TEXT NOT NULL REFERENCES people (id),
                        idea_id TEXT NOT NULL REFERENCES ideas (id),
                        topic TEXT NOT NULL,
                        content TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        read_at INTEGER,
                        mail TEXT NOT NULL CHECK (mail IN ('immediate', 'daily', 'off')),
                        mail_status TEXT NOT NULL
                            CHECK (mail_status IN ('pending', 'sending', 'sent', 'failed', 'none')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        lease_until INTEGER,
                        sent_at INTEGER,
                        last_error TEXT
                    );
                    CREATE INDEX notifications_inbox ON notifications (person_id, seq);
                    CREATE INDEX notifications_unread ON notifications (person_id) WHERE read_at IS NULL;
                    CREATE INDEX notifications_mail_due ON notifications (next_attempt_at, seq)
                        WHERE mail_status IN ('pending', 'sending');
                    CREATE INDEX notifications_mail_failed ON notifications (seq) WHERE mail_status = 'failed';
                    CREATE TABLE mail_attempts (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        notification_id TEXT NOT NULL REFERENCES notifications (id),
                        attempted_at INTEGER NOT NULL,
                        outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
                        detail TEXT
                    );
                    CREATE INDEX mail_attempts_by_notification ON mail_attempts (notification_id, id);
                    """)
        }
        migrator.registerMigration("v13-adoptions") { db in
            // A region's implementation of an adopted idea is a record in `ideas` with the idea as
            // its parent and its step for the roll-up; one running implementation per region and
            // idea (a stopped one does not count). Its number fields, for the regions' sums.
            try db.execute(
                sql: """
                    ALTER TABLE ideas ADD COLUMN parent_id TEXT REFERENCES ideas (id);
                    ALTER TABLE ideas ADD COLUMN adoption_step TEXT
                        CHECK (adoption_step IN ('adopting', 'live', 'evaluated', 'stopped'));
                    CREATE INDEX ideas_by_parent ON ideas (parent_id, submitted_at, id) WHERE parent_id IS NOT NULL;
                    CREATE INDEX ideas_implementations ON ideas (region, adoption_step) WHERE parent_id IS NOT NULL;
                    CREATE UNIQUE INDEX ideas_one_adoption_per_region ON ideas (parent_id, region)
                        WHERE parent_id IS NOT NULL AND adoption_step <> 'stopped';
                    CREATE TABLE adoption_outcomes (
                        implementation_id TEXT NOT NULL REFERENCES ideas (id),
                        field TEXT NOT NULL,
                        value REAL NOT NULL,
                        PRIMARY KEY (implementation_id, field)
                    );
                    """)
        }
        migrator.registerMigration("v14-regions") { db in
            // The regions' overview counts the ideas by region, and a region page lists one
            // region's ideas: from this index, not from a scan of every idea and implementation
            // (docs/benchmarks.md, "Regions at scale").
            try db.execute(
                sql: """
                    CREATE INDEX ideas_by_region ON ideas (region, workflow_id, stage, theme, status)
                        WHERE parent_id IS NULL;
                    """)
        }
        migrator.registerMigration("v15-outcome-regions") { db in
            // The regions' outcome sums read the outcome rows alone, in the order of this index,
            // instead of joining 50,000 implementations for their region and step: each outcome
            // row carries them, written with the implementation's every command.
            try db.execute(
                sql: """
                    ALTER TABLE adoption_outcomes ADD COLUMN region TEXT;
                    ALTER TABLE adoption_outcomes ADD COLUMN adoption_step TEXT;
                    UPDATE adoption_outcomes SET
                        region = (SELECT region FROM ideas WHERE ideas.id = adoption_outcomes.implementation_id),
                        adoption_step = (SELECT adoption_step FROM ideas WHERE ideas.id = adoption_outcomes.implementation_id);
                    CREATE INDEX adoption_outcomes_by_region
                        ON adoption_outcomes (field, region, adoption_step, value);
                    """)
        }
        migrator.registerMigration("v16-workflow-versions") { db in
            // Each workflow version a server ran, with its text: ideas pinned to a version keep
            // working after its file changes or is deleted.
            try db.execute(
                sql: """
                    CREATE TABLE workflow_versions (
                        workflow_id TEXT NOT NULL,
                        version INTEGER NOT NULL CHECK (version >= 1),
                        path TEXT NOT NULL,
                        source TEXT NOT NULL,
                        first_run_at INTEGER NOT NULL,
                        PRIMARY KEY (workflow_id, version)
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }

    /// The organisation types as an SQL list, for the CHECK of v10. Written out, not made from
    /// `OrganisationType`: a migration that ran must never change.
    static let organisationTypes = """
        'huisartsenpraktijk', 'hagro', 'zorggroep', 'huisartsenpost', 'gezondheidscentrum', 'ros', \
        'regionale_werkgeversorganisatie', 'mbo_opleiding', 'hbo_opleiding', 'landelijke_partij', 'overig'
        """
}
