namespace Vig.Api.OpenApi;

/// <summary>A request body example for Swagger UI, attached to an endpoint as metadata; also the texts of <see cref="AnswerExample"/>s.</summary>
internal sealed record OpenApiExample(string Json)
{
    private const string Content = """
          "route": { "kind": "caseManagementDecision", "reference": "CMD-2026-0042" },
          "referrer": {
            "name": "Sam Patel", "role": "socialWorker", "fromTogetherForFamilies": true,
            "team": "TFF West", "currentlyInvolved": true, "email": "sam.patel@example.org", "phone": "01234 567890"
          },
          "child": {
            "name": "Alex Example", "dateOfBirth": "2020-06-15", "bornPreterm": false, "gestationWeeks": null,
            "hasSend": false, "autism": "no", "careSetting": "birthFamily", "willBeFilmed": true, "externalCaseId": "CASE-1001"
          },
          "parentCarers": [
            { "name": "Jo Example", "relationship": "mother", "takesPart": true }
          ],
          "concerns": ["relationship-not-as-expected", "child-point-of-view"],
          "concernAccount": "Play at home often ends in conflict and the child withdraws; the parent feels rejected.",
          "readiness": {
            "assessmentIndicatesVig": true, "assessmentSummary": "The family assessment shows VIG fits the parent's goals.",
            "explainerVideoShown": true, "explainerVideoShownOn": "2026-11-10",
            "professionalNetworkConsulted": true, "professionalNetworkAgrees": true
          },
          "views": {
            "hopedForChange": "To enjoy playing together and notice what my child needs.", "changeMutuallyAgreed": true,
            "impactOnChild": "Feeling understood and calmer at home.", "parentCarerClearAboutImpact": true
          }
        """;

    private const string EligibleContent = Content + """
        ,
          "consents": [
            { "parentCarerIndex": 0, "kind": "takePartInVig", "givenOn": "2026-11-10" }
          ]
        """;

    /// <summary>Stands for the id the service gave the mother: take it from the referral's parentCarers.</summary>
    public const string MotherIdPlaceholder = "3f2b8c1e-5d4a-4f6e-9a7b-1c2d3e4f5a6b";

    /// <summary>A complete referral with the mother's informed consent (parentCarers[0]), submitted at once: Eligible in one call.</summary>
    public static readonly string EligibleReferralWithSubmit = "{\n" + EligibleContent + ",\n  \"submit\": true\n}";

    /// <summary>
    /// The informed consent of a mother recorded on an existing referral. The id is a placeholder:
    /// use the id the service gave her, from the referral's parentCarers.
    /// </summary>
    public static readonly string MotherConsent = $$"""{ "parentCarerId": "{{MotherIdPlaceholder}}", "kind": "takePartInVig", "givenOn": "2026-11-10" }""";

    /// <summary>A decline as a duplicate, naming the original (a placeholder: take the referralId of one of the referral's possibleDuplicates).</summary>
    public static readonly string DeclineAsDuplicate = $$"""{ "reasonCode": "duplicate", "duplicateOf": "{{DuplicateOfPlaceholder}}", "comment": "The child is already referred; we will work with that referral." }""";

    /// <summary>Stands for the referral a declined one duplicates: take it from the referral's possibleDuplicates.</summary>
    public const string DuplicateOfPlaceholder = "0193f7a2-8c41-7d3e-b5a9-2e6f1c8d4b70";

    /// <summary>A decline with a reason from GET /decline-reasons.</summary>
    public static readonly string Decline = """{ "reasonCode": "another-service-better-placed", "comment": "The family's CAMHS worker will offer video feedback." }""";

    /// <summary>The same content and consent as the create example, checked without storing: evaluates as eligible.</summary>
    public static readonly string EligibleCheck = "{\n" + EligibleContent + "\n}";
    /// <summary>
    /// The example referral's content as a full replacement (PUT), e.g. after information was
    /// requested. The mother's id is a placeholder: send back the id the service gave her, so her
    /// consent stays linked to her.
    /// </summary>
    public static readonly string ReplaceContent = "{\n" + Content.Replace("{ \"name\": \"Jo Example\"", $"{{ \"id\": \"{MotherIdPlaceholder}\", \"name\": \"Jo Example\"", StringComparison.Ordinal) + "\n}";

