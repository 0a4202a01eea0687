using System.Security.Cryptography;
using System.Text;

namespace Connector.Web.Platform;

/// <summary>
/// The key that guards endpoints for us, the operators, never for tenant admins (Operator__ApiKey).
/// Without one configured, operator endpoints do not exist.
/// </summary>
public static class OperatorKey
{
    public static string? Configured(IConfiguration configuration) =>
        configuration["Operator:ApiKey"] is { Length: > 0 } key ? key : null;

    /// <summary>The key as <c>X-Operator-Key</c>, or as a bearer token (what Prometheus' scrape config sends).</summary>
    public static bool IsPresentedIn(HttpRequest request, string key)
    {
        var presented = request.Headers["X-Operator-Key"].ToString();
        if (presented.Length == 0 && request.Headers.Authorization.ToString() is { } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            presented = authorization["Bearer ".Length..].Trim();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key));
    }
}
