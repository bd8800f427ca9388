namespace LetsCode.Api.Storage.Migrations;

/// <summary>Problems, their tests (blob hashes), submissions and per-attempt test results.</summary>
internal static class M0001InitialSchema
{
    public static SchemaMigration Migration { get; } = new("0001_initial_schema", Sqlite, Postgres);

    private const string Sqlite = """
        CREATE TABLE problems (
            id TEXT NOT NULL PRIMARY KEY,
            title TEXT NOT NULL,
            statement TEXT NOT NULL,
            time_ms INTEGER NULL,
            wall_time_ms INTEGER NULL,
            memory_mib INTEGER NULL,
            output_kib INTEGER NULL,
            processes INTEGER NULL,
            checker_json TEXT NOT NULL,
            function_json TEXT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE problem_tests (
            problem_id TEXT NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            ordinal INTEGER NOT NULL,
            is_sample INTEGER NOT NULL,
            input_hash TEXT NOT NULL,
            input_bytes INTEGER NOT NULL,
            output_hash TEXT NOT NULL,
            output_bytes INTEGER NOT NULL,
            PRIMARY KEY (problem_id, name)
        );
        CREATE TABLE submissions (
            id TEXT NOT NULL PRIMARY KEY,
            user_id TEXT NOT NULL,
            problem_id TEXT NOT NULL,
            language TEXT NOT NULL,
            code TEXT NOT NULL,
            is_custom_test INTEGER NOT NULL,
            status TEXT NOT NULL,
            queued_at INTEGER NOT NULL,
            attempt INTEGER NOT NULL,
            total_tests INTEGER NOT NULL,
            current_test INTEGER NOT NULL,
            verdict TEXT NULL,
            passed INTEGER NOT NULL,
            max_time_ms INTEGER NOT NULL,
            max_memory_kib INTEGER NOT NULL,
            compile_output TEXT NULL,
            message TEXT NULL,
            created_at INTEGER NOT NULL,
            started_at INTEGER NULL,
            completed_at INTEGER NULL
        );
        CREATE INDEX ix_submissions_status_queued_at ON submissions (status, queued_at);
        CREATE INDEX ix_submissions_user_status ON submissions (user_id, status);
        CREATE TABLE submission_tests (
            submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
            attempt INTEGER NOT NULL,
            test_index INTEGER NOT NULL,
            name TEXT NOT NULL,
            verdict TEXT NOT NULL,
            time_ms INTEGER NOT NULL,
            wall_time_ms INTEGER NOT NULL,
            memory_kib INTEGER NOT NULL,
            exit_code INTEGER NULL,
            signal TEXT NULL,
            stdout TEXT NULL,
            stderr TEXT NULL,
            checker_message TEXT NULL,
            PRIMARY KEY (submission_id, attempt, test_index)
        );
        """;

    private const string Postgres = """
        CREATE TABLE problems (
            id varchar(64) NOT NULL PRIMARY KEY,
            title text NOT NULL,
            statement text NOT NULL,
            time_ms integer NULL,
            wall_time_ms integer NULL,
            memory_mib integer NULL,
            output_kib integer NULL,
            processes integer NULL,
            checker_json text NOT NULL,
            function_json text NULL,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL
        );
        CREATE TABLE problem_tests (
            problem_id varchar(64) NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
            name varchar(128) NOT NULL,
            ordinal integer NOT NULL,
            is_sample boolean NOT NULL,
            input_hash varchar(64) NOT NULL,
            input_bytes bigint NOT NULL,
            output_hash varchar(64) NOT NULL,
            output_bytes bigint NOT NULL,
            PRIMARY KEY (problem_id, name)
        );
        CREATE TABLE submissions (
            id uuid NOT NULL PRIMARY KEY,
            user_id varchar(128) NOT NULL,
            problem_id varchar(64) NOT NULL,
            language varchar(32) NOT NULL,
            code text NOT NULL,
            is_custom_test boolean NOT NULL,
            status varchar(16) NOT NULL,
            queued_at bigint NOT NULL,
            attempt integer NOT NULL,
            total_tests integer NOT NULL,
            current_test integer NOT NULL,
            verdict varchar(32) NULL,
            passed integer NOT NULL,
            max_time_ms bigint NOT NULL,
            max_memory_kib bigint NOT NULL,
            compile_output text NULL,
            message text NULL,
            created_at bigint NOT NULL,
            started_at bigint NULL,
            completed_at bigint NULL
        );
        CREATE INDEX ix_submissions_status_queued_at ON submissions (status, queued_at);
        CREATE INDEX ix_submissions_user_status ON submissions (user_id, status);
        CREATE TABLE submission_tests (
            submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
            attempt integer NOT NULL,
            test_index integer NOT NULL,
            name text NOT NULL,
            verdict varchar(32) NOT NULL,
            time_ms bigint NOT NULL,
            wall_time_ms bigint NOT NULL,
            memory_kib bigint NOT NULL,
            exit_code integer NULL,
            signal text NULL,
            stdout text NULL,
            stderr text NULL,
            checker_message text NULL,
            PRIMARY KEY (submission_id, attempt, test_index)
        );
        """;
}
