namespace Connector.Web.Connect.Auth;

static class ConnectChallenge
{
    public static void AddHeader(HttpResponse response, string appKey) =>
        response.Headers.WWWAuthenticate = $"JWT realm=\"{appKey}\"";
}
