using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Vig.Application.Common;

namespace Vig.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the mediator, every request handler and validator in this assembly, and the
    /// pipeline behaviours. MediatR 5 ships no container integration, so this is it
    /// (docs/decisions/0002-mediatr-5.md).
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddScoped<ServiceFactory>(provider => provider.GetRequiredService);
        services.AddScoped<IMediator, Mediator>();

        var handlerInterface = typeof(IRequestHandler<,>);
        foreach (var type in typeof(DependencyInjection).Assembly.GetTypes())
        {
            if (type.IsAbstract || type.IsInterface || type.IsGenericTypeDefinition)
            {
                continue;
            }

            foreach (var contract in type.GetInterfaces())
            {
                if (contract.IsGenericType && contract.GetGenericTypeDefinition() == handlerInterface)
                {
                    services.AddScoped(contract, type);
                }
            }
        }

        // Registration order is nesting order: validation outside, so a retry never validates twice.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(RetryOnLostConnection<,>));
        services.AddScoped<ServiceClock>();
        services.AddSingleton<ServiceCalendar>();
        services.AddScoped<Referrals.ReferralAccess>();
        services.AddScoped<Referrals.ReferralChanges>();
        services.AddScoped<Referrals.ReferralResults>();
        services.AddSingleton(provider => new Vig.Domain.ServiceLevels.WorkingDays(
            provider.GetRequiredService<TimeZoneInfo>(), provider.GetRequiredService<Vig.Domain.ServiceLevels.IBankHolidays>()));
        services.AddSingleton(provider => new Vig.Domain.ServiceLevels.ServiceLevelClocks(
            provider.GetRequiredService<Vig.Domain.ServiceLevels.WorkingDays>(),
            provider.GetRequiredService<ServiceLevels.ServiceLevelOptions>().Targets));
        services.AddScoped<Referrals.PossibleDuplicates>();
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton);
        return services;
    }
}
