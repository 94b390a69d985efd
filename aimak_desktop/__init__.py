"""Aimak Desktop: offline-first office program for village municipalities (aiyl okmotu)."""

__version__ = "0.1.0"
APP_NAME = "Aimak Desktop"
