"""The sync page's parts: targets, conflicts and quarantine views, key dialogs, the scheduler."""
