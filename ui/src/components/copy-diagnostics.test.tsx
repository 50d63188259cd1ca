// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { CopyDiagnostics } from "./copy-diagnostics";
import { createTestPlatform, refuse, type Replies, type TestPlatform } from "../testing/platform";
import { button, click, mount, settle, textOf, waitFor, type Mounted } from "../testing/screen";
import { setLanguage } from "../i18n";

const REPORT = "Kaunter diagnostics\nApp version: 0.1.0\nEnvironment: Demo\n";

let screen: Mounted;
let platform: TestPlatform;

function start(replies: Replies = {}) {
  platform = createTestPlatform({ diagnostics: REPORT, ...replies });
  screen = mount(<CopyDiagnostics />, platform);
}

afterEach(() => {
  screen.unmount();
  setLanguage("en");
});

const copyButton = () => button(screen.root, "Copy diagnostics");

describe("Copy diagnostics", () => {
  it("copies the core's report within the click and says so", async () => {
    start();
    await waitFor(() => expect(copyButton().disabled).toBe(false));
    copyButton().click();
    // Nothing awaited between the click and the write: WebKit refuses a write made later.
    expect(platform.callsTo("copyText")).toEqual([[REPORT]]);
    await waitFor(() => expect(textOf(screen.root)).toContain("Diagnostics copied: paste them into your message to support."));
    // Asked again for the next copy, with the log as it is then.
    await waitFor(() => expect(platform.callsTo("diagnostics")).toHaveLength(2));
  });

  it("waits for the report before it can copy", async () => {
    let answer: (text: string) => void = () => {};
    start({ diagnostics: () => new Promise<string>((resolve) => (answer = resolve)) });
    await settle();
    expect(copyButton().disabled).toBe(true);
    answer(REPORT);
    await waitFor(() => expect(copyButton().disabled).toBe(false));
  });

  it("shows the report, selected, when the clipboard refuses it", async () => {
    start({ copyText: refuse({ kind: "internal", detail: "NotAllowedError" }) });
    await waitFor(() => expect(copyButton().disabled).toBe(false));
    await click(copyButton());
    await waitFor(() => expect(textOf(screen.root)).toContain("Could not copy to the clipboard: select the text below and copy it with Ctrl+C."));
    const shown = screen.root.querySelector("textarea")!;
    expect(shown.value).toBe(REPORT);
    expect(shown.readOnly).toBe(true);
    await waitFor(() => expect([shown.selectionStart, shown.selectionEnd]).toEqual([0, REPORT.length]));
    expect(textOf(screen.root)).not.toContain("Diagnostics copied");
  });

  it("says why when the report cannot be made", async () => {
    start({ diagnostics: refuse({ kind: "internal", detail: "no home directory" }) });
    await waitFor(() => expect(screen.root.querySelector("[role=alert]")).not.toBeNull());
    expect(copyButton().disabled).toBe(true);
  });

  it("speaks Bahasa Malaysia too", async () => {
    setLanguage("ms");
    start();
    await waitFor(() => expect(button(screen.root, "Salin diagnostik").disabled).toBe(false));
    await click(button(screen.root, "Salin diagnostik"));
    await waitFor(() => expect(textOf(screen.root)).toContain("Diagnostik disalin: tampalkannya ke dalam mesej anda kepada pihak sokongan."));
  });
});
