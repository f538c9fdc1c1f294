using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Programmes;

namespace QualityIncubator.Web.Courses;

/// <summary>The two course stages: 普及培育 (4.3) and 理论指导 (4.5).</summary>
public enum CourseStage
{
    Awareness,
    Theory,
}

/// <summary>4.5.1: 必修课程 / 辅助课程.</summary>
public enum CourseKind
{
    Mandatory,
    Elective,
}

/// <summary>A course of one programme (4.3.2, 4.5.1): topic, description, sessions and materials.</summary>
public sealed class Course : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public CourseStage Stage { get; set; }
    public CourseKind Kind { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>For electives: the Appendix B 专项课程培育需求 topic it answers (code of <see cref="CodeLists.CourseTopics"/>).</summary>
    public string? Topic { get; set; }

    public int SortOrder { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<CourseSession> Sessions { get; set; } = [];
    public List<CourseMaterial> Materials { get; set; } = [];
}

/// <summary>A study material: an uploaded file (attachment) or a link.</summary>
public sealed class CourseMaterial : Entity, IAudited, IProgrammeScoped
{
    public Guid CourseId { get; set; }
    public Guid ProgrammeId { get; set; }
    public string Title { get; set; } = "";
    public string? Url { get; set; }
    public Guid? AttachmentId { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>One scheduled class of a course: time, place or online link, capacity, lecturers, and its check-in code.</summary>
public sealed class CourseSession : Entity, IAudited, IProgrammeScoped
{
    public Guid CourseId { get; set; }
    public Course? Course { get; set; }
    public Guid ProgrammeId { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public string? Place { get; set; }
    public string? OnlineLink { get; set; }
    public int? Capacity { get; set; }

    /// <summary>The code shown in the room; valid from issue until the session ends (4.5.3 attendance).</summary>
    public string? CheckInCode { get; set; }

    public DateTime? CheckInIssuedAt { get; set; }
    public List<SessionLecturer> Lecturers { get; set; } = [];
}

/// <summary>An expert teaching a session (授课专家, 4.5 / 5.2.3).</summary>
public sealed class SessionLecturer : Entity, IAudited, IProgrammeScoped
{
    public Guid SessionId { get; set; }
    public Guid ProgrammeId { get; set; }
    public Guid ExpertId { get; set; }
    public Expert? Expert { get; set; }
    public string? Explanation { get; set; }
}

/// <summary>An organization's self-study of one awareness course (4.3.4).</summary>
public sealed class StudyRecord : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid CourseId { get; set; }
    public DateTime? FirstOpenedAt { get; set; }
    public DateTime? StudiedAt { get; set; }
    public string? StudiedBy { get; set; }
}

/// <summary>相关负责人 (4.5.3): who must attend the whole mandatory series for the organization.</summary>
public sealed class ResponsiblePerson : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public Guid OrganizationId { get; set; }
    public string Name { get; set; } = "";
    public string? Title { get; set; }
    public string? Phone { get; set; }
    public bool Removed { get; set; }
}

/// <summary>An elective an organization chose (4.5.5).</summary>
public sealed class ElectiveChoice : Entity, IAudited, IProgrammeScoped
{
    public Guid ProgrammeId { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid CourseId { get; set; }
    public DateTime ChosenAt { get; set; }
}

public enum AttendanceStatus
{
    Present,
    Late,
    LeftEarly,
    Absent,
}

public enum AttendanceMethod
{
    Roll,
    CheckIn,
}

/// <summary>One person of one organization at one session, from the roll or a self check-in.</summary>
public sealed class Attendance : Entity, IAudited, IProgrammeScoped
{
    public Guid SessionId { get; set; }
    public Guid ProgrammeId { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid? ResponsiblePersonId { get; set; }
    public string AttendeeName { get; set; } = "";
    public AttendanceStatus Status { get; set; }
    public AttendanceMethod Method { get; set; }
    public DateTime RecordedAt { get; set; }
    public string? RecordedBy { get; set; }
    public string? Note { get; set; }
}

internal sealed class CourseConfiguration :
    IEntityTypeConfiguration<Course>, IEntityTypeConfiguration<CourseMaterial>, IEntityTypeConfiguration<CourseSession>,
    IEntityTypeConfiguration<SessionLecturer>, IEntityTypeConfiguration<StudyRecord>, IEntityTypeConfiguration<ResponsiblePerson>,
    IEntityTypeConfiguration<ElectiveChoice>, IEntityTypeConfiguration<Attendance>
{
    public void Configure(EntityTypeBuilder<Course> b)
    {
        b.Property(c => c.Stage).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Title).HasMaxLength(200);
        b.Property(c => c.Description).HasMaxLength(4000);
        b.Property(c => c.Topic).HasMaxLength(32);
        b.HasIndex(c => new { c.ProgrammeId, c.Stage, c.SortOrder });
        b.HasOne<Programme>().WithMany().HasForeignKey(c => c.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Sessions).WithOne(s => s.Course).HasForeignKey(s => s.CourseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Materials).WithOne().HasForeignKey(m => m.CourseId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CourseMaterial> b)
    {
        b.Property(m => m.Title).HasMaxLength(200);
        b.Property(m => m.Url).HasMaxLength(1000);
    }

    public void Configure(EntityTypeBuilder<CourseSession> b)
    {
        b.Property(s => s.Place).HasMaxLength(200);
        b.Property(s => s.OnlineLink).HasMaxLength(1000);
        b.Property(s => s.CheckInCode).HasMaxLength(16);
        b.HasIndex(s => new { s.ProgrammeId, s.StartsAt });
        b.HasMany(s => s.Lecturers).WithOne().HasForeignKey(l => l.SessionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SessionLecturer> b)
    {
        b.Property(l => l.Explanation).HasMaxLength(1000);
        b.HasIndex(l => new { l.SessionId, l.ExpertId }).IsUnique();
        b.HasIndex(l => l.ExpertId);
        b.HasOne(l => l.Expert).WithMany().HasForeignKey(l => l.ExpertId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<StudyRecord> b)
    {
        b.Property(s => s.StudiedBy).HasMaxLength(256);
        b.HasIndex(s => new { s.ProgrammeId, s.OrganizationId, s.CourseId }).IsUnique();
        b.HasOne<Course>().WithMany().HasForeignKey(s => s.CourseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ResponsiblePerson> b)
    {
        b.Property(p => p.Name).HasMaxLength(50);
        b.Property(p => p.Title).HasMaxLength(50);
        b.Property(p => p.Phone).HasMaxLength(20);
        b.HasIndex(p => new { p.ProgrammeId, p.OrganizationId });
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ElectiveChoice> b)
    {
        b.HasIndex(e => new { e.ProgrammeId, e.OrganizationId, e.CourseId }).IsUnique();
        b.HasOne<Course>().WithMany().HasForeignKey(e => e.CourseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Attendance> b)
    {
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Method).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.AttendeeName).HasMaxLength(50);
        b.Property(a => a.RecordedBy).HasMaxLength(256);
        b.Property(a => a.Note).HasMaxLength(500);
        b.HasIndex(a => new { a.SessionId, a.OrganizationId, a.AttendeeName }).IsUnique();
        b.HasIndex(a => new { a.ProgrammeId, a.OrganizationId });
        b.HasOne<CourseSession>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class CourseLabels
{
    public static string Stage(CourseStage s) => s switch
    {
        CourseStage.Awareness => "普及培育",
        CourseStage.Theory => "理论指导",
    };

    public static string Kind(CourseKind k) => k switch
    {
        CourseKind.Mandatory => "必修",
        CourseKind.Elective => "辅助（选修）",
    };

    public static string Attendance(AttendanceStatus s) => s switch
    {
        AttendanceStatus.Present => "出席",
        AttendanceStatus.Late => "迟到",
        AttendanceStatus.LeftEarly => "早退",
        AttendanceStatus.Absent => "缺席",
    };

    public static string Method(AttendanceMethod m) => m switch
    {
        AttendanceMethod.Roll => "点名",
        AttendanceMethod.CheckIn => "自助签到",
    };
}
