using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Vig.Application.Reports;
using Vig.Domain.Acceptance;
using Vig.Domain.Referrals;

namespace Vig.Seed;

/// <summary>
/// Writes referrals as the API's schema stores them (src/Vig.Infrastructure/Persistence/Configurations
/// and the migration): value objects as columns of referrals, enums by name, lists in child tables
/// with their positions, history and evaluations in the order they happened (their identity keys
/// follow the row order), evaluation results as the same JSON the API writes, and each referral's
/// report row and count changes as the API computes them. One binary COPY per table, all of a batch
/// in one transaction.
/// </summary>
internal sealed class TableWriter(NpgsqlConnection connection, bool audit)
{
    /// <summary>The tables written.</summary>
    public static readonly string[] Tables = ["referrals", "referral_parent_carers", "referral_concerns", "referral_consents", "referral_status_history", "referral_evaluations", "audit_events"];

    // As ReferralConfiguration serialises evaluation results.
    private static readonly JsonSerializerOptions ResultsJson = new(JsonSerializerDefaults.Web);

    // Most evaluations are alike: serialise each distinct one once.
    private static readonly ConcurrentDictionary<IReadOnlyList<RuleResult>, string> Serialised = new(new ResultsComparer());

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
            "views_parent_carer_clear_about_impact, requested_information, decline_reason_code, allocated_to, outcome, anonymised_at)",
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
                Write(row, r.AllocatedTo, NpgsqlDbType.Varchar);
                Write(row, r.Outcome?.ToString(), NpgsqlDbType.Varchar);
                Write(row, r.AnonymisedAt, NpgsqlDbType.TimestampTz);
            });

        await CopyAsync(
            "referral_parent_carers (id, name, relationship, takes_part, position, referral_id)",
            [.. referrals.SelectMany(r => r.ParentCarers.Select((p, i) => (r.Id, Item: p, Position: i)))],
            (row, x) =>
            {
                row.Write(x.Item.Id, NpgsqlDbType.Uuid);
                row.Write(x.Item.Name, NpgsqlDbType.Varchar);
                row.Write(x.Item.Relationship.ToString(), NpgsqlDbType.Varchar);
                row.Write(x.Item.TakesPart, NpgsqlDbType.Boolean);
                row.Write(x.Position, NpgsqlDbType.Integer);
                row.Write(x.Id, NpgsqlDbType.Uuid);
            });

        await CopyAsync(
            "referral_concerns (category_code, referral_id)",
            [.. referrals.SelectMany(r => r.Concerns.Select(c => (r.Id, c.CategoryCode)))],
            (row, x) =>
            {
                row.Write(x.CategoryCode, NpgsqlDbType.Varchar);
                row.Write(x.Id, NpgsqlDbType.Uuid);
            });

        await CopyAsync(
            "referral_consents (id, parent_carer_id, kind, given_on, recorded_by, recorded_at, withdrawn_on, withdrawal_recorded_by, withdrawal_recorded_at, position, referral_id)",
            [.. referrals.SelectMany(r => r.Consents.Select((c, i) => (r.Id, Item: c, Position: i)))],
            (row, x) =>
            {
                row.Write(x.Item.Id, NpgsqlDbType.Uuid);
                Write(row, x.Item.ParentCarerId, NpgsqlDbType.Uuid);
                row.Write(x.Item.Kind.ToString(), NpgsqlDbType.Varchar);
                row.Write(x.Item.GivenOn, NpgsqlDbType.Date);
                row.Write(x.Item.RecordedBy, NpgsqlDbType.Varchar);
                row.Write(x.Item.RecordedAt, NpgsqlDbType.TimestampTz);
                Write(row, x.Item.WithdrawnOn, NpgsqlDbType.Date);
                Write(row, x.Item.WithdrawalRecordedBy, NpgsqlDbType.Varchar);
                Write(row, x.Item.WithdrawalRecordedAt, NpgsqlDbType.TimestampTz);
                row.Write(x.Position, NpgsqlDbType.Integer);
                row.Write(x.Id, NpgsqlDbType.Uuid);
            });

        await CopyAsync(
            "referral_status_history (\"from\", \"to\", \"at\", \"by\", reason_code, comment, referral_id)",
            [.. referrals.SelectMany(r => r.History.Select(h => (r.Id, Item: h)))],
            (row, x) =>
            {
                Write(row, x.Item.From?.ToString(), NpgsqlDbType.Varchar);
                row.Write(x.Item.To.ToString(), NpgsqlDbType.Varchar);
                row.Write(x.Item.At, NpgsqlDbType.TimestampTz);
                row.Write(x.Item.By, NpgsqlDbType.Varchar);
                Write(row, x.Item.ReasonCode, NpgsqlDbType.Varchar);
                Write(row, x.Item.Comment, NpgsqlDbType.Varchar);
                row.Write(x.Id, NpgsqlDbType.Uuid);
            });

        await CopyAsync(
            "referral_evaluations (policy_version, referral_date, evaluated_on, verdict, results, referral_id)",
            [.. referrals.SelectMany(r => r.Evaluations.Select(e => (r.Id, Item: e)))],
            (row, x) =>
            {
                row.Write(x.Item.PolicyVersion, NpgsqlDbType.Varchar);
                row.Write(x.Item.ReferralDate, NpgsqlDbType.Date);
                row.Write(x.Item.EvaluatedOn, NpgsqlDbType.Date);
                row.Write(x.Item.Verdict.ToString(), NpgsqlDbType.Varchar);
                row.Write(Serialised.GetOrAdd(x.Item.Results, results => JsonSerializer.Serialize(results, ResultsJson)), NpgsqlDbType.Jsonb);
                row.Write(x.Id, NpgsqlDbType.Uuid);
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

        await CopyAsync(
            "referral_count_changes (dimension, key, change)",
            [.. rows.SelectMany(r => r.Keys()).CountBy(k => k)],
            (row, x) =>
            {
                row.Write(x.Key.Dimension, NpgsqlDbType.Text);
                row.Write(x.Key.Key, NpgsqlDbType.Text);
                row.Write(x.Value, NpgsqlDbType.Integer);
            });

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

    private sealed class ResultsComparer : IEqualityComparer<IReadOnlyList<RuleResult>>
    {
        public bool Equals(IReadOnlyList<RuleResult>? x, IReadOnlyList<RuleResult>? y) => x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(IReadOnlyList<RuleResult> obj)
        {
            var hash = new HashCode();
            foreach (var result in obj)
            {
                hash.Add(result.Outcome);
                hash.Add(result.WhatToDo);
            }

            return hash.ToHashCode();
        }
    }
}
