// Who the visitor is: anonymous, or the holder of a token pasted into the page. The token lives
// in sessionStorage, so it leaves with the tab. Its claims are read only to greet the user and
// to pick their unit by default; the server checks the token on every request.

const KEY = "khuyencong.token";
const UNIT_ROLES = new Set(["district", "commune"]);

function decodeClaims(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

export const session = {
  token() {
    return sessionStorage.getItem(KEY);
  },
  signIn(token) {
    sessionStorage.setItem(KEY, token.trim());
  },
  signOut() {
    sessionStorage.removeItem(KEY);
  },
  /** { subject, role, unit } of the token, or null when anonymous. */
  who() {
    const token = this.token();
    if (!token) return null;
    const claims = decodeClaims(token) ?? {};
    return { subject: claims.sub ?? "?", role: claims.role ?? "?", unit: claims.unit ?? null };
  },
  /** The unit a district or commune user sees by default. */
  defaultUnit() {
    const who = this.who();
    return who && UNIT_ROLES.has(who.role) ? who.unit : null;
  },
};
