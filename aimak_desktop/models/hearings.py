"""Models of this area (filled in by the area's work)."""
