"""The dashboard (home page) and the mentor comparison view: tiles, charts, loaders."""
