namespace Connector.Web.Tenancy.Access;

/// <summary>The WWW-Authenticate header of a 401: Atlassian's scanner and clients expect the JWT scheme with a realm.</summary>
public static class Challenge
{
    public static void AddHeader(HttpResponse response, string realm) =>
        response.Headers.WWWAuthenticate = $"JWT realm=\"{realm}\"";
}
