//! The window opens at 1280×800; a 1366×768 office screen is shorter than that, so
//! there it fills the screen instead of hanging off the bottom edge.

use tauri::{PhysicalSize, WebviewWindow};

pub fn fit_to_screen(window: &WebviewWindow) -> tauri::Result<()> {
    let (Some(monitor), size) = (window.current_monitor()?, window.outer_size()?) else {
        return Ok(());
    };
    let screen = monitor.size();
    if size.width > screen.width || size.height > screen.height {
        window.set_size(PhysicalSize::new(
            size.width.min(screen.width),
            size.height.min(screen.height),
        ))?;
    }
    Ok(())
}
