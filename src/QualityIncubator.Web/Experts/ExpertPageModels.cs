using QualityIncubator.Web.Applications;

namespace QualityIncubator.Web.Experts;

/// <summary>What the shared expert-field partial needs.</summary>
public sealed record ExpertFieldsModel(ExpertInput Input, CodeBook Book, bool ByOffice);

/// <summary>What the shared conflicts partial needs: the list, who may remove what, and the last form's errors.</summary>
public sealed record ConflictsModel(IReadOnlyList<ExpertConflict> Conflicts, bool ByOffice, IReadOnlyList<string> Errors)
{
    // An expert removes only what they declared; the Office's findings stay until the Office removes them.
    public bool CanRemove(ExpertConflict c) => ByOffice || !c.DeclaredByOffice;
}
