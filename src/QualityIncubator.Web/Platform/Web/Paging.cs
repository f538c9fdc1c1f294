using Microsoft.EntityFrameworkCore;

namespace QualityIncubator.Web.Platform.Web;

/// <summary>One page of a list, paged in the database.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < PageCount;
}

public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 200;

    public static (int Page, int Size) Normalize(int? page, int? pageSize) =>
        (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize));

    /// <summary>One page of a query, its total counted in the database first.</summary>
    public static async Task<PagedList<T>> ToPagedAsync<T>(this IQueryable<T> query, int? page, int? pageSize, CancellationToken ct = default) =>
        await query.ToPagedAsync(page, pageSize, await query.CountAsync(ct), ct);

    /// <summary>One page of a query whose total is already known (e.g. read off counts the page shows anyway): one round trip, not two.</summary>
    public static Task<PagedList<T>> ToPagedAsync<T>(this IQueryable<T> query, int? page, int? pageSize, int knownTotal, CancellationToken ct = default) =>
        PageAsync(page, pageSize, knownTotal, (skip, take) => query.Skip(skip).Take(take).ToListAsync(ct));

    /// <summary>
    /// One page of rows whose total is known, read by <paramref name="read"/> (skip, take) — a compiled query, or one that pages its ids
    /// first — and not read at all for a page past the end.
    /// </summary>
    public static async Task<PagedList<T>> PageAsync<T>(int? page, int? pageSize, int total, Func<int, int, Task<List<T>>> read)
    {
        var (p, size) = Normalize(page, pageSize);
        var items = IsPastEnd(p, size, total) ? [] : await read((p - 1) * size, size);
        return new PagedList<T>(items, p, size, total);
    }

    /// <summary>Whether page <paramref name="page"/> of <paramref name="size"/> starts after the last of <paramref name="total"/> rows (nothing to read).</summary>
    public static bool IsPastEnd(int page, int size, int total) => (page - 1) * size >= total;

    /// <summary>One page of rows already computed in memory (e.g. rows a rule evaluated).</summary>
    public static PagedList<T> ToPaged<T>(this IReadOnlyList<T> rows, int? page, int? pageSize)
    {
        var (p, size) = Normalize(page, pageSize);
        return new PagedList<T>([.. rows.Skip((p - 1) * size).Take(size)], p, size, rows.Count);
    }
}
