// Checking the ledger's proofs in the browser, trusting neither the server nor the network:
// RFC 9162 §2.1.3.2 inclusion proofs over SHA-256, and the checkpoint's Ed25519 signature over
// the text docs/AUDITORS.md defines. Each failure has a stable code.

export class VerificationFailed extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const HEX = /^[0-9a-f]*$/;
// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the raw key's 32 bytes follow.
const ED25519_SPKI_PREFIX = "302a300506032b6570032100";

export function hexToBytes(hex, expectedLength = null) {
  if (typeof hex !== "string" || hex.length % 2 || !HEX.test(hex)) {
    throw new VerificationFailed("PROOF_MALFORMED", `not lower-case hex: ${hex}`);
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  if (expectedLength !== null && bytes.length !== expectedLength) {
    throw new VerificationFailed("PROOF_MALFORMED", `expected ${expectedLength} bytes`);
  }
  return bytes;
}

export function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256(...parts) {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest("SHA-256", joined));
}

const NODE_PREFIX = Uint8Array.of(0x01);

/** The root an inclusion proof leads to (RFC 9162 §2.1.3.2), as bytes. */
export async function rootFromInclusion(leafIndex, treeSize, leafHashHex, pathHex) {
  if (
    !Number.isInteger(leafIndex) ||
    !Number.isInteger(treeSize) ||
    leafIndex < 0 ||
    leafIndex >= treeSize
  ) {
    throw new VerificationFailed("PROOF_MALFORMED", "the leaf index is outside the tree");
  }
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = hexToBytes(leafHashHex, 32);
  for (const hex of pathHex) {
    const p = hexToBytes(hex, 32);
    if (sn === 0) throw new VerificationFailed("PROOF_MALFORMED", "the path is too long");
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(NODE_PREFIX, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await sha256(NODE_PREFIX, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new VerificationFailed("PROOF_MALFORMED", "the path is too short");
  return r;
}

/** The bytes a checkpoint's signature covers (docs/AUDITORS.md, "Checkpoints"). */
export function checkpointText(checkpoint) {
  return new TextEncoder().encode(
    `${checkpoint.format}\norigin: ${checkpoint.origin}\ntree_size: ${checkpoint.tree_size}\n` +
      `root_hash: ${checkpoint.root_hash}\ntime: ${checkpoint.signed_at}\n`,
  );
}

/** The raw 32-byte Ed25519 key inside a SubjectPublicKeyInfo PEM. */
export function rawKeyFromPem(pem) {
  const base64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const der = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  if (der.length !== 44 || bytesToHex(der.slice(0, 12)) !== ED25519_SPKI_PREFIX) {
    throw new VerificationFailed("KEY_UNTRUSTED", "not an Ed25519 public key");
  }
  return der.slice(12);
}

/** SHA-256 of the raw key, hex: the fingerprint; its first 16 digits are the key id. */
export async function keyFingerprint(rawKey) {
  return bytesToHex(await sha256(rawKey));
}

/** Checks the checkpoint's signature by the key its key_id names; throws on failure. */
export async function verifyCheckpoint(checkpoint, keys) {
  const entry = keys.find((k) => k.keyId === checkpoint.key_id);
  if (!entry) throw new VerificationFailed("KEY_UNTRUSTED", `no public key ${checkpoint.key_id}`);
  const raw = rawKeyFromPem(entry.publicKeyPem);
  const fingerprint = await keyFingerprint(raw);
  if (fingerprint.slice(0, 16) !== checkpoint.key_id) {
    throw new VerificationFailed("KEY_UNTRUSTED", "the key does not match its id");
  }
  const key = await crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]);
  let signature;
  try {
    signature = hexToBytes(checkpoint.signature, 64);
  } catch {
    throw new VerificationFailed(
      "CHECKPOINT_SIGNATURE_INVALID",
      "the signature is not 64 bytes of hex",
    );
  }
  const valid = await crypto.subtle.verify(
    { name: "Ed25519" },
    key,
    signature,
    checkpointText(checkpoint),
  );
  if (!valid)
    throw new VerificationFailed("CHECKPOINT_SIGNATURE_INVALID", "the signature does not verify");
  return fingerprint;
}

/**
 * Verifies that the proof's leaf is in the log the signed checkpoint describes: the path leads
 * to the checkpoint's root at the checkpoint's size, and the checkpoint's signature holds.
 */
export async function verifyInclusion(proof, checkpoint, keys) {
  if (!checkpoint)
    throw new VerificationFailed("CHECKPOINT_MISSING", "no signed checkpoint covers the event");
  if (proof.treeSize !== checkpoint.tree_size) {
    throw new VerificationFailed("TREE_SIZE_MISMATCH", "the proof is for another tree size");
  }
  const root = await rootFromInclusion(proof.leafIndex, proof.treeSize, proof.leafHash, proof.path);
  if (bytesToHex(root) !== checkpoint.root_hash) {
    throw new VerificationFailed("ROOT_MISMATCH", "the path does not lead to the signed root");
  }
  return verifyCheckpoint(checkpoint, keys);
}
