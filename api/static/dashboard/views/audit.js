// The audit panel: the latest signed checkpoint, its key's fingerprint, and for any event its
// inclusion proof, fetched from the API and verified here in the browser.

import { ApiError, request } from "../graphql.js";
import { h, replace } from "../dom.js";
import { formatCount, formatDateTime } from "../format.js";
import { t } from "../i18n.js";
import { VerificationFailed, verifyCheckpoint, verifyInclusion } from "../merkle.js";
import { CHECKPOINT, INCLUSION_PROOF } from "../queries.js";
import { heading } from "./common.js";

export async function render(ctx) {
  const data = await request(CHECKPOINT);
  if (!data.latestCheckpoint) return [heading(t("audit")), h("p", {}, t("noCheckpoint"))];
  const checkpoint = JSON.parse(data.latestCheckpoint.json);
  const keys = data.auditPublicKeys;
  const signature = h("p", { id: "checkpoint-result", role: "status" });
  const fingerprint = h("code", { id: "fingerprint", class: "hash" }, "…");
  verifyCheckpoint(checkpoint, keys).then(
    (found) => {
      fingerprint.textContent = found;
      showResult(signature, null);
    },
    (error) => showResult(signature, error),
  );
  const result = h("div", { id: "proof-result", role: "status", "aria-live": "polite" });
  const position = h("input", {
    id: "event-position",
    type: "number",
    min: 1,
    required: true,
    inputmode: "numeric",
    // A pinned position is the last event of the ledger as the other views show it: the one
    // to prove, so a link to a past point checks that point against the signed log.
    value: ctx.params.get("event") ?? ctx.params.get("position") ?? "",
  });
  const pinned = ctx.params.get("position");
  const pinnedNote =
    pinned && !ctx.params.get("event")
      ? h("p", { id: "pinned-proof", class: "muted" }, t("proofAtPinned", pinned))
      : null;
  const form = h(
    "form",
    {
      class: "filters",
      onsubmit: (event) => {
        event.preventDefault();
        ctx.go({ event: position.value }, { quiet: true });
        prove(Number(position.value), checkpoint, keys, result);
      },
    },
    h(
      "div",
      { class: "field" },
      h("label", { for: "event-position" }, t("eventPosition")),
      position,
    ),
    h("div", { class: "field" }, h("button", { type: "submit" }, t("verify"))),
  );
  if (ctx.params.get("event")) prove(Number(ctx.params.get("event")), checkpoint, keys, result);
  return [
    heading(t("audit")),
    h(
      "section",
      { "aria-labelledby": "checkpoint-heading", id: "checkpoint" },
      h("h3", { id: "checkpoint-heading" }, t("checkpoint")),
      h(
        "dl",
        { class: "facts" },
        fact(t("treeSize"), formatCount(checkpoint.tree_size), "treeSize"),
        fact(t("rootHash"), h("code", { class: "hash" }, checkpoint.root_hash), "rootHash"),
        fact(t("signedAt"), formatDateTime(checkpoint.signed_at), "signedAt"),
        fact(t("keyId"), h("code", {}, checkpoint.key_id), "keyId"),
        fact(t("fingerprint"), fingerprint, "fingerprint"),
      ),
      signature,
    ),
    h(
      "section",
      { "aria-labelledby": "proof-heading" },
      h("h3", { id: "proof-heading" }, t("verifyEvent")),
      pinnedNote,
      form,
      result,
    ),
  ];
}

function fact(term, value, name) {
  return h("div", { dataset: { fact: name } }, h("dt", {}, term), h("dd", {}, value));
}

function showResult(element, error, detail = null) {
  if (error) {
    const code = error.code ?? "VERIFY_ERROR";
    element.dataset.result = "failed";
    element.dataset.code = code;
    replace(
      element,
      h("strong", { class: "bad" }, `✗ ${t("failed")}: ${code}`),
      " ",
      error.message,
    );
  } else {
    element.dataset.result = "verified";
    element.dataset.code = "";
    replace(
      element,
      h("strong", { class: "good" }, `✓ ${t("verified")}`),
      detail ? ` ${detail}` : "",
    );
  }
}

async function prove(position, checkpoint, keys, element) {
  replace(element, t("loading"));
  delete element.dataset.result;
  try {
    const data = await request(INCLUSION_PROOF, { position, treeSize: checkpoint.tree_size });
    const proof = data.inclusionProof;
    await verifyInclusion(proof, checkpoint, keys);
    showResult(element, null, t("verifiedDetail", position, formatCount(checkpoint.tree_size)));
    element.append(
      h(
        "dl",
        { class: "facts" },
        fact(t("leafIndex"), proof.leafIndex, "leafIndex"),
        fact(
          t("path"),
          h(
            "ol",
            { class: "hash-list" },
            proof.path.map((p) => h("li", {}, h("code", { class: "hash" }, p))),
          ),
          "path",
        ),
      ),
    );
  } catch (error) {
    if (error instanceof VerificationFailed || error instanceof ApiError)
      showResult(element, error);
    else showResult(element, new VerificationFailed("VERIFY_ERROR", String(error)));
  }
}
