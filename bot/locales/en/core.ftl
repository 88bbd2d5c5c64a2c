# Core messages shared by every part of dondoc (English).
app-name = dondoc
error-generic = Something went wrong. Please try again later.
settings-error = Settings are not right: { $detail }
db-upgraded = The database is now at revision { $revision }.
db-downgraded = The database is now at revision { $revision }.
yes = Yes
no = No
run-already-running = dondoc is already running on the database { $database } (process { $pid }, started { $started }). Stop that process before starting it again; other commands (import, report, …) keep working.

## A deadline on a day off, and the working day it runs to (bot/periods/wording.py)
deadline-moved = { $due } (moved to { $weekday }, { $runs_to })
deadline-moved-inline = { $due }, moved to { $weekday } { $runs_to }
