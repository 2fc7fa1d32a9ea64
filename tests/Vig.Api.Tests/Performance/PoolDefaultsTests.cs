using Npgsql;
using Vig.Infrastructure;

namespace Vig.Api.Tests.Performance;

/// <summary>
/// The pool's defaults (README, Configuration): applied where the connection string is silent,
/// never over what it says, in any of Npgsql's spellings of the keyword.
/// </summary>
public sealed class PoolDefaultsTests
{
    [Fact]
    public void AConnectionStringSayingNothing_GetsEveryDefault()
    {
        var settings = new NpgsqlConnectionStringBuilder(DependencyInjection.WithPoolDefaults("Host=db;Database=vig"));

        Assert.Equal(
            (DependencyInjection.DefaultMaxPoolSize, true, DependencyInjection.DefaultMaxAutoPrepare, 2),
            (settings.MaxPoolSize, settings.NoResetOnClose, settings.MaxAutoPrepare, settings.AutoPrepareMinUsages));
    }

    [Theory]
    [InlineData("Maximum Pool Size=7;No Reset On Close=false;Max Auto Prepare=0;Auto Prepare Min Usages=5")]
    [InlineData("MaxPoolSize=7;NoResetOnClose=false;MaxAutoPrepare=0;AutoPrepareMinUsages=5")]
    [InlineData("MAXIMUM POOL SIZE=7;no reset on close=false;MAX AUTO PREPARE=0;auto prepare min usages=5")]
    public void WhatTheConnectionStringSays_IsKept(string given)
    {
        var settings = new NpgsqlConnectionStringBuilder(DependencyInjection.WithPoolDefaults("Host=db;Database=vig;" + given));

        Assert.Equal((7, false, 0, 5), (settings.MaxPoolSize, settings.NoResetOnClose, settings.MaxAutoPrepare, settings.AutoPrepareMinUsages));
    }
}
