namespace Connector.Web.Connect.Jwt;

/// <summary>The kinds of token an endpoint may accept.</summary>
[Flags]
public enum ConnectTokenKind
{
    /// <summary>Signed by the product for exactly this request (computed qsh): page loads, webhooks, enabled/disabled.</summary>
    ProductRequest = 1,

    /// <summary>Signed by the product for the page's scripts (qsh "context-qsh"), from AP.context.getToken().</summary>
    ProductContext = 2,

    /// <summary>Ours: issued after a verified page load so links and forms inside the iframe work without cookies.</summary>
    Session = 4,
}

/// <summary>
/// Says which tokens an endpoint takes. Pages without it take <see cref="ConnectTokenKind.ProductRequest"/>
/// and <see cref="ConnectTokenKind.Session"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AcceptsConnectTokensAttribute(ConnectTokenKind kinds) : Attribute
{
    public ConnectTokenKind Kinds { get; } = kinds;

    public static readonly AcceptsConnectTokensAttribute PageDefault =
        new(ConnectTokenKind.ProductRequest | ConnectTokenKind.Session);
}
