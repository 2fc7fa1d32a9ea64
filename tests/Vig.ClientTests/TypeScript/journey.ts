// The journey a case-management system makes, through openapi-fetch typed by openapi-typescript
// from docs/openapi/v1.json: nobody here wrote either tool. Run by the .NET test
// Vig.ClientTests.TypeScript.TypeScriptClientJourneyTests, which starts the API and passes
// VIG_BASE_URL and VIG_TOKEN; any failed check exits non-zero with what went wrong.
import assert from "node:assert/strict";
import createClient from "openapi-fetch";
import type { paths } from "./generated/vig";

const baseUrl = fromEnvironment("VIG_BASE_URL");
const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${fromEnvironment("VIG_TOKEN")}` } });

type CreateBody = NonNullable<paths["/api/v1/referrals"]["post"]["requestBody"]>["content"]["application/json"];

/** A complete referral with everything the acceptance rules ask for, as a case system would send it. */
function completeReferral(submit: boolean): CreateBody {
  return {
    route: { kind: "caseManagementDecision", reference: "CMD-2026-0042" },
    referrer: {
      name: "Sam Patel", role: "socialWorker", fromTogetherForFamilies: true, team: "TFF West",
      currentlyInvolved: true, email: "sam.patel@example.org", phone: "01234 567890",
    },
    child: {
      name: "Alex Example", dateOfBirth: "2020-06-15", bornPreterm: false, gestationWeeks: null, hasSend: false,
      autism: "no", careSetting: "birthFamily", willBeFilmed: true, externalCaseId: "CASE-1001",
    },
    parentCarers: [{ name: "Jo Example", relationship: "mother", takesPart: true }],
    concerns: ["relationship-not-as-expected", "child-point-of-view"],
    concernAccount: "Play at home often ends in conflict and the child withdraws; the parent feels rejected.",
    readiness: {
      assessmentIndicatesVig: true, assessmentSummary: "The family assessment shows VIG fits the parent's goals.",
      explainerVideoShown: true, explainerVideoShownOn: "2026-11-10",
      professionalNetworkConsulted: true, professionalNetworkAgrees: true,
    },
    views: {
      hopedForChange: "To enjoy playing together and notice what my child needs.", changeMutuallyAgreed: true,
      impactOnChild: "Feeling understood and calmer at home.", parentCarerClearAboutImpact: true,
    },
    // Parent/carer ids are the service's: a consent names its parent or carer by position.
    consents: [{ parentCarerIndex: 0, kind: "takePartInVig", givenOn: "2026-11-10" }],
    submit,
  };
}

/** A complete referral with its consents, created and submitted in one call. */
async function createEligibleReferral() {
  return client.POST("/api/v1/referrals", { body: completeReferral(true) });
}

// The whole journey: complete referral, eligible on submit -> accept -> allocate -> close.
const submitted = await createEligibleReferral();
let referral = answer("create and submit", submitted);
assert.equal(referral.status, "submitted");
assert.equal(referral.latestEvaluation?.verdict, "eligible");
const submittedETag = etag(submitted.response);
step(`created and submitted ${referral.reference}: ${referral.latestEvaluation?.verdict}`);

const accepted = await client.POST("/api/v1/referrals/{id}/accept", { params: { path: { id: id(referral) }, header: { "If-Match": submittedETag } } });
referral = answer("accept", accepted);
assert.equal(referral.status, "accepted");
assert.equal(referral.clock?.awaiting, "allocation");
assert.ok((referral.clock?.workingDaysLeft ?? 0) > 0 && referral.clock?.overdue === false);
step(`accepted: allocation due on ${referral.clock?.dueOn}`);

// A stale If-Match: the ETag from before the acceptance.
const stale = await client.POST("/api/v1/referrals/{id}/allocate", {
  params: { path: { id: id(referral) }, header: { "If-Match": submittedETag } },
  body: { practitioner: "Practitioner One" },
});
assert.equal(stale.response.status, 412);
assert.equal(stale.error?.code, "referral.version-stale");
step("allocate with a stale If-Match: 412 referral.version-stale");

const allocated = await client.POST("/api/v1/referrals/{id}/allocate", {
  params: { path: { id: id(referral) }, header: { "If-Match": etag(accepted.response) } },
  body: { practitioner: "Practitioner One" },
});
referral = answer("allocate", allocated);
assert.equal(referral.status, "allocated");
assert.equal(referral.allocatedTo, "Practitioner One");
assert.equal(referral.clock, null);
step("allocated to Practitioner One");

// The mother's form before VIG and, recorded by the VIG team, her form after it (issue 22).
const mother = referral.parentCarers[0]?.id ?? "";
const prfq = (timepoint: "before" | "after", answer: (item: number) => number) => ({
  questionnaireId: "prfq",
  version: 1,
  timepoint,
  parentCarerId: mother,
  completedOn: "2026-11-10",
  answers: Array.from({ length: 18 }, (_, i) => ({ item: i + 1, answer: answer(i + 1) })),
});
const before = await client.POST("/api/v1/referrals/{id}/questionnaires", {
  params: { path: { id: id(referral) }, header: { "If-Match": etag(allocated.response) } },
  body: prfq("before", () => 4),
});
answer("form before VIG", before);
const after = await client.POST("/api/v1/referrals/{id}/questionnaires", {
  params: { path: { id: id(referral) }, header: { "If-Match": etag(before.response) } },
  body: prfq("after", item => (item % 3 === 1 ? 2 : 4)),
});
referral = answer("form after VIG", after);
assert.deepEqual(referral.questionnaires.map(q => q.timepoint), ["before", "after"]);
const pm = referral.measuredChanges[0]?.subscales.find(s => s.code === "PM");
assert.deepEqual([pm?.before, pm?.after, pm?.change], [4, 2, -2]);
step(`forms before and after VIG: PM ${pm?.before} -> ${pm?.after} (${pm?.change})`);

const tooEarly = await client.GET("/api/v1/referrals/{id}/outcome", { params: { path: { id: id(referral) } } });
assert.equal(tooEarly.response.status, 409);
assert.equal(tooEarly.error?.code, "referral.outcome-not-yet-available");

const closed = await client.POST("/api/v1/referrals/{id}/close", {
  params: { path: { id: id(referral) }, header: { "If-Match": etag(after.response) } },
  body: { outcome: "completed", comment: "Goals met." },
});
referral = answer("close", closed);
assert.equal(referral.status, "closed");
assert.equal(referral.outcome, "completed");
assert.deepEqual(referral.allowedActions, ["recordQuestionnaire"]);
step("closed: completed");

const outcome = answer("outcome", await client.GET("/api/v1/referrals/{id}/outcome", { params: { path: { id: id(referral) } } }));
assert.equal(outcome.outcome, "completed");
assert.ok(outcome.submittedAt && outcome.acceptedAt && outcome.allocatedAt && outcome.closedAt);
assert.equal(outcome.measuredChanges[0]?.subscales[0]?.change, -2);
step(`outcome: ${outcome.outcome}, PM change ${outcome.measuredChanges[0]?.subscales[0]?.change}`);

const history = answer("history", await client.GET("/api/v1/referrals/{id}/history", { params: { path: { id: id(referral) } } }));
assert.deepEqual(history.map(change => change.to).slice(-4), ["submitted", "accepted", "allocated", "closed"]);
step(`history: ${history.map(change => change.to).join(" -> ")}`);

// A referral that misses a rule: accepting it is a 422 problem naming the rule.
const incomplete = completeReferral(true);
incomplete.views = { ...incomplete.views, changeMutuallyAgreed: false };
const needsInformation = await client.POST("/api/v1/referrals", { body: incomplete });
const unmet = answer("create needing information", needsInformation);
assert.equal(unmet.latestEvaluation?.verdict, "needsInformation");

const refused = await client.POST("/api/v1/referrals/{id}/accept", { params: { path: { id: id(unmet) }, header: { "If-Match": etag(needsInformation.response) } } });
assert.equal(refused.response.status, 422);
assert.equal(refused.error?.code, "referral.acceptance-criteria-not-met");
assert.ok(Array.isArray(refused.error?.ruleCodes) && refused.error.ruleCodes.includes("views.hoped-for-change"), `ruleCodes: ${JSON.stringify(refused.error?.ruleCodes)}`);
assert.ok(typeof refused.error?.traceId === "string" && refused.error.traceId.length > 0);
step(`accept while a rule is unmet: 422 ${String(refused.error?.code)} ${JSON.stringify(refused.error?.ruleCodes)}`);

step("TypeScript journey passed");

/** The body of a successful answer, or a failure that shows the status and the problem. */
function answer<T>(what: string, result: { data?: T; error?: unknown; response: Response }): T {
  assert.ok(result.response.ok && result.data !== undefined, `${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

function id(referral: { id?: string }): string {
  assert.ok(referral.id, "a referral answer carries its id");
  return referral.id;
}

function etag(response: Response): string {
  const value = response.headers.get("ETag");
  assert.ok(value, `${response.url} answered without an ETag`);
  return value;
}

function fromEnvironment(name: string): string {
  const value = process.env[name];
  assert.ok(value, `set ${name}`);
  return value;
}

function step(text: string): void {
  console.log(`ts-journey: ${text}`);
}
