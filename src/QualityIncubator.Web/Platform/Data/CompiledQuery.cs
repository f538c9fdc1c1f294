namespace QualityIncubator.Web.Platform.Data;

/// <summary>
/// A compiled EF query (<c>EF.CompileAsyncQuery</c>) per provider. A compiled query keeps the SQL it made for the first context it
/// ran with, so one instance must never serve both SQLite and PostgreSQL (as one process does in the tests): this holds one per provider.
/// Compiled queries skip EF's per-call work on the expression (the parameter extraction and the query-cache lookup), which the busiest
/// pages pay on every request (bench/README.md).
/// </summary>
public sealed class CompiledQuery<TQuery>(Func<TQuery> compile) where TQuery : Delegate
{
    private readonly Lazy<TQuery> _sqlite = new(compile);
    private readonly Lazy<TQuery> _postgres = new(compile);

    public TQuery For(AppDbContext db) => db is PostgresAppDbContext ? _postgres.Value : _sqlite.Value;
}
