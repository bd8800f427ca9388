using LetsCode.Api.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LetsCode.Api.Storage;

/// <summary>
/// The one model for both providers (SQLite embedded, PostgreSQL cluster). The schema itself is created by the
/// hand-written migrations in Storage/Migrations; SchemaCheck verifies at test time that they match this model.
/// </summary>
public sealed class LetsCodeDbContext(DbContextOptions<LetsCodeDbContext> options) : DbContext(options)
{
    public DbSet<ProblemEntity> Problems => Set<ProblemEntity>();
    public DbSet<ProblemTestEntity> ProblemTests => Set<ProblemTestEntity>();
    public DbSet<SubmissionEntity> Submissions => Set<SubmissionEntity>();
    public DbSet<SubmissionTestEntity> SubmissionTests => Set<SubmissionTestEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProblemEntity>(e =>
        {
            e.ToTable("problems");
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).HasColumnName("id").HasMaxLength(64);
            e.Property(p => p.Title).HasColumnName("title");
            e.Property(p => p.Statement).HasColumnName("statement");
            e.Property(p => p.TimeMs).HasColumnName("time_ms");
            e.Property(p => p.WallTimeMs).HasColumnName("wall_time_ms");
            e.Property(p => p.MemoryMiB).HasColumnName("memory_mib");
            e.Property(p => p.OutputKiB).HasColumnName("output_kib");
            e.Property(p => p.Processes).HasColumnName("processes");
            e.Property(p => p.CheckerJson).HasColumnName("checker_json");
            e.Property(p => p.FunctionJson).HasColumnName("function_json");
            e.Property(p => p.CreatedAt).HasColumnName("created_at").HasConversion(new UnixMsConverter());
            e.Property(p => p.UpdatedAt).HasColumnName("updated_at").HasConversion(new UnixMsConverter());
            e.HasMany(p => p.Tests).WithOne().HasForeignKey(t => t.ProblemId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ProblemTestEntity>(e =>
        {
            e.ToTable("problem_tests");
            e.HasKey(t => new { t.ProblemId, t.Name });
            e.Property(t => t.ProblemId).HasColumnName("problem_id").HasMaxLength(64);
            e.Property(t => t.Name).HasColumnName("name").HasMaxLength(128);
            e.Property(t => t.Ordinal).HasColumnName("ordinal");
            e.Property(t => t.IsSample).HasColumnName("is_sample");
            e.Property(t => t.InputHash).HasColumnName("input_hash").HasMaxLength(64);
            e.Property(t => t.InputBytes).HasColumnName("input_bytes");
            e.Property(t => t.OutputHash).HasColumnName("output_hash").HasMaxLength(64);
            e.Property(t => t.OutputBytes).HasColumnName("output_bytes");
        });

        modelBuilder.Entity<SubmissionEntity>(e =>
        {
            e.ToTable("submissions");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).HasColumnName("id");
            e.Property(s => s.UserId).HasColumnName("user_id").HasMaxLength(128);
            e.Property(s => s.ProblemId).HasColumnName("problem_id").HasMaxLength(64);
            e.Property(s => s.Language).HasColumnName("language").HasMaxLength(32);
            e.Property(s => s.Code).HasColumnName("code");
            e.Property(s => s.IsCustomTest).HasColumnName("is_custom_test");
            e.Property(s => s.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
            e.Property(s => s.QueuedAt).HasColumnName("queued_at");
            e.Property(s => s.Attempt).HasColumnName("attempt").IsConcurrencyToken();
            e.Property(s => s.TotalTests).HasColumnName("total_tests");
            e.Property(s => s.CurrentTest).HasColumnName("current_test");
            e.Property(s => s.Verdict).HasColumnName("verdict").HasMaxLength(32);
            e.Property(s => s.Passed).HasColumnName("passed");
            e.Property(s => s.MaxTimeMs).HasColumnName("max_time_ms");
            e.Property(s => s.MaxMemoryKiB).HasColumnName("max_memory_kib");
            e.Property(s => s.CompileOutput).HasColumnName("compile_output");
            e.Property(s => s.Message).HasColumnName("message");
            e.Property(s => s.CreatedAt).HasColumnName("created_at").HasConversion(new UnixMsConverter());
            e.Property(s => s.StartedAt).HasColumnName("started_at").HasConversion(new UnixMsConverter());
            e.Property(s => s.CompletedAt).HasColumnName("completed_at").HasConversion(new UnixMsConverter());
            e.HasIndex(s => new { s.Status, s.QueuedAt }).HasDatabaseName("ix_submissions_status_queued_at");
            e.HasIndex(s => new { s.UserId, s.Status }).HasDatabaseName("ix_submissions_user_status");
            e.HasMany(s => s.TestResults).WithOne().HasForeignKey(t => t.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SubmissionTestEntity>(e =>
        {
            e.ToTable("submission_tests");
            e.HasKey(t => new { t.SubmissionId, t.Attempt, t.Index });
            e.Property(t => t.SubmissionId).HasColumnName("submission_id");
            e.Property(t => t.Attempt).HasColumnName("attempt");
            e.Property(t => t.Index).HasColumnName("test_index");
            e.Property(t => t.Name).HasColumnName("name");
            e.Property(t => t.Verdict).HasColumnName("verdict").HasMaxLength(32);
            e.Property(t => t.TimeMs).HasColumnName("time_ms");
            e.Property(t => t.WallTimeMs).HasColumnName("wall_time_ms");
            e.Property(t => t.MemoryKiB).HasColumnName("memory_kib");
            e.Property(t => t.ExitCode).HasColumnName("exit_code");
            e.Property(t => t.Signal).HasColumnName("signal");
            e.Property(t => t.Stdout).HasColumnName("stdout");
            e.Property(t => t.Stderr).HasColumnName("stderr");
            e.Property(t => t.CheckerMessage).HasColumnName("checker_message");
        });
    }
}
