"""Widgets of the hearings, feedback and surveys pages (dialogs, tabs, table models)."""
