"""Operation log, change capture and (later) bundles, transports and merge."""
