using Microsoft.AspNetCore.Http.HttpResults;

namespace Vibe.WebFront.Workspaces;

/// <summary><c>/api/v1/templates</c>: what a workspace can be created from.</summary>
internal static class TemplatesApi
{
    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/v1/templates").WithTags("Templates").RequireAuthorization();
        api.MapGet("", ListTemplates)
            .WithName("ListTemplates")
            .WithSummary("The templates a workspace can be created from");
        return app;
    }

    private static Ok<IReadOnlyList<WorkspaceTemplate>> ListTemplates(WorkspaceTemplates templates) => TypedResults.Ok(templates.All);
}
