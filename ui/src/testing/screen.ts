// Rendering a screen into the test's DOM and using it as a cashier would: by the
// labels and button words on screen, so a test breaks when what the cashier sees does.
import { h, render, type ComponentChildren } from "preact";
import { PlatformProvider, type Platform } from "../platform";

export interface Mounted {
  root: HTMLElement;
  unmount(): void;
}

export function mount(ui: ComponentChildren, platform: Platform): Mounted {
  const root = document.createElement("div");
  document.body.append(root);
  render(h(PlatformProvider, { platform, children: ui }), root);
  return {
    root,
    unmount: () => {
      render(null, root);
      root.remove();
    },
  };
}

/**
 * Retries `check` until it stops throwing: replies, re-renders and effects all land a
 * little later than the event that caused them.
 */
export async function waitFor<T>(check: () => T, timeoutMs = 1500): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** Lets pending replies and renders land, for asserting that something did not happen. */
export const settle = () => new Promise((r) => setTimeout(r, 50));

const words = (el: Element) => (el.textContent ?? "").replace(/\s+/g, " ").trim();
const matches = (text: string, name: string | RegExp) => (typeof name === "string" ? text === name : name.test(text));

/** The form control a visible label names. */
export function field(root: ParentNode, label: string | RegExp): HTMLInputElement | HTMLSelectElement {
  const found = [...root.querySelectorAll("label")].filter((l) => matches(words(l), label));
  if (found.length !== 1) throw new Error(`expected one label ${label}, found ${found.length}`);
  const control = found[0].htmlFor ? document.getElementById(found[0].htmlFor) : found[0].querySelector("input, select");
  if (!control) throw new Error(`label ${label} names no control`);
  return control as HTMLInputElement | HTMLSelectElement;
}

/** The one button whose words (its <kbd> hint included) match. */
export function button(root: ParentNode, name: string | RegExp): HTMLButtonElement {
  const found = [...root.querySelectorAll("button")].filter((b) => matches(words(b), name));
  if (found.length !== 1) throw new Error(`expected one button ${name}, found ${found.length}: ${[...root.querySelectorAll("button")].map(words).join(" | ")}`);
  return found[0];
}

export function queryButton(root: ParentNode, name: string | RegExp): HTMLButtonElement | null {
  return [...root.querySelectorAll("button")].find((b) => matches(words(b), name)) ?? null;
}

/** All the words on screen, spaces collapsed. */
export const textOf = (root: Element) => words(root);

// Each act lets Preact render before the next, as the cashier's separate keystrokes
// and clicks would: a handler must see the state the previous one left.
const rendered = () => new Promise((r) => setTimeout(r, 0));

export async function type(control: HTMLInputElement | HTMLSelectElement, value: string): Promise<void> {
  control.value = value;
  control.dispatchEvent(new Event("input", { bubbles: true }));
  await rendered();
}

export async function choose(select: HTMLSelectElement, value: string): Promise<void> {
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
  await rendered();
}

export async function press(target: EventTarget, key: string): Promise<void> {
  target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
  await rendered();
}

/** A key pressed where the cashier is: on the focused element, as a real keystroke lands. */
export const pressHere = (key: string) => press(document.activeElement ?? document.body, key);

export async function click(target: HTMLElement): Promise<void> {
  target.click();
  await rendered();
}
