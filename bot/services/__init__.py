"""Services: what handlers, schedules and the CLI call. SQL lives here, not in handlers."""