    /// <summary>Asks the referrer to confirm one answer (the named rule need not be unmet).</summary>
    public static readonly string RequestInformation = """{ "ruleCodes": ["views.hoped-for-change"], "comment": "Please confirm the family agreed the hoped-for change together." }""";

    /// <summary>Allocates the accepted example referral to a practitioner.</summary>
    public static readonly string Allocate = """{ "practitioner": "Practitioner One" }""";

    /// <summary>Closes the allocated example referral.</summary>
    public static readonly string Close = """{ "outcome": "completed", "comment": "The family met the goals they set." }""";

    /// <summary>Withdraws an open referral.</summary>
    public static readonly string Withdraw = """{ "reason": "The family moved out of the council's area." }""";

    /// <summary>A case-management system's webhook for the decisions on its referrals.</summary>
    public static readonly string WebhookSubscription = """{ "url": "https://cms.example.org/vig-events", "eventTypes": ["referral.accepted", "referral.declined", "referral.information-requested"] }""";

    /// <summary>The mother withdrew her consent on a given day (today when omitted).</summary>
    public static readonly string WithdrawConsent = """{ "withdrawnOn": "2026-11-20" }""";


    // A mixed form of the 18-item PRFQ (items 11 and 18 reverse-scored): PM 1.83, CMS 4.17, IC 5.17.
    private const string PrfqAnswerList =
        """
        [
            { "item": 1, "answer": 2 }, { "item": 2, "answer": 3 }, { "item": 3, "answer": 5 },
            { "item": 4, "answer": 1 }, { "item": 5, "answer": 4 }, { "item": 6, "answer": 6 },
            { "item": 7, "answer": 2 }, { "item": 8, "answer": 4 }, { "item": 9, "answer": 5 },
            { "item": 10, "answer": 3 }, { "item": 11, "answer": 2 }, { "item": 12, "answer": 7 },
            { "item": 13, "answer": 1 }, { "item": 14, "answer": 5 }, { "item": 15, "answer": 6 },
            { "item": 16, "answer": 2 }, { "item": 17, "answer": 3 }, { "item": 18, "answer": 6 }
          ]
        """;

    /// <summary>A complete PRFQ form, scored on the current version: PM 1.83, CMS 4.17, IC 5.17.</summary>
    public static readonly string PrfqAnswers = "{\n  \"answers\": " + PrfqAnswerList + "\n}";

    /// <summary>
    /// The same PRFQ form completed by the mother, kept with the referral. The id is a placeholder:
    /// use the id the service gave her, from the referral's parentCarers.
    /// </summary>
    public static readonly string MotherPrfq =
        $$"""{ "questionnaireId": "prfq", "version": 1, "timepoint": "before", "parentCarerId": "{{MotherIdPlaceholder}}", "completedOn": "2026-11-10", "answers": {{PrfqAnswerList}} }""";

    /// <summary>The same mother's form after VIG (the VIG team, once the referral is allocated or closed); the answers are elided here.</summary>
    public static readonly string MotherPrfqAfter =
        $$"""{ "questionnaireId": "prfq", "version": 1, "timepoint": "after", "parentCarerId": "{{MotherIdPlaceholder}}", "completedOn": "2027-03-02", "answers": [ ... ] }""";

    /// <summary>A service-level report of one quarter, a month without allocations among it.</summary>
    public static readonly string ServiceLevelReport =
        """
        {
          "from": "2027-01-01", "to": "2027-04-01",
          "months": [
            { "month": "2027-01",
              "decisions": { "count": 12, "withinTarget": 11, "shareWithinTarget": 0.9167, "medianWorkingDays": 4 },
              "allocations": { "count": 0, "withinTarget": 0, "shareWithinTarget": null, "medianWorkingDays": null } },
            { "month": "2027-02",
              "decisions": { "count": 9, "withinTarget": 9, "shareWithinTarget": 1, "medianWorkingDays": 3 },
              "allocations": { "count": 5, "withinTarget": 4, "shareWithinTarget": 0.8, "medianWorkingDays": 14 } },
            { "month": "2027-03",
              "decisions": { "count": 10, "withinTarget": 8, "shareWithinTarget": 0.8, "medianWorkingDays": 6.5 },
              "allocations": { "count": 7, "withinTarget": 7, "shareWithinTarget": 1, "medianWorkingDays": 12 } }
          ]
        }
        """;

