import { useEffect, useRef, useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import { usePlatform } from "../platform";
import { t } from "../i18n";
import { useAutoFocus } from "../focus";
import { useEscape } from "../escape";
import { refusalNote } from "../supervisor";
import { ErrorNote } from "../components/error-note";
import type { ErrorPayload, Supervisor, SupervisorStatus } from "../types";

/** What Settings may do with the unlock it was let in with. */
export interface Unlocked {
  supervisor: Supervisor;
  /** The PIN was set, changed or skipped. */
  onSupervisor: (s: Supervisor) => void;
  /** A guarded call was refused `supervisor_required` (the 5 minutes ended): ask again. */
  onUnlockEnded: () => void;
}

type Phase =
  | { kind: "checking" }
  | { kind: "ask"; status: SupervisorStatus; note: string | null; error: ErrorPayload | null }
  | { kind: "open"; supervisor: Supervisor }
  | { kind: "failed"; error: ErrorPayload };

/**
 * Settings behind the supervisor PIN. Entering asks for it when one is set (no PIN, no
 * question); the unlock is held by the shell and dropped again when Settings is left.
 */
export function SupervisorGate({ onLeave, children }: { onLeave: () => void; children: (u: Unlocked) => ComponentChildren }) {
  const api = usePlatform();
  const [phase, setPhase] = useState<Phase>({ kind: "checking" });
  // An answer that arrives after Settings was left must not leave an unlock behind.
  const here = useRef(true);

  const open = (supervisor: Supervisor) => {
    if (here.current) setPhase({ kind: "open", supervisor });
    else void api.supervisorLock();
  };

  const enter = async (note: string | null = null) => {
    setPhase({ kind: "checking" });
    try {
      const current = await api.supervisorStatus();
      if (current.status.pin === "set") setPhase({ kind: "ask", status: current.status, note, error: null });
      else open(await api.supervisorVerify(null));
    } catch (err) {
      setPhase({ kind: "failed", error: err as ErrorPayload });
    }
  };

  useEffect(() => {
    here.current = true;
    void enter();
    return () => {
      here.current = false;
      void api.supervisorLock().catch(() => {});
    };
  }, []);

  const tryPin = async (status: SupervisorStatus, pin: string) => {
    try {
      open(await api.supervisorVerify(pin));
    } catch (err) {
      const error = err as ErrorPayload;
      try {
        const after = (await api.supervisorStatus()).status;
        const note = refusalNote(status, after, error);
        setPhase({ kind: "ask", status: after, note, error: note ? null : error });
      } catch (again) {
        setPhase({ kind: "ask", status, note: null, error: again as ErrorPayload });
      }
    }
  };

  switch (phase.kind) {
    case "checking":
      return <p class="muted" aria-busy="true">{t("supervisor_checking")}</p>;
    case "failed":
      return <ErrorNote error={phase.error} />;
    case "ask":
      return <PinPrompt note={phase.note} error={phase.error} onPin={(pin) => tryPin(phase.status, pin)} onLeave={onLeave} />;
    case "open":
      return children({
        supervisor: phase.supervisor,
        onSupervisor: (supervisor) => setPhase({ kind: "open", supervisor }),
        onUnlockEnded: () => void enter(t("supervisor_ended")),
      });
  }
}

function PinPrompt({ note, error, onPin, onLeave }: { note: string | null; error: ErrorPayload | null; onPin: (pin: string) => Promise<void>; onLeave: () => void }) {
  const input = useAutoFocus<HTMLInputElement>();
  const [pin, setPin] = useState("");
  const [busy, setBusy] = useState(false);

  useEscape(onLeave);

  // A refused try empties the field and puts the cursor back for the next.
  useEffect(() => {
    setPin("");
    input.current?.focus();
  }, [note, error]);

  return (
    <form
      class="panel pin-prompt"
      aria-labelledby="pin-prompt-title"
      onSubmit={async (e) => {
        e.preventDefault();
        if (busy) return;
        setBusy(true);
        await onPin(pin);
        setBusy(false);
      }}
    >
      <h2 id="pin-prompt-title">{t("settings_title")}</h2>
      <p id="pin-prompt-hint">{t("supervisor_prompt")}</p>
      <div class="field">
        <label for="supervisor-pin">{t("supervisor_pin")}</label>
        <input
          id="supervisor-pin"
          ref={input}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          aria-describedby="pin-prompt-hint pin-forgot"
          aria-invalid={note !== null || error !== null || undefined}
          value={pin}
          onInput={(e) => setPin(e.currentTarget.value)}
        />
      </div>
      {note && <p class="banner error pin-refusal" role="alert">{note}</p>}
      <ErrorNote error={error} />
      <div class="actions">
        <button type="button" onClick={onLeave}><kbd>Esc</kbd> {t("back")}</button>
        <button type="submit" class="primary" disabled={busy}>{busy ? t("supervisor_checking") : t("supervisor_unlock")} <kbd>Enter</kbd></button>
      </div>
      <p id="pin-forgot" class="muted">{t("supervisor_forgot")}</p>
    </form>
  );
}

/**
 * The PIN itself, inside Settings: on first use the choice of a PIN or none (a shop of
 * one), later a new PIN. Typed twice, since a mistyped one locks the supervisor out.
 */
export function SupervisorPanel({ supervisor, onSupervisor, onUnlockEnded }: Unlocked) {
  const api = usePlatform();
  const choice = supervisor.status.pin;
  const [pin, setPin] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (choice === "not_chosen") first.current?.focus();
  }, []);

  const act = async (action: () => Promise<Supervisor>) => {
    setBusy(true);
    try {
      const next = await action();
      setPin("");
      setAgain("");
      setError(null);
      onSupervisor(next);
    } catch (err) {
      const refusal = err as ErrorPayload;
      if (refusal.kind === "supervisor_required") onUnlockEnded();
      else setError(refusal);
    } finally {
      setBusy(false);
    }
  };

  const setNew = () =>
    act(async () => {
      if (pin !== again) throw { kind: "invalid", field: "pin_again", problem: { code: "mismatch" } } satisfies ErrorPayload;
      return api.supervisorSet(pin);
    });

  const said = { not_chosen: "supervisor_first_use", skipped: "supervisor_skipped", set: "supervisor_pin_set" } as const;
  return (
    <section class={`panel supervisor-panel${choice === "not_chosen" ? " first-use" : ""}`} aria-labelledby="supervisor-title">
      <h3 id="supervisor-title">{t("supervisor_title")}</h3>
      <p class="supervisor-choice" data-choice={choice}>{t(said[choice])}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void setNew();
        }}
      >
        <div class="row">
          <div class="field">
            <label for="new-pin">{t("supervisor_new_pin")}</label>
            <input id="new-pin" ref={first} type="password" inputMode="numeric" autoComplete="new-password" value={pin} aria-invalid={error?.field === "pin" || undefined} onInput={(e) => setPin(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="new-pin-again">{t("supervisor_repeat_pin")}</label>
            <input id="new-pin-again" type="password" inputMode="numeric" autoComplete="new-password" value={again} aria-invalid={error?.field === "pin_again" || undefined} onInput={(e) => setAgain(e.currentTarget.value)} />
          </div>
        </div>
        <ErrorNote error={error} />
        <div class="actions">
          {choice === "not_chosen" && (
            <button type="button" class="skip-pin" disabled={busy} onClick={() => void act(api.supervisorSkip)}>{t("supervisor_skip")}</button>
          )}
          <button type="submit" class="primary set-pin" disabled={busy}>{choice === "set" ? t("supervisor_change") : t("supervisor_set")}</button>
        </div>
      </form>
    </section>
  );
}
