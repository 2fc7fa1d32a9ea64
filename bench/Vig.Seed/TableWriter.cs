using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;
using Vig.Application.Reports;
using Vig.Domain.Acceptance;
using Vig.Domain.Referrals;

namespace Vig.Seed;

/// <summary>
/// Writes referrals as the API's schema stores them (src/Vig.Infrastructure/Persistence/Configurations,
/// ADR 0023): one row each, value objects as columns, enums by name, concern codes as a text array,
/// each list as a jsonb array in the shape EF Core writes (property names as in C#, enums by name),
/// and each referral's report row and count changes as the API computes them (ADR 0021). One binary
/// COPY per table, all of a batch in one transaction.
/// </summary>
internal sealed class TableWriter(NpgsqlConnection connection, bool audit)
{
    /// <summary>The tables written.</summary>
    public static readonly string[] Tables = ["referrals", "audit_events"];

    // As EF Core writes the referral's JSON columns: C# property names, enums by name.
    private static readonly JsonSerializerOptions ListJson = new() { Converters = { new JsonStringEnumConverter() } };

    // Most evaluations are alike: serialise each distinct one once.
    private static readonly ConcurrentDictionary<IReadOnlyList<AcceptanceEvaluation>, string> Serialised = new(new EvaluationsComparer());

    private readonly NpgsqlConnection _connection = connection;
    private readonly bool _audit = audit;

