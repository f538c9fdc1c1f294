using System.Text.Json;
using System.Text.Json.Serialization;

namespace QualityIncubator.ScaleData;

/// <summary>
/// <c>{DataPath}/scale.json</c>: what a generated data set holds and where to start, for the load benchmark and for people.
/// The site started with <c>--Storage:DataPath {DataPath}</c> (and the same database settings) serves this data set.
/// </summary>
public sealed record ScaleManifest(
    string Size,
    int Seed,
    DateOnly AsOf,
    string Provider,
    string? Database,
    string DataPath,
    string Password,
    string OfficeUserName,
    Guid LargestProgrammeId,
    IReadOnlyList<ManifestProgramme> Programmes,
    ManifestSample Sample,
    IReadOnlyDictionary<string, long> Counts,
    DateTime GeneratedAtUtc,
    double Seconds)
{
    public const string FileName = "scale.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ScaleManifest Read(string dataPath) =>
        JsonSerializer.Deserialize<ScaleManifest>(File.ReadAllText(Path.Combine(dataPath, FileName)), Json)
        ?? throw new InvalidDataException($"{FileName} is empty");
}

/// <param name="Stage">The programme's stage on the as-of date (e.g. <c>Showcase</c>).</param>
/// <param name="Organizations">Applications (= organizations) of the programme.</param>
public sealed record ManifestProgramme(Guid Id, string Title, int Year, string Stage, int Organizations, bool Largest);

/// <summary>Records of the largest programme to open pages with: an organization far along (its login, case, application, visit), an expert with tasks there.</summary>
public sealed record ManifestSample(
    Guid OrganizationId,
    string OrganizationName,
    string OrganizationUserName,
    Guid CaseId,
    Guid ApplicationId,
    Guid? SiteVisitId,
    string ExpertUserName,
    Guid ExpertId,
    Guid? ReviewAssignmentId,
    Guid? SessionId);
