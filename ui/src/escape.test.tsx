// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { useEscape, useModalDialog } from "./escape";
import { createTestPlatform } from "./testing/platform";
import { mount, pressHere, type Mounted } from "./testing/screen";

let screen: Mounted | null = null;
afterEach(() => {
  screen?.unmount();
  screen = null;
});

function Layer({ onEscape, children }: { onEscape: (() => void) | false; children?: preact.ComponentChildren }) {
  useEscape(onEscape);
  return <div>{children}</div>;
}

function Dialog({ onClose }: { onClose: () => void }) {
  const dialog = useModalDialog(onClose);
  return <dialog ref={dialog.ref} onCancel={dialog.onCancel}>open</dialog>;
}

const show = (ui: preact.ComponentChildren) => (screen = mount(ui, createTestPlatform()));

describe("Esc", () => {
  it("goes to the layer on top only, then to the one beneath once it is gone", async () => {
    const back = vi.fn();
    const close = vi.fn();
    show(<Layer onEscape={back} />);
    const root = screen!.root;
    // The dialog comes later, over the screen, as the lookup does.
    screen = mount(<Dialog onClose={close} />, createTestPlatform());
    await pressHere("Escape");
    expect(close).toHaveBeenCalledTimes(1);
    expect(back).not.toHaveBeenCalled();

    screen.unmount();
    screen = null;
    await pressHere("Escape");
    expect(back).toHaveBeenCalledTimes(1);
    root.remove();
  });

  it("puts a child above the parent it mounted with", async () => {
    const parent = vi.fn();
    const child = vi.fn();
    show(<Layer onEscape={parent}><Layer onEscape={child} /></Layer>);
    await pressHere("Escape");
    expect(child).toHaveBeenCalledTimes(1);
    expect(parent).not.toHaveBeenCalled();
  });

  it("does nothing while the top layer is busy, and lets nothing beneath act either", async () => {
    const parent = vi.fn();
    show(<Layer onEscape={parent}><Layer onEscape={false} /></Layer>);
    await pressHere("Escape");
    expect(parent).not.toHaveBeenCalled();
  });

  it("leaves other keys alone", async () => {
    const back = vi.fn();
    show(<Layer onEscape={back} />);
    await pressHere("Enter");
    expect(back).not.toHaveBeenCalled();
  });
});
