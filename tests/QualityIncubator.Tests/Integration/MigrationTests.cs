using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Tests.Integration;

/// <summary>Each provider has its own migrations; neither may lag behind the model, and both apply to an empty database.</summary>
public sealed class MigrationTests(AppFactories factories)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task The_migrations_match_the_model_and_are_all_applied(DbProvider provider)
    {
        var app = await factories.GetAsync(provider);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            Assert.Equal(provider == DbProvider.Postgres ? typeof(PostgresAppDbContext) : typeof(SqliteAppDbContext), db.GetType());
            Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name} has model changes without a migration: run dotnet ef migrations add for both providers");
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        });
    }
}
