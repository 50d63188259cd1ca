import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";

// Esc goes back one step, and only one: the layer on top (a dialog over a screen, the
// confirm step over the sale) takes it, never the layers beneath as well. Layers are
// ranked by when they first rendered, which is parent before child and earlier before
// later, so the newest, innermost one is on top however effects happen to be ordered.
interface Layer {
  rank: number;
  act: (() => void) | null;
}

const layers: Layer[] = [];
let rendered = 0;

function onKeyDown(e: KeyboardEvent) {
  if (e.key !== "Escape" || layers.length === 0) return;
  // A modal <dialog> would otherwise also close itself, behind the back of the state that shows it.
  e.preventDefault();
  layers[layers.length - 1].act?.();
}

/**
 * Runs `action` when Esc is pressed while this component is the top layer. A falsy
 * `action` (busy sending, nothing to go back from) keeps Esc from the layers beneath
 * without doing anything.
 */
export function useEscape(action: (() => void) | null | false): void {
  const [rank] = useState(() => ++rendered);
  const layer = useRef<Layer>({ rank, act: null });
  // The latest action, so a re-render never re-registers and loses its place.
  layer.current.act = action || null;

  // Registered as soon as the layer is on screen, not a frame later: an Esc pressed at
  // once belongs to what the cashier now sees.
  useLayoutEffect(() => {
    const me = layer.current;
    const at = layers.findIndex((l) => l.rank > me.rank);
    layers.splice(at < 0 ? layers.length : at, 0, me);
    if (layers.length === 1) window.addEventListener("keydown", onKeyDown);
    return () => {
      layers.splice(layers.indexOf(me), 1);
      if (layers.length === 0) window.removeEventListener("keydown", onKeyDown);
    };
  }, []);
}

/**
 * A modal <dialog> shown while the component is on screen, closed by Esc through
 * `useEscape` like every other layer. Give the dialog `ref` and `onCancel`: its own
 * Esc handling is turned off so that it closes only when the state that shows it says so.
 */
export function useModalDialog(onEscape: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => ref.current?.showModal(), []);
  useEscape(onEscape);
  return { ref, onCancel: (e: Event) => e.preventDefault() };
}
