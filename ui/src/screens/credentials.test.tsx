// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CredentialsForm } from "./settings";
import { createTestPlatform, refuse, type TestPlatform } from "../testing/platform";
import { button, click, field, mount, settle, textOf, type, waitFor, type Mounted } from "../testing/screen";
import { setLanguage, t } from "../i18n";
import type { CredentialStatus } from "../types";

const none: CredentialStatus = {
  environment: "staging",
  source: "none",
  kind: null,
  api_key_prefix: null,
  has_secret: false,
  username: null,
  id_token_expires_at: null,
};
const signedIn: CredentialStatus = {
  ...none,
  source: "keychain",
  kind: "login",
  username: "merchant@example.com",
  // 14:05 in Malaysia.
  id_token_expires_at: "2026-12-01T06:05:00Z",
};

const unlocked = {
  supervisor: { status: { pin: "skipped" as const, tries_left: 5 }, unlocked_seconds: 300 },
  onSupervisor: () => {},
  onUnlockEnded: () => {},
};

let platform: TestPlatform;
let screen: Mounted;
let shown: CredentialStatus;

function show(status: CredentialStatus) {
  shown = status;
  screen = mount(<CredentialsForm status={status} current={true} unlocked={unlocked} onChange={(s) => (shown = s)} />, platform);
}

/** The legacy sign-in chosen, as the arrow keys or a click on its radio choose it. */
async function chooseLogin() {
  await click(field(screen.root, t("kind_login")) as HTMLInputElement);
}

beforeEach(() => {
  setLanguage("en");
  platform = createTestPlatform({});
});
afterEach(() => screen.unmount());

describe("the credentials form", () => {
  it("offers the API key first, recommended, and the legacy sign-in second", () => {
    show(none);
    const key = field(screen.root, "API key and secret (recommended)") as HTMLInputElement;
    const login = field(screen.root, "User name and password (legacy ID token)") as HTMLInputElement;
    expect([key.type, key.checked, login.type, login.checked]).toEqual(["radio", true, "radio", false]);
    expect(key.name).toBe(login.name);
    expect(field(screen.root, "API key")).toBeTruthy();
  });

  it("signs in with a user name and a write-only password, and says who is signed in", async () => {
    show(none);
    await chooseLogin();
    const password = field(screen.root, "Password") as HTMLInputElement;
    expect(password.type).toBe("password");
    expect(password.value).toBe("");
    platform.script("signIn", (_env, username) => ({ ...signedIn, username }));
    await type(field(screen.root, "User name"), " merchant@example.com ");
    await type(password, "s3cret pass");
    await click(button(screen.root, "Sign in"));
    await waitFor(() => expect(textOf(screen.root)).toContain("Signed in"));
    expect(platform.callsTo("signIn")).toEqual([["staging", "merchant@example.com", "s3cret pass"]]);
    expect(password.value).toBe("");
    expect(shown.kind).toBe("login");
  });

  it("names the empty field and sends nothing", async () => {
    show(none);
    await chooseLogin();
    await type(field(screen.root, "User name"), "merchant");
    await click(button(screen.root, "Sign in"));
    await settle();
    expect(platform.callsTo("signIn")).toEqual([]);
    expect(field(screen.root, "Password").getAttribute("aria-invalid")).toBe("true");
  });

  it("says a refused password in words and empties the field", async () => {
    show(none);
    await chooseLogin();
    platform.script("signIn", refuse({ kind: "auth", auth: "wrong_password" }));
    await type(field(screen.root, "User name"), "merchant");
    const password = field(screen.root, "Password") as HTMLInputElement;
    await type(password, "wrong");
    await click(button(screen.root, "Sign in"));
    await waitFor(() => expect(textOf(screen.root)).toContain("IIMMPACT refused the user name or password"));
    expect(password.value).toBe("");
  });

  it("shows a stored sign-in with its token's end, and signs out", async () => {
    show(signedIn);
    expect((field(screen.root, t("kind_login")) as HTMLInputElement).checked).toBe(true);
    expect(textOf(screen.root)).toContain("Signed in as merchant@example.com; the current token lasts until 14:05");
    platform.script("clearCredentials", none);
    await click(button(screen.root, "Sign out"));
    await waitFor(() => expect(platform.callsTo("clearCredentials")).toEqual([["staging"]]));
    expect(shown.kind).toBe(null);
  });

  it("has every word of the sign-in in Bahasa Malaysia too", () => {
    for (const key of ["kind_api_key", "kind_login", "username", "password", "login_hint", "sign_in", "sign_out", "not_signed_in", "signed_in"] as const) {
      expect(t(key, {}, "ms")).not.toBe(t(key, {}, "en"));
    }
    expect(t("signed_in_as", { name: "a", time: "b" }, "ms")).toBe("Log masuk sebagai a; token semasa sah hingga b");
  });
});
