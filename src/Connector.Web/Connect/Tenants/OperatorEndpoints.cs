using System.Security.Cryptography;
using System.Text;
using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Connect.Tenants;

/// <summary>
/// Endpoints for us, the operators, never for tenant admins: set a site's edition. Protected by a key
/// of their own (Operator__ApiKey); without one configured they do not exist.
/// </summary>
public static class OperatorEndpoints
{
    public static void MapOperatorEndpoints(this WebApplication app)
    {
        var key = app.Configuration["Operator:ApiKey"];
        if (string.IsNullOrEmpty(key)) return;
        app.MapPut("/operator/tenants/{clientKey}/edition", async (string clientKey, EditionChange change, HttpRequest request, ConnectorDb db,
            CancellationToken cancellationToken) =>
        {
            var presented = Encoding.UTF8.GetBytes(request.Headers["X-Operator-Key"].ToString());
            if (!CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(key))) return Results.Unauthorized();
            if (!Enum.TryParse<Edition>(change.Edition, ignoreCase: true, out var edition)) return Results.BadRequest(new { error = "edition must be standard or advanced" });
            var changed = await db.Tenants.Where(t => t.ClientKey == clientKey)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Edition, edition), cancellationToken);
            return changed == 0 ? Results.NotFound() : Results.NoContent();
        }).AllowAnonymous();
    }

    public sealed record EditionChange(string Edition);
}
