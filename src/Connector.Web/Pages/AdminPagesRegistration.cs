using Microsoft.AspNetCore.Mvc;

namespace Connector.Web.Pages;

public static class AdminPagesRegistration
{
    public const long FormLimit = 1024 * 1024;

    public static void AddAdminPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Shared.SiteTime>();
        builder.Services.AddScoped<PageRestore>();
        builder.Services.AddScoped<SiteProgressQuery>();
        builder.Services.AddRazorPages(options =>
        {
            // Antiforgery relies on cookies, which browsers block inside the product's iframe. Our forms
            // carry the session token in the body instead, which a cross-site page cannot read or forge.
            options.Conventions.ConfigureFilter(new IgnoreAntiforgeryTokenAttribute());
            options.Conventions.ConfigureFilter(new ServiceFilterAttribute<PageRestore>());
            // A form is a few kilobytes; only the source page takes uploads (up to the CSV limit, set in AddSources).
            options.Conventions.AddFolderApplicationModelConvention("/", page =>
            {
                if (page.ViewEnginePath != "/Sources/Edit") page.EndpointMetadata.Add(new RequestSizeLimitAttribute(FormLimit));
            });
        });
    }

    public static void MapAdminPages(this WebApplication app) => app.MapRazorPages();
}
