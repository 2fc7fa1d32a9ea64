namespace Vig.Api.Tests.Fixtures;

/// <summary>Files of the working copy the tests were built from, found by walking up to Vig.sln.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>A path inside the repository, given with forward slashes as in the docs.</summary>
    public static string PathOf(string relativePath) =>
        Path.Combine([Root, .. relativePath.Split('/')]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Vig.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Vig.sln above {AppContext.BaseDirectory}: the tests must run from a working copy of the repository.");
    }
}
