using Connector.Tests.Infrastructure;
using NetArchTest.Rules;

namespace Connector.Tests.Architecture;

/// <summary>Keeps the house one-way: in the compiled code (what is really used) and in the source (every using).</summary>
public sealed class LayerTests
{
    static readonly string SourceRoot = Path.Combine(RepositoryRoot.Path, "src", "Connector.Web");

    public static TheoryData<string> Folders => new(Layers.All.Where(f => Directory.Exists(Path.Combine(SourceRoot, f))));

    [Theory]
    [MemberData(nameof(Folders))]
    public void No_compiled_type_of_a_folder_depends_on_a_folder_above_it_or_beside_it(string folder)
    {
        var result = Types.InAssembly(typeof(Connector.Web.ConnectorApp).Assembly)
            .That().ResideInNamespaceMatching($@"^Connector\.Web\.{folder}(\..+)?$")
            .ShouldNot().HaveDependencyOnAny(Layers.ForbiddenFor(folder).Select(f => $"Connector.Web.{f}").ToArray())
            .GetResult();

        Assert.True(result.IsSuccessful, $"{folder} uses a folder it must not: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void No_source_file_of_a_folder_names_a_folder_above_it_or_beside_it(string folder)
    {
        var forbidden = Layers.ForbiddenFor(folder).ToHashSet();
        var offences = Directory.EnumerateFiles(Path.Combine(SourceRoot, folder), "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cs") || path.EndsWith(".cshtml"))
            .SelectMany(path => Layers.FoldersNamedIn(File.ReadAllText(path)).Where(forbidden.Contains)
                .Select(named => $"{Path.GetRelativePath(SourceRoot, path)} names {named}"))
            .ToList();

        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    [Fact]
    public void The_source_check_catches_a_single_upward_using()
    {
        var platformFile = "using Connector.Web.Imports;\nnamespace Connector.Web.Platform.Http;\nclass Sneaky;";

        Assert.Contains("Imports", Layers.FoldersNamedIn(platformFile).Where(Layers.ForbiddenFor("Platform").Contains));
        Assert.DoesNotContain("Connections", Layers.ForbiddenFor("Connections"));
        Assert.Contains("Csm", Layers.ForbiddenFor("Sources")); // neighbours on one level do not know each other
        Assert.DoesNotContain("Connect", Layers.ForbiddenFor("Notifications"));
    }
}
