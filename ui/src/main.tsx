import { render } from "preact";
import { App } from "./app";
import { watchEnter } from "./keys";
import "./styles.css";

watchEnter(window);
render(<App />, document.getElementById("app")!);
