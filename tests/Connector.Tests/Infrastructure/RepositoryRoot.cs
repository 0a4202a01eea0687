namespace Connector.Tests.Infrastructure;

static class RepositoryRoot
{
    public static string Path { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Connector.sln"))) return dir.FullName;
        throw new InvalidOperationException("Connector.sln not found above " + AppContext.BaseDirectory);
    }
}