    public async Task WriteAsync(IReadOnlyList<Referral> referrals)
    {
        await using var transaction = await _connection.BeginTransactionAsync();
        await CopyAsync(
            "referrals (id, reference, created_by, created_at, updated_at, status, version, referral_date, route_kind, route_reference, " +
            "referrer_name, referrer_role, referrer_from_together_for_families, referrer_team, referrer_currently_involved, referrer_email, referrer_phone, " +
            "child_name, child_date_of_birth, child_born_preterm, child_gestation_weeks, child_has_send, child_autism, child_care_setting, " +
            "child_will_be_filmed, child_external_case_id, concern_account, readiness_assessment_indicates_vig, readiness_assessment_summary, " +
            "readiness_explainer_video_shown, readiness_explainer_video_shown_on, readiness_professional_network_consulted, " +
            "readiness_professional_network_agrees, views_hoped_for_change, views_change_mutually_agreed, views_impact_on_child, " +
            "views_parent_carer_clear_about_impact, requested_information, decline_reason_code, duplicate_of, allocated_to, outcome, anonymised_at, " +
            "concerns, parent_carers, consents, history, evaluations, questionnaires)",
            referrals,
            (row, r) =>
            {
                row.Write(r.Id, NpgsqlDbType.Uuid);
                row.Write(r.Reference.Value, NpgsqlDbType.Varchar);
                row.Write(r.CreatedBy, NpgsqlDbType.Varchar);
                row.Write(r.CreatedAt, NpgsqlDbType.TimestampTz);
                row.Write(r.UpdatedAt, NpgsqlDbType.TimestampTz);
                row.Write(r.Status.ToString(), NpgsqlDbType.Varchar);
                row.Write(r.Version, NpgsqlDbType.Integer);
                Write(row, r.ReferralDate, NpgsqlDbType.Date);
                Write(row, r.Route?.Kind.ToString(), NpgsqlDbType.Varchar);
                Write(row, r.Route?.Reference, NpgsqlDbType.Varchar);
                Write(row, r.Referrer?.Name, NpgsqlDbType.Varchar);
                Write(row, r.Referrer?.Role.ToString(), NpgsqlDbType.Varchar);
                Write(row, r.Referrer?.FromTogetherForFamilies, NpgsqlDbType.Boolean);
                Write(row, r.Referrer?.Team, NpgsqlDbType.Varchar);
                Write(row, r.Referrer?.CurrentlyInvolved, NpgsqlDbType.Boolean);
                Write(row, r.Referrer?.Email, NpgsqlDbType.Varchar);
                Write(row, r.Referrer?.Phone, NpgsqlDbType.Varchar);
                Write(row, r.Child?.Name, NpgsqlDbType.Varchar);
                Write(row, r.Child?.DateOfBirth, NpgsqlDbType.Date);
                Write(row, r.Child?.BornPreterm, NpgsqlDbType.Boolean);
                Write(row, r.Child?.GestationWeeks, NpgsqlDbType.Integer);
                Write(row, r.Child?.HasSend, NpgsqlDbType.Boolean);
                Write(row, r.Child?.Autism.ToString(), NpgsqlDbType.Varchar);
                Write(row, r.Child?.CareSetting.ToString(), NpgsqlDbType.Varchar);
                Write(row, r.Child?.WillBeFilmed, NpgsqlDbType.Boolean);
                Write(row, r.Child?.ExternalCaseId, NpgsqlDbType.Varchar);
                Write(row, r.ConcernAccount, NpgsqlDbType.Varchar);
                Write(row, r.Readiness.AssessmentIndicatesVig, NpgsqlDbType.Boolean);
                Write(row, r.Readiness.AssessmentSummary, NpgsqlDbType.Varchar);
                Write(row, r.Readiness.ExplainerVideoShown, NpgsqlDbType.Boolean);
                Write(row, r.Readiness.ExplainerVideoShownOn, NpgsqlDbType.Date);
                Write(row, r.Readiness.ProfessionalNetworkConsulted, NpgsqlDbType.Boolean);
                Write(row, r.Readiness.ProfessionalNetworkAgrees, NpgsqlDbType.Boolean);
                Write(row, r.Views.HopedForChange, NpgsqlDbType.Varchar);
                Write(row, r.Views.ChangeMutuallyAgreed, NpgsqlDbType.Boolean);
                Write(row, r.Views.ImpactOnChild, NpgsqlDbType.Varchar);
                Write(row, r.Views.ParentCarerClearAboutImpact, NpgsqlDbType.Boolean);
                row.Write(r.RequestedInformation.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                Write(row, r.DeclineReasonCode, NpgsqlDbType.Varchar);
                Write(row, r.DuplicateOf, NpgsqlDbType.Uuid);
                Write(row, r.AllocatedTo, NpgsqlDbType.Varchar);
                Write(row, r.Outcome?.ToString(), NpgsqlDbType.Varchar);
                Write(row, r.AnonymisedAt, NpgsqlDbType.TimestampTz);
                row.Write(r.Concerns.Select(c => c.Code).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                row.Write(JsonSerializer.Serialize(r.ParentCarers, ListJson), NpgsqlDbType.Jsonb);
                row.Write(JsonSerializer.Serialize(r.Consents.Select(Consent), ListJson), NpgsqlDbType.Jsonb);
                row.Write(JsonSerializer.Serialize(r.History, ListJson), NpgsqlDbType.Jsonb);
                row.Write(Serialised.GetOrAdd(r.Evaluations, evaluations => JsonSerializer.Serialize(evaluations.Select(Evaluation), ListJson)), NpgsqlDbType.Jsonb);
                row.Write("[]", NpgsqlDbType.Jsonb);
            });

        // The report rows and the summary's counts (ADR 0021), as the API saves them with each change:
        // the row from the same C# function, and the counts as the changes of this batch, +n per key,
        // which the summary folds into referral_counts as it folds the API's.
        var rows = referrals.Select(r => ReferralReportRow.Of(r, before: null)).ToList();
        await CopyAsync(
            "referral_report_rows (referral_id, reference, created_at, status, route_kind, referrer_role, care_setting, has_send, age_band, " +
            "referral_date, decline_reason_code, concerns, submitted_at, decided_at, accepted_at, allocated_at, information_requested, " +
            "unmet_rules, change_statuses, change_ats, anonymised)",
            rows,
            (row, r) =>
            {
                row.Write(r.ReferralId, NpgsqlDbType.Uuid);
                row.Write(r.Reference, NpgsqlDbType.Varchar);
                row.Write(r.CreatedAt, NpgsqlDbType.TimestampTz);
                row.Write(r.Status.ToString(), NpgsqlDbType.Varchar);
                Write(row, r.RouteKind?.ToString(), NpgsqlDbType.Varchar);
                Write(row, r.ReferrerRole?.ToString(), NpgsqlDbType.Varchar);
                Write(row, r.CareSetting?.ToString(), NpgsqlDbType.Varchar);
                Write(row, r.HasSend, NpgsqlDbType.Boolean);
                Write(row, r.AgeBand, NpgsqlDbType.Text);
                Write(row, r.ReferralDate, NpgsqlDbType.Date);
                Write(row, r.DeclineReasonCode, NpgsqlDbType.Varchar);
                row.Write(r.Concerns, NpgsqlDbType.Array | NpgsqlDbType.Text);
                Write(row, r.SubmittedAt, NpgsqlDbType.TimestampTz);
                Write(row, r.DecidedAt, NpgsqlDbType.TimestampTz);
                Write(row, r.AcceptedAt, NpgsqlDbType.TimestampTz);
                Write(row, r.AllocatedAt, NpgsqlDbType.TimestampTz);
                row.Write(r.InformationRequested, NpgsqlDbType.Boolean);
                row.Write(r.UnmetRules, NpgsqlDbType.Array | NpgsqlDbType.Text);
                row.Write(r.ChangeStatuses, NpgsqlDbType.Array | NpgsqlDbType.Text);
                row.Write(r.ChangeAts, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
                row.Write(r.Anonymised, NpgsqlDbType.Boolean);
            });

        CountChange[] changes = [.. rows.SelectMany(r => r.Keys()).CountBy(k => k).Select(x => new CountChange(x.Key.Dimension, x.Key.Key, x.Value))];
        await CopyAsync(
            "referral_count_changes (changes)",
            [changes],
            (row, x) => row.Write(JsonSerializer.Serialize(x, ListJson), NpgsqlDbType.Jsonb));

        // The audit trail of what the story above did: one entry per status change and per consent.
        if (_audit)
        {
            await AuditAsync(referrals);
        }

        await transaction.CommitAsync();
    }

    private Task AuditAsync(IReadOnlyList<Referral> referrals) =>
        CopyAsync(
            "audit_events (occurred_at, client_id, subject, action, referral_id, correlation_id)",
            [.. referrals.SelectMany(AuditOf)],
            (row, x) =>
            {
                row.Write(x.At, NpgsqlDbType.TimestampTz);
                row.Write(x.By, NpgsqlDbType.Varchar);
                row.Write(x.By, NpgsqlDbType.Varchar);
                row.Write(x.Action, NpgsqlDbType.Varchar);
                row.Write(x.ReferralId, NpgsqlDbType.Uuid);
                row.Write(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), NpgsqlDbType.Varchar);
            });

    private static IEnumerable<(DateTimeOffset At, string By, string Action, Guid ReferralId)> AuditOf(Referral referral) =>
        referral.History.Select(h => (h.At, h.By, Action: h.To switch
        {
            ReferralStatus.Draft => "referral.create",
            ReferralStatus.Submitted => "referral.submit",
            ReferralStatus.InformationRequested => "referral.request-information",
            ReferralStatus.Accepted => "referral.accept",
            ReferralStatus.Declined => "referral.decline",
            ReferralStatus.Allocated => "referral.allocate",
            ReferralStatus.Closed => "referral.close",
            _ => "referral.withdraw",
        }, referral.Id))
        .Concat(referral.Consents.Select(c => (c.RecordedAt, c.RecordedBy, Action: "consent.record", referral.Id)))
        .OrderBy(e => e.Item1);

    private async Task CopyAsync<T>(string table, IReadOnlyList<T> rows, Action<NpgsqlBinaryImporter, T> write)
    {
        await using var importer = await _connection.BeginBinaryImportAsync($"COPY {table} FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            importer.StartRow();
            write(importer, row);
        }

        await importer.CompleteAsync();
    }

    private static void Write<T>(NpgsqlBinaryImporter row, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            row.Write(v, type);
        }
        else
        {
            row.WriteNull();
        }
    }

    private static void Write(NpgsqlBinaryImporter row, string? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            row.WriteNull();
        }
        else
        {
            row.Write(value, type);
        }
    }

