using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Vibe.WebFront.Web;

/// <summary>
/// Caps every request body at Vibe:Web:MaxRequestBodyBytes (1 MiB), or at the endpoint's own limit
/// (<c>.WithMetadata(new RequestSizeLimitAttribute(bytes))</c>, e.g. for file uploads). A declared Content-Length over the
/// limit is answered 413 at once; a longer body without one fails with 413 when read past the limit.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<WebOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "The request body is too large",
                    Detail = $"The request body has {context.Request.ContentLength} bytes; this endpoint accepts at most {limit}.",
                },
            });
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        await next(context);
    }
}
