using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using QualityIncubator.Web.Platform.Audit;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Files;
using QualityIncubator.Web.Platform.Identity;
using QualityIncubator.Web.Platform.Notifications;
using QualityIncubator.Web.Platform.Web;
using QualityIncubator.Web.Platform.Workflow;

namespace QualityIncubator.Web.Platform;

/// <summary>What every stage shares: data, identity, audit, files, notifications, workflow, and the web host's policies.</summary>
public static class PlatformSetup
{
    public const string OfficePolicy = "Office";
    public const string ExpertPolicy = "Expert";
    public const string OrganizationPolicy = "Organization";

    /// <summary>Office and experts: the accounts that may protect themselves with two-factor authentication.</summary>
    public const string StaffPolicy = "Staff";

    public static void AddPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<IAuditActor, HttpAuditActor>();
        builder.AddAppDatabase();

        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddErrorDescriber<ChineseIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<AppClaimsFactory>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "qi.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status403Forbidden);
            // Identity's validator (with its SignInManager, UserManager and store) is made only when a check is due, not on every request
            o.Events.OnValidatePrincipal = ctx => SecurityStampCheck.IsDue(ctx) ? SecurityStampValidator.ValidatePrincipalAsync(ctx) : Task.CompletedTask;
        });
        // A disabled account, or one whose password was reset, loses its session at the next security-stamp check.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.Configure<SecurityOptions>(config.GetSection("Security"));
        // Emailed reset links (the only data-protection tokens issued) expire after Security:PasswordResetMinutes; a used one is
        // refused because the reset changes the security stamp the token carries.
        services.AddOptions<DataProtectionTokenProviderOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<SecurityOptions>>((o, security) => o.TokenLifespan = security.Value.PasswordResetLifespan);
        services.AddDataProtection().SetApplicationName("QualityIncubator").PersistKeysToDbContext<AppDbContext>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(OfficePolicy, p => p.RequireRole(Roles.Office))
            .AddPolicy(ExpertPolicy, p => p.RequireRole(Roles.Expert))
            .AddPolicy(OrganizationPolicy, p => p.RequireRole(Roles.Organization))
            .AddPolicy(StaffPolicy, p => p.RequireRole(Roles.Office, Roles.Expert));
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "X-CSRF-TOKEN";
            o.Cookie.Name = "qi.csrf";
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy("login", ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = config.GetValue("Security:LoginAttemptsPerMinute", 30), Window = TimeSpan.FromMinutes(1) }));
        });

        services.Configure<BootstrapOptions>(config.GetSection("Bootstrap"));
        services.Configure<StorageOptions>(config.GetSection("Storage"));
        services.Configure<SmtpOptions>(config.GetSection("Smtp"));
        // Requests up to twice the upload limit are read, so a file just over the limit gets the upload service's Chinese message;
        // anything larger is cut off by the server (413, shown as the Chinese error page).
        var requestLimit = (config.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions()).MaxUploadBytes * 2 + 1024 * 1024;
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = requestLimit);
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = requestLimit);
        services.AddScoped<AdminBootstrap>();
        services.AddScoped<QualityIncubator.Web.Platform.Demo.DemoSeeder>();
        services.AddScoped<CaseWorkflow>();
        services.AddScoped<FileStore>();
        services.AddSingleton<PendingFiles>();
        services.AddScoped<Notifier>();
        services.AddScoped<OutboxProcessor>();
        services.AddSingleton<IEmailTransport, SmtpEmailTransport>();
        if (config.GetValue("Smtp:RunSender", true))
        {
            services.AddHostedService<OutboxSender>();
        }

        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/";
                o.Conventions.AllowAnonymousToPage("/Index");
                o.Conventions.AllowAnonymousToPage("/Account/Login");
                o.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
                o.Conventions.AllowAnonymousToPage("/Account/ForgotPassword");
                o.Conventions.AllowAnonymousToPage("/Account/ResetPassword");
                o.Conventions.AllowAnonymousToPage("/Account/LoginWith2fa");
                o.Conventions.AllowAnonymousToPage("/Account/LoginWithRecoveryCode");
                o.Conventions.AuthorizePage("/Account/TwoFactor", StaffPolicy);
                o.Conventions.AllowAnonymousToPage("/Platform/Web/Error");
                o.Conventions.AuthorizeFolder("/Platform/Audit", OfficePolicy);
                o.Conventions.AuthorizeFolder("/Platform/Users", OfficePolicy);
                o.Conventions.AuthorizeFolder("/Programmes", OfficePolicy);
            })
            .AddMvcOptions(ChineseValidationMetadataProvider.Configure)
            // one rule for control characters in every text field of every form and query string (TextInput)
            .AddMvcOptions(o =>
            {
                o.ModelBinderProviders.Insert(0, new TextInputModelBinderProvider());
                o.Filters.Add(new TextTooLongPageFilter());
            })
            // Pages work without JavaScript: validation happens on the server, so no client-side data-val attributes.
            .AddViewOptions(o => o.HtmlHelperOptions.ClientValidationEnabled = false);
        // Chinese text is written as is, not as &#x…; entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddProblemDetails();
        services.AddExceptionHandler<SealedArchiveProblem>();
        // an unreadable JSON body or a query value of the wrong type reaches BadRequestProblem, which answers in Chinese
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblem>();
        services.AddExceptionHandler<TextTooLongProblem>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "QualityIncubator API（松江区政府质量奖培育孵化平台）";
            doc.Info.Version = "v1";
            doc.Info.Description = "DB31117/Z 018-2022 培育孵化各阶段的 JSON 接口。Cookie 登录；修改类请求须带 X-CSRF-TOKEN 头（GET /api/v1/antiforgery 获取）。";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = [CultureInfo.GetCultureInfo("zh-CN")];
            o.SupportedUICultures = [CultureInfo.GetCultureInfo("zh-CN")];
        });
    }

    private static Task ApiAware(HttpContext context, string redirectUri, int apiStatus)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/files") || context.Request.Path.StartsWithSegments("/openapi"))
        {
            context.Response.StatusCode = apiStatus;
        }
        else
        {
            context.Response.Redirect(redirectUri);
        }
        return Task.CompletedTask;
    }

    public static void UsePlatform(this WebApplication app)
    {
        CultureInfo.DefaultThreadCurrentCulture = ChinaTime.Culture;
        CultureInfo.DefaultThreadCurrentUICulture = ChinaTime.Culture;
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseRequestLocalization();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), web =>
        {
            web.UseExceptionHandler("/Error/500");
            web.UseStatusCodePagesWithReExecute("/Error/{0}");
        });
        if (app.Configuration.GetValue("Https:Redirect", false))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseTwoFactorRequirement();
        // a route naming a programme that does not exist answers 404; a withdrawn or exited organization changes nothing more in its programme
        app.UseProgrammeRouteGuard();
        app.UseAntiforgery();
        // The API browser is for the Office only.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api-docs"), docs => docs.Use(async (ctx, next) =>
        {
            if (ctx.User.Identity?.IsAuthenticated != true)
            {
                await ctx.ChallengeAsync();
                return;
            }
            if (!ctx.User.IsInRole(Roles.Office))
            {
                await ctx.ForbidAsync();
                return;
            }
            await next(ctx);
        }));
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api-docs";
            o.SwaggerEndpoint("/openapi/v1.json", "QualityIncubator API v1");
            o.DocumentTitle = "接口文档 - 松江区政府质量奖培育孵化平台";
        });
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(OfficePolicy);
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapRazorPages();
    }

    /// <summary>API requests authenticated by cookie must carry the antiforgery token when they change anything.</summary>
    /// <remarks>Also applies the platform's text rule (<see cref="TextInputEndpointFilter"/>) to every argument of the group's endpoints.</remarks>
    public static RouteGroupBuilder WithCsrfCheck(this RouteGroupBuilder group) => group.AddEndpointFilter(async (ctx, next) =>
    {
        var http = ctx.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method))
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem(title: "缺少或无效的防伪令牌（X-CSRF-TOKEN）", statusCode: StatusCodes.Status400BadRequest);
            }
        }
        return await next(ctx);
    }).AddEndpointFilter(TextInputEndpointFilter.InvokeAsync);
}
