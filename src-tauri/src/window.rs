//! The window opens at its configured 1280×800. A 1366×768 office screen is shorter
//! than that, so there the counter takes the whole screen instead of hanging off the
//! bottom edge.

use tauri::{AppHandle, LogicalSize, Manager, Runtime, WebviewWindow};

pub fn fit_to_screen(window: &WebviewWindow) -> tauri::Result<()> {
    // Before it is first shown the window has no size and is on no monitor, so the
    // configured size is compared with the primary monitor.
    let Some(config) = window
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == window.label())
    else {
        return Ok(());
    };
    let monitor = match window.current_monitor()? {
        Some(monitor) => Some(monitor),
        None => window.primary_monitor()?,
    };
    let Some(monitor) = monitor else {
        return Ok(());
    };
    let screen = *monitor.size();
    let wanted =
        LogicalSize::new(config.width, config.height).to_physical::<u32>(monitor.scale_factor());
    if wanted.width > screen.width || wanted.height > screen.height {
        // Maximised, the window keeps clear of the taskbar; with no window manager
        // (a kiosk session, Xvfb) maximising does nothing, hence the screen size first.
        window.set_size(screen)?;
        window.maximize()?;
    }
    Ok(())
}

/// A second launch (a cashier double-clicking the icon again) exits and brings this
/// window forward instead: two counters would each follow and re-check the same open
/// payments, and two windows invite paying twice.
pub fn bring_forward<R: Runtime>(app: &AppHandle<R>) {
    let Some(main) = app.get_webview_window("main") else {
        return;
    };
    // Each step is best-effort: a window manager may refuse focus, and the window is
    // still there to be clicked.
    let _ = main.show();
    let _ = main.unminimize();
    let _ = main.set_focus();
}
