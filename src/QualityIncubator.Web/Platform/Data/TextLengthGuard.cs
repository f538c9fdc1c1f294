using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace QualityIncubator.Web.Platform.Data;

/// <summary>A text longer than its column allows: refused before the database sees it, on both providers alike.</summary>
public sealed class TextTooLongException(string message, string entityType, string property, int maxLength) : Exception(message)
{
    public string EntityType { get; } = entityType;
    public string Property { get; } = property;
    public int MaxLength { get; } = maxLength;
}

/// <summary>A save attempted while the request carries text the platform's text rule refused (<c>TextInput</c>): nothing is saved.</summary>
public sealed class RefusedInputException(string message) : Exception(message);

/// <summary>
/// The last line of defence behind every form's own length limits: a save whose text exceeds a column's length is refused with a Chinese
/// message (PostgreSQL would answer with an error, SQLite would store it), so an input class that lacks a limit shows a message, never a 500.
/// </summary>
internal static class TextLengthGuard
{
    public const string RefusedInputMessage = "未保存：填写的内容含有不可见的控制字符，已在下方标出，请删除后重新提交。";

    public static void Check(ChangeTracker tracker, bool refusedInput)
    {
        // a page that saves without looking at its model state still saves nothing of a refused post
        if (refusedInput && tracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            throw new RefusedInputException(RefusedInputMessage);
        }
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }
            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is string text && property.Metadata.GetMaxLength() is { } max && text.Length > max
                    && (entry.State == EntityState.Added || property.IsModified))
                {
                    throw new TextTooLongException($"填写的内容过长：有一项内容为 {text.Length} 个字，超过了该项 {max} 个字的上限，请缩短后重新提交。",
                        entry.Metadata.ClrType.Name, property.Metadata.Name, max);
                }
            }
        }
    }
}
