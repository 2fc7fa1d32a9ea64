using Vig.Infrastructure.LocalPostgres;

namespace Vig.Api.Tests.Foundation;

public sealed class LocalPostgresTests
{
    [Fact]
    public void Find_WhenNoServerProgramsAnywhere_SaysWhatToInstall()
    {
        var empty = Directory.CreateTempSubdirectory("vig-no-postgres-").FullName;
        try
        {
            var error = Assert.Throws<PostgresNotInstalledException>(() => PostgresBinaries.Find(null, empty, Path.Combine(empty, "missing")));

            Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
            Assert.Contains("ConnectionStrings__Vig", error.Message, StringComparison.Ordinal);
            Assert.Contains("docker compose up", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void Find_WhenTheNamedFolderLacksThePrograms_SaysSo()
    {
        var error = Assert.Throws<PostgresNotInstalledException>(() => PostgresBinaries.Find("/nonexistent/pg/bin", null, "/nonexistent"));

        Assert.Contains(PostgresBinaries.DirectoryVariable, error.Message, StringComparison.Ordinal);
    }
}
