using System.Text.Json;
using Vig.Api.Contracts;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Domain.Referrals;
using static Vig.Api.Tests.Fixtures.OpenApiDocument;

namespace Vig.Api.Tests.Contract;

/// <summary>
/// The served document, read as a generated client reads it: every schema is a wire type with its
/// limits from the validators' constants, and every operation says what it can answer and which
/// headers it takes and gives. Reads whatever is served, so new operations and fields are covered too.
/// </summary>
public sealed class OpenApiDocumentTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task EverySchema_IsAWireTypeOfTheApi_NeverADomainOrApplicationOne()
    {
        var document = await ReadAsync(Client);
        var wire = typeof(ReferralResponse).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(ReferralResponse).Namespace).Select(t => t.Name).ToHashSet();

        var schemas = document.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name).ToList();

        Assert.NotEmpty(schemas);
        Assert.All(schemas, name => Assert.True(wire.Contains(name), $"Schema '{name}' is not a type of Vig.Api.Contracts."));
    }

    [Fact]
    public async Task EverySchemaPropertyAndParameter_HasADescription()
    {
        var document = await ReadAsync(Client);
        var missing = new List<string>();

        foreach (var schema in document.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            if (!HasDescription(schema.Value))
            {
                missing.Add(schema.Name);
            }

            foreach (var property in schema.Value.TryGetProperty("properties", out var properties) ? properties.EnumerateObject() : default)
            {
                if (!HasDescription(property.Value))
                {
                    missing.Add($"{schema.Name}.{property.Name}");
                }
            }
        }

        foreach (var (method, path, operation) in Operations(document))
        {
            missing.AddRange(Parameters(document, operation).Where(p => !HasDescription(p)).Select(p => $"{method} {path} {p.GetProperty("name").GetString()}"));
            missing.AddRange(operation.GetProperty("responses").EnumerateObject().Where(r => !HasDescription(r.Value)).Select(r => $"{method} {path} {r.Name}"));
        }

        Assert.Empty(missing);
    }

    [Fact]
    public async Task RequestLimits_ComeFromTheValidatorsConstants()
    {
        var document = await ReadAsync(Client);
        var child = Schema(document, "ChildRequest").GetProperty("properties");
        var referrer = Schema(document, "ReferrerRequest").GetProperty("properties");
        var referral = Schema(document, "ReferralRequest").GetProperty("properties");

        Assert.Equal(Child.NameMaxLength, child.GetProperty("name").GetProperty("maxLength").GetInt32());
        Assert.Equal(Child.ExternalCaseIdMaxLength, child.GetProperty("externalCaseId").GetProperty("maxLength").GetInt32());
        Assert.Equal(Child.MinGestationWeeks, child.GetProperty("gestationWeeks").GetProperty("minimum").GetInt32());
        Assert.Equal(Child.MaxGestationWeeks, child.GetProperty("gestationWeeks").GetProperty("maximum").GetInt32());
        Assert.Equal(["dateOfBirth", "name"], Required(Schema(document, "ChildRequest")).Order(StringComparer.Ordinal));
        Assert.Equal(Referrer.PhoneMaxLength, referrer.GetProperty("phone").GetProperty("maxLength").GetInt32());
        Assert.Equal(ReferralRequestValidator.PhonePattern, referrer.GetProperty("phone").GetProperty("pattern").GetString());
        Assert.Equal(ReferralDetails.MaxParentCarers, referral.GetProperty("parentCarers").GetProperty("maxItems").GetInt32());
        Assert.Equal(ReferralDetails.ConcernAccountMaxLength, referral.GetProperty("concernAccount").GetProperty("maxLength").GetInt32());
        Assert.Equal(StatusChange.CommentMaxLength, Schema(document, "DeclineReferralRequest").GetProperty("properties").GetProperty("comment").GetProperty("maxLength").GetInt32());
    }

    [Fact]
    public async Task ListQuery_IsTyped_WithEnumsIntegerBoundsAndDateTime()
    {
        var document = await ReadAsync(Client);
        var list = document.GetProperty("paths").GetProperty("/api/v1/referrals").GetProperty("get");

        var limit = Parameter(document, list, "limit").GetProperty("schema");
        Assert.Equal("integer", limit.GetProperty("type").GetString());
        Assert.Equal(1, limit.GetProperty("minimum").GetInt32());
        Assert.Equal(ListReferrals.MaxLimit, limit.GetProperty("maximum").GetInt32());
        Assert.Equal("date-time", Parameter(document, list, "updatedSince").GetProperty("schema").GetProperty("format").GetString());
        Assert.Equal(ListReferrals.CursorMaxLength, Parameter(document, list, "cursor").GetProperty("schema").GetProperty("maxLength").GetInt32());
        foreach (var (parameter, values) in new[] { ("status", Enum.GetNames<Domain.Referrals.ReferralStatus>()), ("route", Enum.GetNames<Domain.Referrals.RouteKind>()), ("referrerRole", Enum.GetNames<Domain.Referrals.ReferrerRole>()) })
        {
            var schema = Resolve(document, Parameter(document, list, parameter).GetProperty("schema"));
            Assert.Equal(values.Select(JsonNamingPolicy.CamelCase.ConvertName), schema.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        }
    }

    [Fact]
    public async Task EnumSchemas_ExplainEveryValue()
    {
        var document = await ReadAsync(Client);

        var enums = document.GetProperty("components").GetProperty("schemas").EnumerateObject().Where(s => s.Value.TryGetProperty("enum", out _)).ToList();

        Assert.NotEmpty(enums);
        Assert.All(enums, schema =>
        {
            var description = schema.Value.GetProperty("description").GetString()!;
            Assert.All(schema.Value.GetProperty("enum").EnumerateArray(), value => Assert.Contains($"`{value.GetString()}`: ", description, StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task ResponseSchemas_RequireEveryProperty_AndAreNullableExactlyWhereNullIsPossible()
    {
        var document = await ReadAsync(Client);
        var responses = document.GetProperty("components").GetProperty("schemas").EnumerateObject().Where(s => s.Name.EndsWith("Response", StringComparison.Ordinal)).ToList();

        Assert.All(responses, schema => Assert.Equal(schema.Value.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet(), Required(schema.Value)));
        AssertNullable(document, "ReferralResponse", ["referralDate", "route", "referrer", "child", "concernAccount", "latestEvaluation", "currentEvaluation", "declineReason", "allocatedTo", "outcome", "clock", "possibleDuplicates", "duplicateOf", "allocationExpectation"]);
        AssertNullable(document, "PossibleDuplicateResponse", ["dismissedAt", "dismissedBy"]);
        AssertNullable(document, "ReferralSummaryResponse", ["route", "referrerRole", "externalCaseId", "awaiting", "dueAt"]);
        AssertNullable(document, "StatusChangeResponse", ["from", "reasonCode", "comment"]);
        AssertNullable(document, "ClockResultResponse", []);
        AssertNullable(document, "AllocationExpectationResponse", ["medianWorkingDays"]);
        AssertNullable(document, "ServiceLevelReportResponse", ["from", "to"]);
        AssertNullable(document, "ClockFiguresResponse", ["shareWithinTarget", "medianWorkingDays"]);
    }

    [Fact]
    public async Task ProblemSchemas_DocumentTraceIdCodeRuleCodesAndErrors_AndEveryProblemAnswerUsesThem()
    {
        var document = await ReadAsync(Client);
        var problem = Schema(document, "Problem");
        var validation = Schema(document, "ValidationProblem");

        Assert.Superset(new HashSet<string> { "type", "title", "status", "traceId", "code", "ruleCodes" }, problem.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet());
        Assert.Superset(new HashSet<string> { "type", "title", "status", "traceId" }, Required(problem).ToHashSet());
        Assert.True(validation.GetProperty("properties").TryGetProperty("errors", out _));
        Assert.False(problem.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.Object && !extra.EnumerateObject().Any(), "Problem must not be an open map (additionalProp1..3).");
        foreach (var (method, path, operation) in Operations(document))
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4') || r.Name.StartsWith('5')))
            {
                var schema = response.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString();
                Assert.True(schema is "#/components/schemas/Problem" or "#/components/schemas/ValidationProblem", $"{method} {path} {response.Name}: {schema}");
            }
        }
    }

    [Fact]
    public async Task EveryOperation_DocumentsTheStatusesEveryRequestCanMeet()
    {
        var document = await ReadAsync(Client);
        var operations = Operations(document).ToList();

        Assert.All(operations, o =>
        {
            var statuses = o.Operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
            Assert.Superset(new HashSet<string> { "401", "429", "500" }, statuses);
            if (o.Path.StartsWith("/api/v1/referrals", StringComparison.Ordinal) || o.Path.StartsWith("/api/v1/acceptance-checks", StringComparison.Ordinal) || o.Path.StartsWith("/api/v1/reports", StringComparison.Ordinal))
            {
                Assert.Superset(new HashSet<string> { "403", "503" }, statuses);
            }

            if (o.Path.Contains("{id}", StringComparison.Ordinal))
            {
                Assert.Contains("404", statuses);
            }

            foreach (var retry in RetryLater.Where(statuses.Contains))
            {
                Assert.Contains("Retry-After", ResponseHeaders(o.Operation.GetProperty("responses").GetProperty(retry)));
            }

            Assert.All(o.Operation.GetProperty("responses").EnumerateObject(), r => Assert.Contains("X-Correlation-ID", ResponseHeaders(r.Value)));
            Assert.All(
                o.Operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '2' or '4'),
                r => Assert.Superset(new HashSet<string> { "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset" }, ResponseHeaders(r.Value).ToHashSet()));
            Assert.Contains("X-Correlation-ID", Parameters(document, o.Operation).Select(p => p.GetProperty("name").GetString()));
        });
    }

    [Fact]
    public async Task EveryPost_TakesAnIdempotencyKey_AndDocumentsItsAnswers()
    {
        var document = await ReadAsync(Client);
        var posts = Operations(document).Where(o => o.Method == "POST").ToList();

        Assert.NotEmpty(posts);
        Assert.All(posts, o =>
        {
            var key = Parameter(document, o.Operation, "Idempotency-Key");
            Assert.Equal("header", key.GetProperty("in").GetString());
            Assert.Equal(IdempotencyOptions.MaxKeyLength, key.GetProperty("schema").GetProperty("maxLength").GetInt32());
            var responses = o.Operation.GetProperty("responses");
            Assert.Superset(new HashSet<string> { "400", "409", "422", "503" }, responses.EnumerateObject().Select(r => r.Name).ToHashSet());
            var success = responses.EnumerateObject().First(r => r.Name.StartsWith('2'));
            Assert.Contains("Idempotent-Replayed", ResponseHeaders(success.Value));
        });
    }

    [Fact]
    public async Task Changes_NeedIfMatch_AndReadsOfAReferral_OfferIfNoneMatchAndETag()
    {
        var document = await ReadAsync(Client);
        var changes = Operations(document).Where(o => o.Path.StartsWith("/api/v1/referrals/{id}", StringComparison.Ordinal) && o.Method is "POST" or "PUT").ToList();

        Assert.Equal(12, changes.Count);
        Assert.All(changes, o =>
        {
            Assert.True(Parameter(document, o.Operation, "If-Match").GetProperty("required").GetBoolean());
            var responses = o.Operation.GetProperty("responses");
            var statuses = responses.EnumerateObject().Select(r => r.Name).ToHashSet();
            Assert.Superset(new HashSet<string> { "409", "412", "422", "428" }, statuses);
            Assert.Equal(o.Operation.TryGetProperty("requestBody", out _), statuses.Contains("415"));
            Assert.Contains("ETag", ResponseHeaders(responses.EnumerateObject().First(r => r.Name.StartsWith('2')).Value));
        });

        var get = document.GetProperty("paths").GetProperty("/api/v1/referrals/{id}").GetProperty("get");
        Assert.Equal("header", Parameter(document, get, "If-None-Match").GetProperty("in").GetString());
        Assert.True(get.GetProperty("responses").TryGetProperty("304", out _));
        Assert.Contains("ETag", ResponseHeaders(get.GetProperty("responses").GetProperty("200")));

        var created = document.GetProperty("paths").GetProperty("/api/v1/referrals").GetProperty("post").GetProperty("responses").GetProperty("201");
        Assert.Superset(new HashSet<string> { "ETag", "Location" }, ResponseHeaders(created).ToHashSet());
    }

    private static readonly string[] RetryLater = ["429", "503"];

    private static void AssertNullable(JsonElement document, string schemaName, string[] nullable)
    {
        var properties = Schema(document, schemaName).GetProperty("properties").EnumerateObject().ToList();
        Assert.Equal(nullable.Order(StringComparer.Ordinal), properties.Where(p => IsNullable(p.Value)).Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private static bool HasDescription(JsonElement element) =>
        element.TryGetProperty("description", out var description) && !string.IsNullOrWhiteSpace(description.GetString());
}
