import { useEffect, useRef, useState } from "preact/hooks";
import type { TargetedKeyboardEvent } from "preact";
import { enterHeld } from "./keys";
import { EnterGate } from "./payflow";

/**
 * Focuses the element once it is on screen. The `autofocus` attribute only acts on
 * page load, and every screen here is rendered later, so keyboard-first flows (Enter
 * to pay, Enter for the next sale) need this.
 */
export function useAutoFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

/**
 * For a button whose Enter must be a deliberate, fresh press (Pay, Replace the file):
 * focuses it once it is painted and only then lets Enter act (see `EnterGate`); again
 * whenever `deps` change what the cashier is looking at. Give the button `ref` and
 * `onKeyDown={onEnter(action)}`; a click acts as usual.
 */
export function useDeliberateEnter<T extends HTMLElement>(deps: readonly unknown[] = []) {
  const ref = useRef<T>(null);
  const gate = useRef(new EnterGate());
  const [armed, setArmed] = useState(false);

  useEffect(() => {
    gate.current.disarm();
    setArmed(false);
    // The second frame callback runs once the first frame showing the change is painted.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        ref.current?.focus();
        gate.current.arm(performance.now(), enterHeld());
        setArmed(true);
      });
    });
    return () => cancelAnimationFrame(frame);
  }, deps);

  useEffect(() => {
    const onKeyUp = (e: KeyboardEvent) => e.key === "Enter" && gate.current.keyUp();
    window.addEventListener("keyup", onKeyUp);
    return () => window.removeEventListener("keyup", onKeyUp);
  }, []);

  // Enter is taken here, not left to the button's default click, which would also fire
  // for the Enter (or its auto-repeat) that brought the button up.
  const onEnter = (action: () => void) => (e: TargetedKeyboardEvent<T>) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    if (gate.current.allows(e)) action();
  };
  return { ref, armed, onEnter };
}
