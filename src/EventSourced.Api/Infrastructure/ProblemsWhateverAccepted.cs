namespace EventSourced.Api.Infrastructure;

/// <summary>
/// An error is a problem document whatever the client said it accepts. ASP.NET Core's own writer declines when Accept
/// names neither JSON nor */* (a statistics client asking for text/csv), and the answer was then a bare "Status Code:
/// 404" in text/plain or a 406 in place of the 400 the input deserved. Registered after that writer, this one takes
/// only what it declines and hands it back to it, so the document (type, title, correlation id) is the same.
/// </summary>
public sealed class ProblemsWhateverAccepted : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context) =>
        context.HttpContext.RequestServices.GetServices<IProblemDetailsWriter>().First(w => w is not ProblemsWhateverAccepted).WriteAsync(context);
}
