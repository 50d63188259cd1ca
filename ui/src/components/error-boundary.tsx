import { Component, type ComponentChildren } from "preact";
import { PlatformContext, type Platform, type UiErrorReport } from "../platform";
import { t } from "../i18n";
import { useAutoFocus } from "../focus";
import { useEscape } from "../escape";

/** What the log keeps of a thrown value: anything may be thrown, not only an Error. */
export function errorReport(thrown: unknown): UiErrorReport {
  if (thrown instanceof Error) return { message: thrown.message || thrown.name, stack: thrown.stack ?? null };
  return { message: String(thrown), stack: null };
}

interface Props {
  children: ComponentChildren;
  /** After the way back was taken; the children are rendered afresh either way. */
  onBack?: () => void;
}

/**
 * A render error leaves the cashier a calm note and a way back, not a blank window;
 * the error itself goes to the app's log, where support can read it.
 */
export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  static contextType = PlatformContext;
  declare context: Platform | null;
  state = { failed: false };

  componentDidCatch(thrown: unknown) {
    this.setState({ failed: true });
    const report = errorReport(thrown);
    // If even the log cannot be written, the console (the web inspector) still has it.
    const logged = this.context ? this.context.logUiError(report) : Promise.reject(new Error("no platform"));
    logged.catch(() => console.error("Kaunter UI error, not logged:", thrown));
  }

  private back = () => {
    // The children come back mounted anew, not with the state that failed.
    this.setState({ failed: false });
    this.props.onBack?.();
  };

  render() {
    return this.state.failed ? <UiErrorNote onBack={this.back} /> : this.props.children;
  }
}

function UiErrorNote({ onBack }: { onBack: () => void }) {
  const back = useAutoFocus<HTMLButtonElement>();
  useEscape(onBack);
  return (
    <section class="panel ui-error" aria-labelledby="ui-error-title">
      <h2 id="ui-error-title">{t("ui_error_title")}</h2>
      <p role="alert">{t("ui_error_body")}</p>
      <div class="actions">
        <button type="button" class="primary" ref={back} onClick={onBack}>
          {t("ui_error_back")} <kbd>Enter</kbd>
        </button>
      </div>
    </section>
  );
}
