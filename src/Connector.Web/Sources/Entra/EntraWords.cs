using System.Net;
using System.Text.Json.Nodes;

namespace Connector.Web.Sources.Entra;

/// <summary>What the Microsoft identity platform and Graph answered, in words an Entra administrator can act on.</summary>
static class EntraWords
{
    public const string SourceName = "Microsoft Entra ID";

    /// <summary>
    /// The token endpoint answers 400/401 with {"error", "error_description", "error_codes": [AADSTS numbers]}.
    /// The numbers tell a wrong secret from an expired one, and an unknown client or directory.
    /// </summary>
    public static string TokenProblem(HttpStatusCode status, JsonObject? body)
    {
        var codes = (body?["error_codes"]?.AsArray() ?? []).Select(c => (int?)c).ToHashSet();
        return codes switch
        {
            _ when codes.Contains(7000222) => "The client secret has expired. Create a new one under App registrations → Certificates & secrets, and enter it with its expiry date.",
            _ when codes.Contains(7000215) => "Microsoft Entra ID did not accept this client secret. Copy the secret's Value (not its Secret ID) and try again.",
            _ when codes.Contains(700016) => "There is no app registration with this application (client) ID in the directory. Check both IDs on the app's Overview page.",
            _ when codes.Contains(90002) || codes.Contains(900023) => "There is no directory with this directory (tenant) ID. Check it on the app registration's Overview page.",
            _ when status == HttpStatusCode.TooManyRequests => "Microsoft Entra ID is limiting how often we may call it right now. Try again in a few minutes.",
            _ => $"Microsoft Entra ID refused the sign-in (HTTP {(int)status}{((string?)body?["error"] is { } error ? ", " + error : "")}). Check the IDs and the client secret.",
        };
    }

    public static string NotPermitted(SourceSettings settings) => string.IsNullOrWhiteSpace(settings.GroupId)
        ? "The app registration may not read users. Add the Microsoft Graph application permission User.Read.All and grant admin consent."
        : "The app registration may not read this group's members. Add the Microsoft Graph application permissions User.Read.All and GroupMember.Read.All and grant admin consent.";
}
