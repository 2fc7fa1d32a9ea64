using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Vig.Application;
using Vig.Application.Common;
using Vig.Application.ReferenceData;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void AddApplication_RegistersAHandlerForEveryRequestType()
    {
        var services = new ServiceCollection().AddApplication();
        var requestTypes = typeof(DependencyInjection).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)))
            .ToList();

        Assert.NotEmpty(requestTypes);
        foreach (var request in requestTypes)
        {
            var response = request.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)).GetGenericArguments()[0];
            var handler = typeof(IRequestHandler<,>).MakeGenericType(request, response);
            Assert.True(services.Any(d => d.ServiceType == handler), $"No handler is registered for {request.Name}.");
        }
    }

    [Fact]
    public async Task Send_GoesThroughTheMediatorToTheHandler()
    {
        await using var provider = Provider(new FixedReferenceData());
        await using var scope = provider.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        var categories = await mediator.Send(new ListConcernCategories(), CancellationToken.None);

        Assert.Equal(["autism"], categories.Select(c => c.Code));
    }

    [Fact]
    public async Task Send_WhenAValidatorFails_StopsBeforeTheHandler_WithEveryFailureByProperty()
    {
        await using var provider = Provider(new FixedReferenceData(), services =>
        {
            services.AddSingleton<IValidator<ListConcernCategories>, AlwaysFails>();
            services.AddSingleton<IValidator<ListConcernCategories>, AlsoFails>();
        });
        await using var scope = provider.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var reference = (FixedReferenceData)scope.ServiceProvider.GetRequiredService<IReferenceData>();

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => mediator.Send(new ListConcernCategories(), CancellationToken.None));

        Assert.Equal(["first", "second"], error.Errors["Field"]);
        Assert.Equal(["third"], error.Errors["Other.Field"]);
        Assert.Equal(0, reference.Calls);
    }

    private static ServiceProvider Provider(IReferenceData referenceData, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection().AddApplication();
        services.AddSingleton(referenceData);
        services.AddSingleton<IRequestRetryPolicy>(new RetryPolicy(canRetry: false));

        // What the host provides: the time, the council's zone and the calling client (the validation pipeline reads the request's clock).
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(TimeZoneInfo.Utc);
        services.AddScoped<ICurrentClient>(_ => new Fixtures.FakeClient("case-system-a"));
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 0)]
    public async Task Send_WhenTheDatabaseLosesTheConnection_RunsTheRequestAgain_AtMostThreeTimesInAll(int failures, int expectedSuccesses)
    {
        var policy = new RetryPolicy(canRetry: true);
        var reference = new FixedReferenceData { FailuresLeft = failures };
        await using var provider = Provider(reference, services => services.AddSingleton<IRequestRetryPolicy>(policy));
        await using var scope = provider.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        var outcome = await Record.ExceptionAsync(() => mediator.Send(new ListConcernCategories(), CancellationToken.None));

        Assert.Equal(expectedSuccesses, outcome is null ? 1 : 0);
        Assert.Equal(Math.Min(failures + 1, IRequestRetryPolicy.MaxAttempts), reference.Calls);
        Assert.Equal(reference.Calls - 1, policy.Prepared);
    }

    [Fact]
    public async Task Send_WhenTheFailureIsNotSafeToRetry_DoesNotRunTheRequestAgain()
    {
        var reference = new FixedReferenceData { FailuresLeft = 1 };
        await using var provider = Provider(reference);
        await using var scope = provider.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        await Assert.ThrowsAsync<TimeoutException>(() => mediator.Send(new ListConcernCategories(), CancellationToken.None));

        Assert.Equal(1, reference.Calls);
    }

    private sealed class RetryPolicy(bool canRetry) : IRequestRetryPolicy
    {
        public int Prepared { get; private set; }

        public bool CanRetry(Exception failure) => canRetry && failure is TimeoutException;

        public void PrepareRetry() => Prepared++;
    }

    private sealed class FixedReferenceData : IReferenceData
    {
        public int Calls { get; private set; }

        public int FailuresLeft { get; set; }

        public Task<IReadOnlyList<ConcernCategory>> ConcernCategoriesAsync(CancellationToken cancellationToken)
        {
            Calls++;
            if (FailuresLeft-- > 0)
            {
                throw new TimeoutException("Stands for a lost database connection.");
            }

            return Task.FromResult<IReadOnlyList<ConcernCategory>>([ConcernCategory.Autism]);
        }

        public Task<IReadOnlyList<DeclineReason>> DeclineReasonsAsync(CancellationToken cancellationToken) =>
            Task.FromResult(DeclineReason.All);
    }

    private sealed class AlwaysFails : AbstractValidator<ListConcernCategories>
    {
        public AlwaysFails()
        {
            RuleFor(x => x).Must(_ => false).OverridePropertyName("Field").WithMessage("first");
            RuleFor(x => x).Must(_ => false).OverridePropertyName("Field").WithMessage("second");
        }
    }

    private sealed class AlsoFails : AbstractValidator<ListConcernCategories>
    {
        public AlsoFails() => RuleFor(x => x).Must(_ => false).OverridePropertyName("Other.Field").WithMessage("third");
    }
}