    /// <summary>The same report as CSV.</summary>
    public static readonly string ServiceLevelReportCsv =
        "month,clock,count,within_target,share_within_target,median_working_days\r\n"
        + "2027-01,decision,12,11,0.9167,4\r\n2027-01,allocation,0,0,,\r\n"
        + "2027-02,decision,9,9,1,3\r\n2027-02,allocation,5,4,0.8,14\r\n"
        + "2027-03,decision,10,8,0.8,6.5\r\n2027-03,allocation,7,7,1,12\r\n";

    /// <summary>A closed referral's outcome: the mother's forms before and after VIG paired.</summary>
    public static readonly string ReferralOutcome =
        $$"""
        {
          "referralId": "0193f7a2-8c41-7d3e-b5a9-2e6f1c8d4b71", "reference": "VIG-2027-000011", "outcome": "completed",
          "submittedAt": "2027-01-14T12:00:00+00:00", "acceptedAt": "2027-01-20T09:30:00+00:00",
          "allocatedAt": "2027-02-03T10:00:00+00:00", "closedAt": "2027-05-12T15:00:00+00:00",
          "measuredChanges": [
            { "parentCarerId": "{{MotherIdPlaceholder}}", "questionnaireId": "prfq", "version": 1,
              "beforeCompletedOn": "2027-01-10", "afterCompletedOn": "2027-05-05",
              "subscales": [
                { "code": "PM", "name": "Pre-mentalizing modes", "before": 4, "after": 2, "change": -2, "reading": "Lower is better." },
                { "code": "CMS", "name": "Certainty about mental states", "before": 4, "after": 5.33, "change": 1.33, "reading": "The middle of the range is optimal." },
                { "code": "IC", "name": "Interest and curiosity in mental states", "before": 4, "after": 5.33, "change": 1.33, "reading": "Moderate to high is optimal." }
              ],
              "diagnostic": false }
          ],
          "note": "Descriptive only: each change is the score after VIG minus the score before, beside the literature's reading of the subscale. There are no published cut-offs, so no change is a verdict."
        }
        """;

    /// <summary>An outcome report by route and month closed: a month of 5 referrals shown, a month of 4 suppressed.</summary>
    public static readonly string OutcomeReport =
        """
        {
          "from": "2027-01-01", "to": "2027-03-01", "groupBy": ["route", "month"], "smallCellSuppression": 5,
          "groups": [
            { "route": "caseManagementDecision", "concern": null, "ageBand": null, "month": "2027-01", "referrals": 5, "suppressed": false,
              "subscales": [
                { "code": "PM", "referrals": 5, "medianChange": -2, "suppressed": false },
                { "code": "CMS", "referrals": 5, "medianChange": 1.33, "suppressed": false },
                { "code": "IC", "referrals": 5, "medianChange": 1.33, "suppressed": false }
              ],
              "pmLowerShare": 1, "icHigherShare": 0.8 },
            { "route": "caseManagementDecision", "concern": null, "ageBand": null, "month": "2027-02", "referrals": null, "suppressed": true,
              "subscales": [
                { "code": "PM", "referrals": null, "medianChange": null, "suppressed": true },
                { "code": "CMS", "referrals": null, "medianChange": null, "suppressed": true },
                { "code": "IC", "referrals": null, "medianChange": null, "suppressed": true }
              ],
              "pmLowerShare": null, "icHigherShare": null }
          ],
          "note": "Descriptive only: changes are after minus before. PM: lower is read as better; CMS: mid-range is read as optimal; IC: moderate to high is read as optimal. No threshold or verdict."
        }
        """;

    /// <summary>The same report as CSV.</summary>
    public static readonly string OutcomeReportCsv =
        "route,concern,age_band,month,referrals,suppressed,median_change_PM,referrals_PM,median_change_CMS,referrals_CMS,median_change_IC,referrals_IC,pm_lower_share,ic_higher_share\r\n"
        + "caseManagementDecision,,,2027-01,5,false,-2,5,1.33,5,1.33,5,1,0.8\r\n"
        + "caseManagementDecision,,,2027-02,,true,,,,,,,,\r\n";
}
