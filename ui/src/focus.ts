import { useEffect, useRef } from "preact/hooks";

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
