// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { useState } from "preact/hooks";
import { ErrorBoundary } from "./error-boundary";
import { setLanguage } from "../i18n";
import { createTestPlatform, refuse, type TestPlatform } from "../testing/platform";
import { button, click, mount, pressHere, settle, textOf, waitFor, type Mounted } from "../testing/screen";

let screen: Mounted;
let platform: TestPlatform;

/** Fails to render while `failing.now` says so: a way back should then find it working. */
const TRIM = "Cannot read properties of undefined (reading 'trim')";
const failing = { now: true, thrown: null as unknown };
function Fragile() {
  const [clicks, setClicks] = useState(0);
  // Made here, so its stack names this component as a real render error's would.
  if (failing.now) throw (failing.thrown = failing.thrown ?? new Error(TRIM));
  return <button type="button" onClick={() => setClicks(clicks + 1)}>Clicked {clicks}</button>;
}

function show(onBack = () => {}) {
  screen = mount(<ErrorBoundary onBack={onBack}><Fragile /></ErrorBoundary>, platform);
}

afterEach(() => {
  screen.unmount();
  setLanguage("en");
  failing.now = true;
  failing.thrown = null;
});

describe("the error boundary", () => {
  it("shows a calm note with the way back focused, and logs the error with its stack", async () => {
    platform = createTestPlatform();
    show();
    await waitFor(() => expect(textOf(screen.root)).toContain("This screen could not be shown"));
    expect(textOf(screen.root)).toContain("No payment is lost");
    await waitFor(() => expect(document.activeElement).toBe(button(screen.root, "Back to the counter Enter")));
    expect(platform.callsTo("logUiError")).toEqual([
      [{ message: TRIM, stack: expect.stringContaining("Fragile") }],
    ]);
  });

  it("speaks the cashier's language", async () => {
    platform = createTestPlatform();
    setLanguage("ms");
    show();
    await waitFor(() => expect(textOf(screen.root)).toContain("Skrin ini tidak dapat dipaparkan"));
    button(screen.root, "Kembali ke kaunter Enter");
  });

  it("goes back on the button, rendering the children afresh", async () => {
    platform = createTestPlatform();
    const onBack = vi.fn();
    show(onBack);
    const back = await waitFor(() => button(screen.root, "Back to the counter Enter"));
    failing.now = false;
    await click(back);
    expect(onBack).toHaveBeenCalledTimes(1);
    await waitFor(() => button(screen.root, "Clicked 0"));
  });

  it("goes back on Esc", async () => {
    platform = createTestPlatform();
    const onBack = vi.fn();
    show(onBack);
    await waitFor(() => button(screen.root, "Back to the counter Enter"));
    failing.now = false;
    await pressHere("Escape");
    expect(onBack).toHaveBeenCalledTimes(1);
    await waitFor(() => button(screen.root, "Clicked 0"));
  });

  it("logs a thrown value that is not an Error, without a stack", async () => {
    platform = createTestPlatform();
    failing.thrown = "bad state";
    show();
    await waitFor(() => expect(platform.callsTo("logUiError")).toEqual([[{ message: "bad state", stack: null }]]));
  });

  it("still shows the note when the log cannot be written, and leaves the error in the console", async () => {
    platform = createTestPlatform({ logUiError: refuse({ kind: "storage", detail: "No space left on device (os error 28)" }) });
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    show();
    await waitFor(() => expect(consoleError).toHaveBeenCalledWith("Kaunter UI error, not logged:", failing.thrown));
    expect(textOf(screen.root)).toContain("This screen could not be shown");
    consoleError.mockRestore();
    await settle();
  });
});
