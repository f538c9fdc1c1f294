namespace QualityIncubator.ScaleData;

/// <summary>
/// The product's <see cref="TimeProvider"/> while the generator runs: set to the moment each recorded action happened, so that every
/// timestamp the product writes itself (audit events, case timelines, uploads) falls on the programme's calendar, and the data set
/// depends on the seed, the size and the as-of date only.
/// </summary>
public sealed class SimulatedClock(DateTime utcNow) : TimeProvider
{
    private long _ticks = utcNow.ToUniversalTime().Ticks;

    public DateTime UtcNow
    {
        get => new(Interlocked.Read(ref _ticks), DateTimeKind.Utc);
        set => Interlocked.Exchange(ref _ticks, value.ToUniversalTime().Ticks);
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
