using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace Vig.Infrastructure.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the API or a database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<VigDbContext>
{
    public VigDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<VigDbContext>();
        // Building a data source opens no connection: `migrations add` never needs a server.
        DependencyInjection.ConfigureDbContext(options, NpgsqlDataSource.Create("Host=localhost;Database=vig_design_time"));
        return new VigDbContext(options.Options);
    }
}
