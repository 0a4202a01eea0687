using System.Text;
using Connector.Sandbox.Data;
using Connector.Sandbox.Sites;

namespace Connector.Sandbox.Control;

/// <summary>What a site's customer directory now holds, for tests and curious people; and generated CSV data sets.</summary>
public static class DirectoryEndpoints
{
    public static void MapDirectoryInspection(this RouteGroupBuilder control)
    {
        control.MapGet("/sites/{name}/directory", (string name, SiteDirectory sites) =>
        {
            if (sites.Find(name) is not { } site) return Results.NotFound();
            var csm = site.Csm;
            return Results.Json(new
            {
                customerFields = csm.Fields("customer"),
                organizationFields = csm.Fields("organization"),
                customers = csm.Customers().Select(c => new { c.Id, c.Email, c.DisplayName, c.Details, organizations = c.Organizations }),
                organizations = csm.Organizations().Select(o => new { o.Id, o.Name, o.Details, members = o.Members }),
            });
        });
        control.MapDelete("/sites/{name}/directory", (string name, SiteDirectory sites) =>
        {
            if (sites.Find(name) is not { } site) return Results.NotFound();
            site.ResetDirectory();
            return Results.NoContent();
        });

        // people.csv?users=5000&companies=40&seed=1&badEvery=10 streams the same file every time for the same arguments.
        control.MapGet("/datasets/people.csv", async (HttpResponse response, int? users, int? companies, int? seed, int? badEvery, string? delimiter) =>
        {
            var people = new DataSet { Users = users ?? 100, Companies = companies ?? 5, Seed = seed ?? 1 };
            var d = delimiter ?? ",";
            response.ContentType = "text/csv; charset=utf-8";
            await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 64 * 1024);
            await writer.WriteAsync($"Email{d}Name{d}Company{d}Title{d}Phone{d}Country\n");
            foreach (var p in people.Range(0, people.Users))
            {
                if (badEvery is > 0 && p.Index % badEvery == badEvery - 1) await writer.WriteAsync($"{p.Email}{d}{Quote(p.DisplayName, d)}\n");
                else await writer.WriteAsync($"{p.Email}{d}{Quote(p.DisplayName, d)}{d}{p.Company}{d}{p.Title}{d}{p.Phone}{d}{p.Country}\n");
            }
        });
    }

    static string Quote(string value, string delimiter) =>
        value.Contains(delimiter) || value.Contains('"') ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
