using QualityIncubator.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(AppFactories))]

namespace QualityIncubator.Tests.Infrastructure;

/// <summary>One running application per provider, shared by the integration tests (each test makes its own data).</summary>
public sealed class AppFactories : IAsyncDisposable
{
    private readonly Dictionary<DbProvider, Task<AppFactory>> _factories = [];
    private readonly Lock _lock = new();

    public Task<AppFactory> GetAsync(DbProvider provider)
    {
        Task<AppFactory> task;
        lock (_lock)
        {
            if (!_factories.TryGetValue(provider, out task!) || task.IsFaulted)
            {
                task = AppFactory.CreateAsync(provider);
                _factories[provider] = task;
            }
        }
        return task;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var task in _factories.Values)
        {
            if (task.IsCompletedSuccessfully)
            {
                await (await task).DisposeAsync();
            }
        }
    }
}
