using System.Net;
using System.Text.Json.Nodes;

namespace Connector.Web.Sources.Salesforce;

/// <summary>What Salesforce answered, in words a Salesforce administrator can act on.</summary>
static class SalesforceWords
{
    /// <summary>The token endpoint answers 400 with {"error", "error_description"}.</summary>
    public static string TokenProblem(HttpStatusCode status, JsonObject? body) => ((string?)body?["error"], (string?)body?["error_description"]) switch
    {
        ("invalid_client_id", _) => "There is no connected app with this consumer key in the org. Copy the Consumer Key from the app's Manage Consumer Details page.",
        ("invalid_client", _) => "Salesforce did not accept this consumer secret. Copy the Consumer Secret again (a rotated secret stops working).",
        ("invalid_grant", var description) when description?.Contains("client credentials", StringComparison.OrdinalIgnoreCase) == true =>
            "The connected app does not allow the client credentials flow. Enable it under OAuth Policies and choose a Run As user.",
        ("invalid_grant", var description) when description?.Contains("domain", StringComparison.OrdinalIgnoreCase) == true =>
            "Use the org's My Domain URL (https://your-company.my.salesforce.com), not login.salesforce.com.",
        ("invalid_grant", var description) => $"Salesforce refused the sign-in ({description}). Check that the Run As user is active.",
        _ when status == HttpStatusCode.TooManyRequests => "Salesforce is limiting how often we may call it right now. Try again in a few minutes.",
        _ => $"Salesforce refused the sign-in (HTTP {(int)status}). Check the My Domain URL, the consumer key and the consumer secret.",
    };

    public static string ApiProblem(HttpResponseMessage response, JsonArray? errors)
    {
        var code = (string?)errors?.FirstOrDefault()?["errorCode"];
        return code switch
        {
            "INVALID_TYPE" or "INSUFFICIENT_ACCESS" or "INSUFFICIENT_ACCESS_OR_READONLY" =>
                "The Run As user may not read Contacts and Accounts. Give its profile or a permission set Read on both.",
            "API_DISABLED_FOR_ORG" or "API_CURRENTLY_DISABLED" => "The Run As user may not use the API. Give its profile the API Enabled permission.",
            "REQUEST_LIMIT_EXCEEDED" => "The org used up its API requests for the last 24 hours. The import can run again when requests are free.",
            _ => SourceHttp.Problem(response, SalesforceSession.SourceName, "the connected app") + (code is null ? "" : $" ({code})"),
        };
    }
}
