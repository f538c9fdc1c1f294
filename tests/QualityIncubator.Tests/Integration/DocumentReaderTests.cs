using System.Diagnostics;
using System.Text;
using QualityIncubator.Tests.Infrastructure;
using QualityIncubator.Tests.Rules;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.SiteVisits;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// The exports opened by a real office suite: LibreOffice converts them (.docx → PDF, .xlsx → CSV) and
/// the text read back must hold the Chinese values — proof that the files are readable, not merely well-formed.
/// </summary>
public sealed class DocumentReaderTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("qi-reader-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Appendix_a_docx_converted_to_pdf_shows_the_organization_and_credit_code()
    {
        RequireTools("soffice", "pdftotext");
        var docx = Path.Combine(_work.FullName, "appendix-a.docx");
        await File.WriteAllBytesAsync(docx, AppendixADocument.Build(AppendixADocumentTests.Sample()), TestContext.Current.CancellationToken);

        await RunAsync("soffice", ProfileArgument(), "--headless", "--convert-to", "pdf", "--outdir", _work.FullName, docx);
        var pdf = Path.ChangeExtension(docx, ".pdf");
        Assert.True(File.Exists(pdf), "LibreOffice wrote no PDF");
        // a long value wraps inside its cell and pdftotext breaks the line there: compare without whitespace
        var text = string.Concat((await RunAsync("pdftotext", "-enc", "UTF-8", pdf, "-")).Where(c => !char.IsWhiteSpace(c)));

        Assert.Contains("松江区政府质量奖培育孵化项目申请书", text);
        Assert.Contains("上海松江示例精密制造有限公司", text);
        Assert.Contains(AppendixADocumentTests.CreditCodeValue, text);
        Assert.Contains("-12.50万元", text);
        Assert.Contains("☑无☐有", text);
    }

    [Fact]
    public async Task Archive_record_docx_converted_to_pdf_shows_its_title_and_every_section()
    {
        RequireTools("soffice", "pdftotext");
        var docx = Path.Combine(_work.FullName, "archive-record.docx");
        var bytes = Web.Archive.ArchiveDocuments.TextDocument("质量分析（4.4.3）", "组织：上海松江示例精密制造有限公司",
            [("近两年行政处罚情况", "2025-06-01 松江区市场监督管理局 罚款 50,000.00 元"), ("质量管理现状", "质量管理体系运行有效\n设有首席质量官"), ("质量分析结论", null)]);
        await File.WriteAllBytesAsync(docx, bytes, TestContext.Current.CancellationToken);

        await RunAsync("soffice", ProfileArgument(), "--headless", "--convert-to", "pdf", "--outdir", _work.FullName, docx);
        var pdf = Path.ChangeExtension(docx, ".pdf");
        Assert.True(File.Exists(pdf), "LibreOffice wrote no PDF");
        var text = string.Concat((await RunAsync("pdftotext", "-enc", "UTF-8", pdf, "-")).Where(c => !char.IsWhiteSpace(c)));

        Assert.Contains("质量分析（4.4.3）", text);
        Assert.Contains("组织：上海松江示例精密制造有限公司", text);
        Assert.Contains("罚款50,000.00元", text);
        Assert.Contains("设有首席质量官", text);
        Assert.Contains("质量分析结论（无）", text);
    }

    [Fact]
    public async Task Appendix_b_docx_converted_to_pdf_shows_the_title_organization_and_ticked_answers()
    {
        RequireTools("soffice", "pdftotext");
        var docx = Path.Combine(_work.FullName, "appendix-b.docx");
        var bytes = AppendixBDocument.Build(AppendixBDocumentTests.OrganizationName, new DateTime(2025, 3, 1, 2, 30, 0, DateTimeKind.Utc), AppendixBDocumentTests.SampleAnswers());
        await File.WriteAllBytesAsync(docx, bytes, TestContext.Current.CancellationToken);

        await RunAsync("soffice", ProfileArgument(), "--headless", "--convert-to", "pdf", "--outdir", _work.FullName, docx);
        var pdf = Path.ChangeExtension(docx, ".pdf");
        Assert.True(File.Exists(pdf), "LibreOffice wrote no PDF");
        var text = string.Concat((await RunAsync("pdftotext", "-enc", "UTF-8", pdf, "-")).Where(c => !char.IsWhiteSpace(c)));

        Assert.Contains("松江区政府质量奖培育孵化前期自评表", text);
        Assert.Contains(AppendixBDocumentTests.OrganizationName, text);
        Assert.Contains("☑是☐否", text);
        Assert.Contains("☑已获认证注册", text);
        Assert.Contains("☑其他：供应链质量管理", text);
    }

    [Fact]
    public async Task Appendix_c_docx_converted_to_pdf_shows_the_title_the_opinion_and_the_signers()
    {
        RequireTools("soffice", "pdftotext");
        var docx = Path.Combine(_work.FullName, "appendix-c.docx");
        var text = new OpinionText("组织概况", "领导作用突出", "加强过程管理\n完善测量分析", "以顾客为中心的质量管理模式");
        var bytes = AppendixCDocument.Build("上海松江示例精密制造有限公司", new DateTime(2026, 5, 12, 1, 30, 0, DateTimeKind.Utc), text,
            [new("王建国", new DateTime(2026, 5, 13, 2, 0, 0, DateTimeKind.Utc)), new("李秀英", new DateTime(2026, 5, 14, 2, 0, 0, DateTimeKind.Utc))]);
        await File.WriteAllBytesAsync(docx, bytes, TestContext.Current.CancellationToken);

        await RunAsync("soffice", ProfileArgument(), "--headless", "--convert-to", "pdf", "--outdir", _work.FullName, docx);
        var pdf = Path.ChangeExtension(docx, ".pdf");
        Assert.True(File.Exists(pdf), "LibreOffice wrote no PDF");
        var pdfText = string.Concat((await RunAsync("pdftotext", "-enc", "UTF-8", pdf, "-")).Where(c => !char.IsWhiteSpace(c)));

        Assert.Contains("松江区政府质量奖现场扶优意见汇总表", pdfText);
        Assert.Contains("上海松江示例精密制造有限公司", pdfText);
        Assert.Contains("2026-05-12", pdfText);
        Assert.Contains("四、管理模式提炼以顾客为中心的质量管理模式", pdfText);
        Assert.Contains("王建国日期：2026-05-13", pdfText);
        Assert.Contains("李秀英", pdfText);
    }

    [Fact]
    public async Task Application_list_xlsx_converted_to_utf8_csv_shows_chinese_headers_and_names()
    {
        RequireTools("soffice");
        var xlsx = Path.Combine(_work.FullName, "list.xlsx");
        await using (var file = File.Create(xlsx))
        {
            ApplicationListExport.Write(file, ApplicationListExportTests.SampleRows());
        }

        // filter options: comma, double quote, UTF-8 (76), start at line 1
        await RunAsync("soffice", ProfileArgument(), "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", _work.FullName, xlsx);
        var csv = Path.ChangeExtension(xlsx, ".csv");
        Assert.True(File.Exists(csv), "LibreOffice wrote no CSV");
        var lines = await File.ReadAllLinesAsync(csv, Encoding.UTF8, TestContext.Current.CancellationToken);

        // LibreOffice quotes every text cell and writes numbers as shown, so the money format's two decimals appear
        Assert.Equal(string.Join(',', ApplicationListExportTests.Headers.Select(h => $"\"{h}\"")), lines[0]);
        Assert.StartsWith("\"上海松江示例精密制造有限公司\",\"91330100716105852F\",\"已提交\",", lines[1], StringComparison.Ordinal);
        Assert.Contains(",356,\"98,765.40\",321.00,\"2025-03-02 01:05\",", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("\"松江示例食品有限公司\",", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Showcase_docx_converted_to_pdf_shows_the_changed_answer_and_the_category_comparison()
    {
        RequireTools("soffice", "pdftotext");
        var docx = Path.Combine(_work.FullName, "showcase.docx");
        var baseline = new Dictionary<string, string?> { ["B-09"] = Web.Assessment.AppendixB.No };
        var final = new Dictionary<string, string?> { ["B-09"] = Web.Assessment.AppendixB.Yes };
        var before = Web.Assessment.Gb19580.Items.ToDictionary(i => i.Code, _ => 50);
        var after = Web.Assessment.Gb19580.Items.ToDictionary(i => i.Code, _ => 60);
        var profile = new Web.Showcase.ShowcaseProfile { Narrative = "一次交检合格率明显提升", ManagementModel = "精工三检质量管理模式", Status = Web.Showcase.ProfileStatus.Approved };
        var data = new Web.Showcase.BeforeAfter("上海松江示例精密制造有限公司", "2026年度计划", Web.Programmes.ProgrammeStage.Showcase, Web.Platform.Workflow.CaseState.Showcased, profile,
            Web.Assessment.SelfEvaluationStatus.Submitted, Web.Showcase.ShowcaseRules.Changes(baseline, final), Web.Showcase.ShowcaseRules.Compare(before, after), "建立顾客满意度测量闭环", after);
        await File.WriteAllBytesAsync(docx, Web.Showcase.ShowcaseDocument.Build(data), TestContext.Current.CancellationToken);

        await RunAsync("soffice", ProfileArgument(), "--headless", "--convert-to", "pdf", "--outdir", _work.FullName, docx);
        var pdf = Path.ChangeExtension(docx, ".pdf");
        Assert.True(File.Exists(pdf), "LibreOffice wrote no PDF");
        var pdfText = string.Concat((await RunAsync("pdftotext", "-enc", "UTF-8", pdf, "-")).Where(c => !char.IsWhiteSpace(c)));

        Assert.Contains("上海松江示例精密制造有限公司", pdfText);
        Assert.Contains(Web.Assessment.AppendixB.Find("B-09")!.Text, pdfText);
        Assert.Contains("精工三检质量管理模式", pdfText);
        Assert.Contains("500.0", pdfText);
        Assert.Contains("600.0", pdfText);
    }

    [Fact]
    public async Task Programme_summary_docx_converted_to_pdf_shows_the_figures_the_paths_and_the_offices_texts()
    {
        RequireTools("soffice", "pdftotext");
        var docx = Path.Combine(_work.FullName, "summary.docx");
        await File.WriteAllBytesAsync(docx, Web.Review.SummaryDocument.Build(SummaryDocumentTests.SampleFacts(), SummaryDocumentTests.SampleSummary()),
            TestContext.Current.CancellationToken);

        await RunAsync("soffice", ProfileArgument(), "--headless", "--convert-to", "pdf", "--outdir", _work.FullName, docx);
        var pdf = Path.ChangeExtension(docx, ".pdf");
        Assert.True(File.Exists(pdf), "LibreOffice wrote no PDF");
        var pdfText = string.Concat((await RunAsync("pdftotext", "-enc", "UTF-8", pdf, "-")).Where(c => !char.IsWhiteSpace(c)));

        Assert.Contains("松江区政府质量奖培育孵化工作总结", pdfText);
        Assert.Contains(SummaryDocumentTests.ProgrammeTitle, pdfText);
        Assert.Contains("4.5理论指导", pdfText);
        Assert.Contains("入选培育孵化库2家", pdfText);
        Assert.Contains("50.0%", pdfText);
        Assert.Contains("松江示例食品有限公司", pdfText);
        Assert.Contains("发生较大生产安全事故", pdfText);
        Assert.Contains("增加行业分组辅导", pdfText);
        Assert.Contains("前期自评表题目偏多", pdfText);
    }

    [Fact]
    public async Task Pool_list_xlsx_converted_to_utf8_csv_shows_members_and_exits()
    {
        RequireTools("soffice");
        var xlsx = Path.Combine(_work.FullName, "pool.xlsx");
        var entered = new DateTime(2026, 6, 1, 2, 0, 0, DateTimeKind.Utc);
        await File.WriteAllBytesAsync(xlsx, Web.Pool.PoolExport.Write(
        [
            new(Guid.NewGuid(), Guid.NewGuid(), "上海松江示例精密制造有限公司", "91330100716105852F", Web.Platform.Workflow.CaseState.InPool, 1, 59.9m, null, entered, "区评审办", null, null, null, null),
            new(Guid.NewGuid(), Guid.NewGuid(), "松江示例食品有限公司", "91310117MA1J3LKQ6K", Web.Platform.Workflow.CaseState.Exited, 2, 20m, null, entered, "区评审办",
                entered.AddMonths(4), Web.Pool.ExitGround.MajorIncident, "发生较大生产安全事故", "区评审办"),
        ]), TestContext.Current.CancellationToken);

        await RunAsync("soffice", ProfileArgument(), "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", _work.FullName, xlsx);
        var csv = Path.ChangeExtension(xlsx, ".csv");
        Assert.True(File.Exists(csv), "LibreOffice wrote no CSV");
        var text = await File.ReadAllTextAsync(csv, Encoding.UTF8, TestContext.Current.CancellationToken);
        Assert.Contains("上海松江示例精密制造有限公司", text);
        Assert.Contains("91310117MA1J3LKQ6K", text);
        Assert.Contains("发生较大生产安全事故", text);
        Assert.Contains("2026-06-01", text);
    }

    /// <summary>A LibreOffice profile of this test's own: two soffice sharing one profile silently write nothing.</summary>
    private string ProfileArgument() => "-env:UserInstallation=" + new Uri(Path.Combine(_work.FullName, "lo-profile")).AbsoluteUri;

    private static void RequireTools(params string[] tools)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var tool in tools.Where(t => !path.Any(dir => File.Exists(Path.Combine(dir, t)))))
        {
            Requirements.Unavailable($"未找到 {tool}：请安装 libreoffice-writer-nogui、libreoffice-calc-nogui 和 poppler-utils（见 .ci/run）");
        }
    }

    /// <summary>Runs a tool and returns its standard output; fails with its error output, or after the timeout, killing it.</summary>
    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.StandardOutputEncoding = Encoding.UTF8;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} did not finish within {Timeout.TotalSeconds} s and was killed");
        }
        Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}: {await error}");
        return await output;
    }
}
