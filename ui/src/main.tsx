import { render } from "preact";
import { App } from "./app";
import { PlatformProvider } from "./platform";
import { createTauriPlatform } from "./platform-tauri";
import { watchEnter } from "./keys";
import "./styles.css";

watchEnter(window);
render(
  <PlatformProvider platform={createTauriPlatform()}>
    <App />
  </PlatformProvider>,
  document.getElementById("app")!,
);
