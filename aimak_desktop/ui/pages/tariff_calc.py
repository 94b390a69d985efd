"""A page of this area (filled in by the area's work; registers itself with register_page)."""
