import { render } from "preact";
import { App } from "./app";
import { PlatformProvider } from "./platform";
import { createTauriPlatform } from "./platform-tauri";
import { ErrorBoundary } from "./components/error-boundary";
import { watchEnter } from "./keys";
import "./styles.css";

watchEnter(window);
// The outer boundary catches what the screens' own cannot (the header, the lookup, the
// receipt): its way back starts the whole app afresh, on the counter.
render(
  <PlatformProvider platform={createTauriPlatform()}>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </PlatformProvider>,
  document.getElementById("app")!,
);
