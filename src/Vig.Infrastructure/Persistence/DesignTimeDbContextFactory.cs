using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Vig.Infrastructure.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the API or a database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<VigDbContext>
{
    public VigDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<VigDbContext>();
        DependencyInjection.ConfigureDbContext(options, "Host=localhost;Database=vig_design_time");
        return new VigDbContext(options.Options);
    }
}
