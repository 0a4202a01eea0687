namespace Connector.Web.Tenancy.Access;

/// <summary>The kinds of token an endpoint may accept.</summary>
[Flags]
public enum CallerTokenKind
{
    /// <summary>Signed by the product for exactly this request (computed qsh): page loads, webhooks, enabled/disabled.</summary>
    ProductRequest = 1,

    /// <summary>Signed by the product for the page's scripts (qsh "context-qsh"), from AP.context.getToken().</summary>
    ProductContext = 2,

    /// <summary>Ours: issued after a verified call so links, forms and scripts inside the product's frame work without cookies.</summary>
    Session = 4,
}

/// <summary>
/// Says which tokens an endpoint takes. Pages without it take <see cref="CallerTokenKind.ProductRequest"/>
/// and <see cref="CallerTokenKind.Session"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AcceptsTokensAttribute(CallerTokenKind kinds) : Attribute
{
    public CallerTokenKind Kinds { get; } = kinds;

    public static readonly AcceptsTokensAttribute PageDefault = new(CallerTokenKind.ProductRequest | CallerTokenKind.Session);
}
