//! The window opens at its configured 1280×800. A 1366×768 office screen is shorter
//! than that, so there the counter takes the whole screen instead of hanging off the
//! bottom edge.

use tauri::{LogicalSize, Manager, WebviewWindow};

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
