"""Chat commands and conversational forms, written once for every channel.

`dispatcher.Dispatcher` is the one entry point: it looks the person up, checks the role, and routes
a command, a choice or an answer to the active form. Commands are listed in `commands.py`; forms
declare their steps in `forms/` (the status update in `forms/update.py`).
"""