    // The stored fields only, as EF Core maps them (not the computed GivenByChild, IsInForce, Unmet).
    private static object Consent(ConsentRecord c) => new
    {
        c.Id, c.ParentCarerId, c.Kind, c.GivenOn, c.RecordedBy, c.RecordedAt, c.WithdrawnOn, c.WithdrawalRecordedBy, c.WithdrawalRecordedAt,
    };

    private static object Evaluation(AcceptanceEvaluation e) => new { e.PolicyVersion, e.ReferralDate, e.EvaluatedOn, e.Verdict, e.Results };

    private sealed class EvaluationsComparer : IEqualityComparer<IReadOnlyList<AcceptanceEvaluation>>
    {
        public bool Equals(IReadOnlyList<AcceptanceEvaluation>? x, IReadOnlyList<AcceptanceEvaluation>? y) =>
            x is not null && y is not null && x.Count == y.Count && x.Zip(y).All(p => p.First.PolicyVersion == p.Second.PolicyVersion
                && p.First.ReferralDate == p.Second.ReferralDate && p.First.EvaluatedOn == p.Second.EvaluatedOn
                && p.First.Verdict == p.Second.Verdict && p.First.Results.SequenceEqual(p.Second.Results));

        public int GetHashCode(IReadOnlyList<AcceptanceEvaluation> obj)
        {
            var hash = new HashCode();
            foreach (var evaluation in obj)
            {
                hash.Add(evaluation.ReferralDate);
                hash.Add(evaluation.Verdict);
                foreach (var result in evaluation.Results)
                {
                    hash.Add(result.Outcome);
                }
            }

            return hash.ToHashCode();
        }
    }
}
