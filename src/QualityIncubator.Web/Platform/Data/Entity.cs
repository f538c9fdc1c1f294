namespace QualityIncubator.Web.Platform.Data;

/// <summary>An editable record: a client-generated key and a version for optimistic concurrency.</summary>
public abstract class Entity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Incremented on every save; a save whose original version is stale is refused.</summary>
    public long Version { get; set; }
}

/// <summary>Marks an entity whose every change is written to the audit trail automatically.</summary>
public interface IAudited;
