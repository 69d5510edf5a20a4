// Every GraphQL document the dashboard sends, in one place, so a change of the API's contract
// is met here and nowhere else. Each view names the documents it uses.

export const PROGRAMS = `
query Programs {
  programs {
    code titleVi titleEn periodStart periodEnd
    indicators { code nameVi nameEn unit }
    contents { code titleVi titleEn }
    units { code nameVi nameEn level }
  }
  ledgerHead { position }
}`;

export const LEDGER_HEAD = `query LedgerHead { ledgerHead { position } }`;

export const PROGRAM_VIEW = `
query ProgramView($code: String!, $year: Int, $unit: String, $asOf: AsOfInput) {
  program(code: $code) {
    code titleVi titleEn decisionNo decisionDate periodStart periodEnd
    contents { code titleVi titleEn }
    units { code nameVi nameEn level validTo }
  }
  targets(programCode: $code, year: $year, unitCode: $unit, asOf: $asOf) {
    indicator { code section nameVi nameEn unit approximate }
    target planned achieved progress
  }
  budget(programCode: $code, year: $year, asOf: $asOf) {
    position
    totals { allocated committed paid available executionRate }
  }
}`;

// The content tree's money and outputs come from the program review (signed-in callers).
export const CONTENT_TREE = `
query ContentTree($code: String!, $asOf: AsOfInput) {
  programReview(programCode: $code, asOf: $asOf) {
    position
    items {
      year contentCode committed paid
      indicators { progress { indicator { code nameVi nameEn unit } planned achieved } }
    }
  }
}`;

const BUDGET_FIGURES = "allocated committed paid available executionRate";

export const BUDGET_TOTALS = `
query BudgetTotals($code: String!, $year: Int, $holder: String, $asOf: AsOfInput) {
  budget(programCode: $code, year: $year, holderCode: $holder, asOf: $asOf) {
    position effectiveOn
    totals { ${BUDGET_FIGURES} }
  }
}`;

export const BUDGET_LINES = `
query BudgetLines($code: String!, $year: Int, $holder: String, $asOf: AsOfInput) {
  budget(programCode: $code, year: $year, holderCode: $holder, asOf: $asOf) {
    position effectiveOn
    totals { ${BUDGET_FIGURES} }
    lines { year source holder { code name } ${BUDGET_FIGURES} }
  }
}`;

export const PROJECTS = `
query Projects($code: String!, $search: String, $status: ProjectStatus, $year: Int,
    $unit: String, $content: String, $first: Int, $after: String, $asOf: AsOfInput) {
  projects(programCode: $code, search: $search, status: $status, year: $year, unitCode: $unit,
      contentCode: $content, first: $first, after: $after, asOf: $asOf) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id code title status unitCode unitName year approvedSupport paid } }
  }
}`;

export const PROJECT = `
query Project($id: ID!, $asOf: AsOfInput) {
  project(id: $id, asOf: $asOf) {
    id code title status contentCode unitCode unitName year budgetYear position
    eligibleCost requested approvedSupport paid advancesOutstanding refundDue
    support { source amount }
    coFinancing { declared evidenced settled }
    history { position recordedAt effectiveOn type actor documentRef summary payload leafIndex }
  }
}`;

// The journal's positions and recorded times, for the time slider's scale.
export const JOURNAL_TIMES = `
query JournalTimes($after: String, $first: Int) {
  journal(after: $after, first: $first) {
    pageInfo { hasNextPage endCursor }
    edges { node { position recordedAt } }
  }
}`;

// When the events at a few positions were recorded: the scale's dates for visitors, who may
// not read the journal.
export const RECORDED_TIMES = `
query RecordedTimes($positions: [Int!]!) {
  recordedTimes(positions: $positions) { position recordedAt }
}`;

/** The `after` that asks for the page following `page` of JOURNAL_TIMES: its end cursor. */
export function journalAfter(page) {
  return page.pageInfo.endCursor;
}

export const JOURNAL_LIVE = `
subscription JournalLive($after: Int) {
  journal(after: $after) { position recordedAt effectiveOn type actor summary }
}`;

export const CHECKPOINT = `
query Checkpoint {
  latestCheckpoint { treeSize json }
  auditPublicKeys { keyId publicKeyPem }
}`;

export const INCLUSION_PROOF = `
query InclusionProof($position: Int!, $treeSize: Int) {
  inclusionProof(position: $position, treeSize: $treeSize) {
    position leafIndex treeSize leafHash rootHash path
    checkpoint { treeSize json }
  }
}`;

// Answers only for a valid token: used to tell the user at once that a pasted one is refused.
export const WHOAMI_CHECK = `query TokenCheck { journal(first: 1) { totalCount } }`;
