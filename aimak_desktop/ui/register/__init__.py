"""The register page's parts: the lazy table model, the filters bar, the household card."""
